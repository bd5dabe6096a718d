using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SIIVbG.Web.Security;

/// <summary>Open circuits (tabs) per operator on this node: a stolen session or a runaway script cannot open hundreds.</summary>
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

    /// <summary>A tab that was admitted and reconnects counts again, even over the limit (until another closes).</summary>
    public void ForceOpen(Guid operatorId) => _open.AddOrUpdate(operatorId, 1, (_, n) => n + 1);

    public void Close(Guid operatorId) => _open.AddOrUpdate(operatorId, 0, (_, n) => Math.Max(0, n - 1));

    public int OpenFor(Guid operatorId) => _open.GetValueOrDefault(operatorId);
}

/// <summary>
/// One circuit's place in <see cref="OperatorCircuits"/>. The layout admits the circuit when it first renders
/// interactively — it already has the operator from the cascading authentication state — so nothing here ever waits for
/// the authentication state while the circuit starts (the earlier handler did, and could stall a starting tab: ADR 017).
/// </summary>
public sealed class CircuitAdmission
{
    private readonly object _gate = new();
    public Guid? Counted { get; private set; }
    public bool Refused { get; private set; }
    private bool _released;

    /// <summary>Admits the circuit once; later calls (another layout instance, a re-render) keep the first answer.</summary>
    public bool Admit(OperatorCircuits circuits, Guid operatorId)
    {
        lock (_gate)
        {
            if (Counted is not null) return true;
            if (Refused) return false;
            if (circuits.TryOpen(operatorId)) Counted = operatorId;
            else Refused = true;
            return !Refused;
        }
    }

    public void Release(OperatorCircuits circuits)
    {
        lock (_gate)
        {
            if (Counted is not { } id || _released) return;
            circuits.Close(id);
            _released = true;
        }
    }

    public void Resume(OperatorCircuits circuits)
    {
        lock (_gate)
        {
            if (Counted is not { } id || !_released) return;
            circuits.ForceOpen(id);
            _released = false;
        }
    }
}

/// <summary>Frees the place when the tab's connection drops or the circuit ends; takes it again when it reconnects.</summary>
internal sealed class CircuitLimitHandler(OperatorCircuits circuits, CircuitAdmission admission) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        admission.Release(circuits);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        admission.Resume(circuits);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        admission.Release(circuits);
        return Task.CompletedTask;
    }
}
