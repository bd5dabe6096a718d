using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using SIIVbG.Web.Auth;

namespace SIIVbG.Web.Security;

/// <summary>Open circuits per operator on this node: a stolen session or a runaway script cannot open hundreds of tabs.</summary>
public sealed class OperatorCircuits(IConfiguration configuration)
{
    public const string Setting = "Security:MaxCircuitsPerOperator";
    public const int DefaultLimit = 30;

    private readonly ConcurrentDictionary<Guid, int> _open = new();

    public int Limit { get; } = int.TryParse(configuration[Setting], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultLimit;

    /// <summary>Counts the circuit in unless the operator already has <see cref="Limit"/> open here.</summary>
    public bool TryOpen(Guid operatorId)
    {
        while (true)
        {
            var current = _open.GetOrAdd(operatorId, 0);
            if (current >= Limit) return false;
            if (_open.TryUpdate(operatorId, current + 1, current)) return true;
        }
    }

    public void ForceOpen(Guid operatorId) => _open.AddOrUpdate(operatorId, 1, (_, n) => n + 1);

    public void Close(Guid operatorId) => _open.AddOrUpdate(operatorId, 0, (_, n) => Math.Max(0, n - 1));

    public int OpenFor(Guid operatorId) => _open.GetValueOrDefault(operatorId);
}

/// <summary>Whether this circuit was let in; the layout shows a notice instead of the page when it was not.</summary>
public sealed class CircuitAdmission
{
    public bool Refused { get; set; }
}

internal sealed class CircuitLimitHandler(OperatorCircuits circuits, CircuitAdmission admission, AuthenticationStateProvider auth) : CircuitHandler
{
    private Guid? _counted;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if ((await auth.GetAuthenticationStateAsync()).User.ToOperator() is not { } op) return;
        if (circuits.TryOpen(op.Id)) _counted = op.Id;
        else admission.Refused = true;
    }

    // A tab closed leaves its circuit retained for a while: it stops counting as soon as its connection drops.
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => OnCircuitClosedAsync(circuit, cancellationToken);

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_counted is not null || admission.Refused) return;
        // A reconnecting tab was already admitted: it counts again (over the limit only until another closes).
        if ((await auth.GetAuthenticationStateAsync()).User.ToOperator() is { } op && !circuits.TryOpen(op.Id)) circuits.ForceOpen(op.Id);
        _counted = (await auth.GetAuthenticationStateAsync()).User.ToOperator()?.Id;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_counted is { } id) circuits.Close(id);
        _counted = null;
        return Task.CompletedTask;
    }
}
