using Microsoft.AspNetCore.Authorization;
using SIIVbG.Domain.Access;

namespace SIIVbG.Web.Auth;

/// <summary>Authorization policies for pages and endpoints. Each is a thin door onto <see cref="AccessPolicy"/>.</summary>
public static class Policies
{
    /// <summary>A registered, active operator who has accepted the confidentiality agreement.</summary>
    public const string Operator = "operador";
    /// <summary>A registered, active operator, before the agreement: only the agreement page uses it.</summary>
    public const string SignedIn = "sesion";
    public const string AggregatePanel = "panel-agregados";
    public const string CasePanel = "panel-casos";
    public const string AdminPanel = "panel-administracion";
    public const string JobsDashboard = "trabajos";
    public const string SgpImport = "importacion-sgp";
    public const string AuditTrail = "auditoria";
    public const string Referrals = "derivaciones";
    public const string Operators = "operadores";
    public const string Catalogues = "catalogos";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAssertion(c => c.User.ToOperator() is not null));
        options.AddPolicy(Operator, p => p.AddRequirements(new AccessRequirement()));
        options.AddPolicy(AggregatePanel, p => p.AddRequirements(new AccessRequirement(Panel: Panel.Aggregate)));
        options.AddPolicy(CasePanel, p => p.AddRequirements(new AccessRequirement(Panel: Panel.Cases)));
        options.AddPolicy(AdminPanel, p => p.AddRequirements(new AccessRequirement(Panel: Panel.Administration)));
        options.AddPolicy(JobsDashboard, p => p.AddRequirements(new AccessRequirement(Capability: Capability.ViewJobsDashboard)));
        options.AddPolicy(SgpImport, p => p.AddRequirements(new AccessRequirement(Capability: Capability.ManageSgpImport)));
        options.AddPolicy(AuditTrail, p => p.AddRequirements(new AccessRequirement(Capability: Capability.ViewAuditTrail)));
        options.AddPolicy(Referrals, p => p.AddRequirements(new AccessRequirement(Capability: Capability.ViewReferralList)));
        options.AddPolicy(Operators, p => p.AddRequirements(new AccessRequirement(Capability: Capability.AdministerOperators)));
        options.AddPolicy(Catalogues, p => p.AddRequirements(new AccessRequirement(Capability: Capability.ManageCatalogues)));
    }

    public static string For(Panel panel) => panel switch
    {
        Panel.Aggregate => AggregatePanel,
        Panel.Cases => CasePanel,
        Panel.Administration => AdminPanel,
        _ => throw new ArgumentOutOfRangeException(nameof(panel)),
    };

    public static string PathOf(Panel panel) => panel switch
    {
        Panel.Aggregate => "/panel/datos-agregados",
        Panel.Cases => "/panel/casos",
        Panel.Administration => "/panel/administracion",
        _ => throw new ArgumentOutOfRangeException(nameof(panel)),
    };
}

/// <summary>Needs an operator principal with the agreement accepted and, when given, the panel or capability for her level.</summary>
public sealed record AccessRequirement(Panel? Panel = null, Capability? Capability = null) : IAuthorizationRequirement
{
    public bool IsMetBy(System.Security.Claims.ClaimsPrincipal user)
    {
        var op = user.ToOperator();
        return op is not null && user.HasAcceptedAgreement()
            && (Panel is not { } p || AccessPolicy.CanOpen(op.Level, p))
            && (Capability is not { } c || AccessPolicy.Can(op, c));
    }
}

internal sealed class AccessRequirementHandler : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (requirement.IsMetBy(context.User)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
