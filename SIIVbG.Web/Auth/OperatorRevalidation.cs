using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using SIIVbG.Infrastructure.Operators;

namespace SIIVbG.Web.Auth;

/// <summary>
/// Re-checks the operator of every open circuit (default once a minute, "Auth:RevalidationInterval"): when an
/// administrator deactivates or re-scopes her, her open tabs lose access without waiting for a new HTTP request.
/// </summary>
internal sealed class OperatorRevalidation(ILoggerFactory loggerFactory, OperatorDirectory directory, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval { get; } =
        configuration.GetValue("Auth:RevalidationInterval", TimeSpan.FromMinutes(1));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var op = state.User.ToOperator();
        if (op is null) return false;
        return state.User.StillMatches(await directory.GetStandingAsync(op.Id, ct));
    }
}
