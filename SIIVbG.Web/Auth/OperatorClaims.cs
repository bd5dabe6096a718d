using System.Security.Claims;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Operators;

namespace SIIVbG.Web.Auth;

/// <summary>Claims the portal's cookie carries. Built from our operator registry, not from ClaveÚnica's token.</summary>
public static class OperatorClaims
{
    public const string OperatorId = "siivbg:operator";
    public const string Run = "siivbg:run";
    public const string Level = "siivbg:level";
    public const string ScopeKind = "siivbg:scope-kind";
    public const string ScopeCode = "siivbg:scope-code";
    public const string AgreementAccepted = "siivbg:agreement";
    public const string Functions = "siivbg:admin-functions";

    public static ClaimsPrincipal CreatePrincipal(OperatorStanding op, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(OperatorId, op.Id.ToString()),
            new(Run, op.Run),
            new(ClaimTypes.Name, op.FullName),
            new(Level, op.Level.ToString()),
            new(ScopeKind, op.ScopeKind.ToString()),
        };
        if (op.ScopeCode is not null) claims.Add(new Claim(ScopeCode, op.ScopeCode));
        if (op.AgreementAcceptedAt is not null) claims.Add(new Claim(AgreementAccepted, "true"));
        if (op.Functions != AdminFunctions.None) claims.Add(new Claim(Functions, ((int)op.Functions).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, null));
    }

    /// <summary>The operator the principal stands for, or null when it is not a complete operator principal.</summary>
    public static SignedInOperator? ToOperator(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        if (!Guid.TryParse(principal.FindFirstValue(OperatorId), out var id)) return null;
        if (!Enum.TryParse<AccessLevel>(principal.FindFirstValue(Level), out var level)) return null;
        if (!Enum.TryParse<Domain.Access.ScopeKind>(principal.FindFirstValue(ScopeKind), out var scope)) return null;
        var run = principal.FindFirstValue(Run);
        var functions = int.TryParse(principal.FindFirstValue(Functions), out var f) && level == AccessLevel.N2
            ? (AdminFunctions)f & AdminFunctions.Full : AdminFunctions.None;
        return run is null ? null : new SignedInOperator(id, run, level, scope, principal.FindFirstValue(ScopeCode), functions);
    }

    public static bool HasAcceptedAgreement(this ClaimsPrincipal principal) => principal.HasClaim(AgreementAccepted, "true");

    /// <summary>True when the claims in the cookie still describe the operator as the registry has her now.</summary>
    public static bool StillMatches(this ClaimsPrincipal principal, OperatorStanding? standing)
    {
        var op = principal.ToOperator();
        return op is not null && standing is { IsActive: true }
            && standing.Id == op.Id && standing.Level == op.Level
            && standing.ScopeKind == op.ScopeKind && standing.ScopeCode == op.ScopeCode && standing.Functions == op.Functions;
    }
}
