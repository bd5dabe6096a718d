using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Alerts;

public enum AlertKind
{
    /// <summary>A referral sent to or from the centre was not received or answered by its due date.</summary>
    ReferralOverdue = 1,
    /// <summary>Someone outside the centre was granted access to details this centre holds about a survivor.</summary>
    AccessGranted = 2,
}

/// <summary>
/// An early alert addressed to a centre's head (N5): raised by a rule, acknowledged by a person, resolved when its cause
/// goes away — each with who and when, so nothing is silently dismissed.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; private set; }
    public AlertKind Kind { get; private set; }
    /// <summary>The centre whose head must act.</summary>
    public string CentreCode { get; private set; } = "";
    /// <summary>What the alert is about (for <see cref="AlertKind.ReferralOverdue"/>, the referral).</summary>
    public Guid SubjectId { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public Guid? AcknowledgedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    private Alert() { }

    public static Alert Raise(AlertKind kind, string centreCode, Guid subjectId, DateTimeOffset at)
    {
        if (!Enum.IsDefined(kind)) throw new DomainException("El tipo de alerta no es válido.");
        if (string.IsNullOrWhiteSpace(centreCode)) throw new DomainException("Toda alerta se dirige a un centro.");
        return new Alert { Id = Guid.NewGuid(), Kind = kind, CentreCode = centreCode, SubjectId = subjectId, RaisedAt = at };
    }

    public bool IsOpen => ResolvedAt is null;

    /// <summary>Someone took note. Acknowledging twice keeps the first.</summary>
    public void Acknowledge(Guid by, DateTimeOffset at)
    {
        if (AcknowledgedAt is not null) return;
        if (by == Guid.Empty) throw new DomainException("Indique quién toma conocimiento de la alerta.");
        AcknowledgedAt = at;
        AcknowledgedBy = by;
    }

    /// <summary>Its cause went away (the referral was answered, withdrawn…).</summary>
    public void Resolve(DateTimeOffset at) => ResolvedAt ??= at;
}
