using SIIVbG.Domain.Access;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Domain.Operators;

public enum OperatorChangeKind { Add = 1, Remove = 2 }

public enum OperatorChangeState { Pending = 1, Done = 2, Rejected = 3 }

/// <summary>
/// A centre head (N5) asks for an N6 of her centre to be added or removed; an executing entity's head (N4) for an N5 or
/// N6 of her entity's centres (seed §II.2). The request goes to the administrators (N2), who apply or reject it: nobody
/// outside N2 edits the registry of operators directly.
/// </summary>
public sealed class OperatorChangeRequest
{
    public const int MaxReasonLength = 1000;

    public Guid Id { get; private set; }
    public OperatorChangeKind Kind { get; private set; }
    public Guid RequestedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public string Reason { get; private set; } = "";
    /// <summary>For an addition: who, at which level and centre.</summary>
    public string? Run { get; private set; }
    public string? GivenNames { get; private set; }
    public string? Surnames { get; private set; }
    public AccessLevel Level { get; private set; }
    public string CentreCode { get; private set; } = "";
    /// <summary>For a removal: the operator to deactivate.</summary>
    public Guid? OperatorId { get; private set; }
    public OperatorChangeState State { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }

    private OperatorChangeRequest() { }

    public static OperatorChangeRequest RequestAddition(SignedInOperator by, Run run, string givenNames, string surnames,
        AccessLevel level, string centreCode, string centreEntityCode, string reason, DateTimeOffset at)
    {
        EnsureMayRequest(by, level, centreCode, centreEntityCode);
        if (string.IsNullOrWhiteSpace(givenNames) || string.IsNullOrWhiteSpace(surnames)) throw new DomainException("Ingrese nombres y apellidos.");
        return new OperatorChangeRequest
        {
            Id = Guid.NewGuid(), Kind = OperatorChangeKind.Add, RequestedBy = by.Id, RequestedAt = at, Reason = Required(reason),
            Run = run.ToString(), GivenNames = givenNames.Trim(), Surnames = surnames.Trim(), Level = level, CentreCode = centreCode,
            State = OperatorChangeState.Pending,
        };
    }

    public static OperatorChangeRequest RequestRemoval(SignedInOperator by, Guid operatorId, AccessLevel level, string centreCode,
        string centreEntityCode, string reason, DateTimeOffset at)
    {
        EnsureMayRequest(by, level, centreCode, centreEntityCode);
        if (operatorId == by.Id) throw new DomainException("No puede solicitar su propia baja por esta vía.");
        return new OperatorChangeRequest
        {
            Id = Guid.NewGuid(), Kind = OperatorChangeKind.Remove, RequestedBy = by.Id, RequestedAt = at, Reason = Required(reason),
            OperatorId = operatorId, Level = level, CentreCode = centreCode, State = OperatorChangeState.Pending,
        };
    }

    public void MarkDone(Guid by, DateTimeOffset at)
    {
        EnsurePending();
        State = OperatorChangeState.Done;
        DecidedBy = by;
        DecidedAt = at;
    }

    public void Reject(Guid by, string reason, DateTimeOffset at)
    {
        EnsurePending();
        DecisionReason = Required(reason);
        State = OperatorChangeState.Rejected;
        DecidedBy = by;
        DecidedAt = at;
    }

    /// <summary>N5: N6 of her own centre. N4: N5 or N6 of a centre of her executing entity.</summary>
    public static bool MayRequest(SignedInOperator by, AccessLevel level, string centreCode, string centreEntityCode) => by.Level switch
    {
        AccessLevel.N5 => by.ScopeKind == ScopeKind.Centre && by.ScopeCode == centreCode && level == AccessLevel.N6,
        AccessLevel.N4 => by.ScopeKind == ScopeKind.ExecutingEntity && by.ScopeCode == centreEntityCode && level is AccessLevel.N5 or AccessLevel.N6,
        _ => false,
    };

    private static void EnsureMayRequest(SignedInOperator by, AccessLevel level, string centreCode, string centreEntityCode)
    {
        if (!MayRequest(by, level, centreCode, centreEntityCode))
            throw new DomainException(by.Level == AccessLevel.N5
                ? "Una encargada de centro solicita altas y bajas de equipos interventores (N6) de su propio centro."
                : "Solo puede solicitar altas y bajas de encargadas (N5) y equipos (N6) de los centros de su ente ejecutor.");
    }

    private void EnsurePending()
    {
        if (State != OperatorChangeState.Pending) throw new DomainException("La solicitud ya fue resuelta.");
    }

    private static string Required(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("Indique el motivo.");
        if (text.Length > MaxReasonLength) throw new DomainException($"El motivo no puede superar {MaxReasonLength} caracteres.");
        return text;
    }
}
