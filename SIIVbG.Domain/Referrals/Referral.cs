using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Referrals;

/// <summary>Derivación interna (another SernamEG centre) or externa (an institution of the Ruta Crítica).</summary>
public enum ReferralKind { Internal = 1, External = 2 }

/// <summary>enviada → recibida → aceptada/rechazada → atendida → cerrada, plus retirada.</summary>
public enum ReferralState { Sent = 1, Received = 2, Accepted = 3, Rejected = 4, Attended = 5, Closed = 6, Withdrawn = 7 }

/// <summary>How soon the receiver must act; proposed from her latest risk estimate.</summary>
public enum ReferralUrgency { Normal = 1, High = 2, Urgent = 3 }

public enum FollowUpKind { Call = 1, Visit = 2, CoordinationMeeting = 3 }

/// <summary>
/// A referral of one survivor from a case at one centre to another centre or institution, with the minimum information
/// package the receiver needs so she is not asked her story again. The package is a snapshot taken when it was sent:
/// what the receiver reads is what the sender shared, limited by her consent at that moment.
/// </summary>
/// <remarks>
/// For an internal referral the receiving centre's team receives, decides, attends and counter-refers. An external
/// institution does not work in SIIVbG yet: the sending centre records its answers (acuse, aceptación, atención,
/// contra-derivación) on its behalf — who recorded each step is kept either way.
/// </remarks>
public sealed class Referral
{
    public const int MaxTextLength = 2000;

    public Guid Id { get; private set; }
    public Guid SurvivorId { get; private set; }
    public Guid CaseId { get; private set; }
    public ReferralKind Kind { get; private set; }
    public string FromCentreCode { get; private set; } = "";
    public string FromRegionCode { get; private set; } = "";
    public string FromExecutingEntityCode { get; private set; } = "";
    /// <summary>Destination centre of an internal referral; null for an external one.</summary>
    public string? ToCentreCode { get; private set; }
    /// <summary>Destination institution (catalogue code) of an external referral; null for an internal one.</summary>
    public string? ToInstitutionCode { get; private set; }
    /// <summary>Region of the destination (the centre's, or the sender's for a local institution).</summary>
    public string ToRegionCode { get; private set; } = "";
    /// <summary>Executing entity of the destination centre; null for an external referral.</summary>
    public string? ToExecutingEntityCode { get; private set; }
    public string Reason { get; private set; } = "";
    public ReferralUrgency Urgency { get; private set; }
    public DateOnly DueOn { get; private set; }
    public ReferralState State { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    public Guid SentBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>The fields shared (see <see cref="PackageField"/>), and their values as JSON, frozen when sent.</summary>
    public PackageField[] PackageFields { get; private set; } = [];
    public string PackageJson { get; private set; } = "{}";
    public CounterReferral? CounterReferral { get; private set; }

    private readonly List<ReferralStep> _steps = [];
    private readonly List<ReferralFollowUp> _followUps = [];
    public IReadOnlyList<ReferralStep> Steps => _steps;
    public IReadOnlyList<ReferralFollowUp> FollowUps => _followUps;

    private Referral() { }

    public static Referral Send(ReferralOrigin origin, ReferralDestination destination, string reason, ReferralUrgency urgency,
        DateOnly dueOn, DateOnly today, IReadOnlyCollection<PackageField> fields, string packageJson, bool consentAllowsSharing,
        DateTimeOffset at, Guid by)
    {
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que deriva.");
        if (!Enum.IsDefined(urgency)) throw new DomainException("La urgencia no es válida.");
        if (destination.Kind == ReferralKind.Internal && destination.CentreCode == origin.CentreCode)
            throw new DomainException("No es posible derivar al mismo centro que deriva.");
        if (dueOn < today) throw new DomainException("La fecha límite de respuesta no puede ser anterior a hoy.");
        if (fields.Count > 0 && !consentAllowsSharing)
            throw new DomainException(destination.Kind == ReferralKind.Internal
                ? "Su consentimiento no permite compartir datos con otros centros de SernamEG: la derivación solo puede llevar el motivo y la urgencia."
                : "Su consentimiento no permite compartir datos con otras instituciones: la derivación solo puede llevar el motivo y la urgencia.");
        if (fields.Any(f => !Enum.IsDefined(f))) throw new DomainException("Uno de los datos elegidos para compartir no es válido.");

        var referral = new Referral
        {
            Id = Guid.NewGuid(),
            SurvivorId = origin.SurvivorId,
            CaseId = origin.CaseId,
            Kind = destination.Kind,
            FromCentreCode = origin.CentreCode,
            FromRegionCode = origin.RegionCode,
            FromExecutingEntityCode = origin.ExecutingEntityCode,
            ToCentreCode = destination.Kind == ReferralKind.Internal ? destination.CentreCode : null,
            ToInstitutionCode = destination.Kind == ReferralKind.External ? destination.InstitutionCode : null,
            ToRegionCode = destination.RegionCode,
            ToExecutingEntityCode = destination.Kind == ReferralKind.Internal ? destination.ExecutingEntityCode : null,
            Reason = Required(reason, "Indique el motivo de la derivación."),
            Urgency = urgency,
            DueOn = dueOn,
            State = ReferralState.Sent,
            SentAt = at,
            SentBy = by,
            UpdatedAt = at,
            PackageFields = fields.Distinct().Order().ToArray(),
            PackageJson = fields.Count == 0 ? "{}" : packageJson,
        };
        referral._steps.Add(new ReferralStep(ReferralState.Sent, at, by, null));
        return referral;
    }

    /// <summary>The proposed urgency for her latest risk: grave o vital is urgent, alto is high.</summary>
    public static ReferralUrgency UrgencyFor(RiskLevel? latestRisk) => latestRisk switch
    {
        RiskLevel.Vital => ReferralUrgency.Urgent,
        RiskLevel.High => ReferralUrgency.High,
        _ => ReferralUrgency.Normal,
    };

    /// <summary>The proposed due date: one day for urgent, three for high, ten otherwise.</summary>
    public static DateOnly DefaultDueOn(ReferralUrgency urgency, DateOnly today) => today.AddDays(urgency switch
    {
        ReferralUrgency.Urgent => 1,
        ReferralUrgency.High => 3,
        _ => 10,
    });

    /// <summary>Acuse de recibo. Receiving twice does nothing.</summary>
    public void Receive(DateTimeOffset at, Guid by)
    {
        if (State == ReferralState.Received) return;
        MoveTo(ReferralState.Received, at, by, null);
    }

    /// <summary>Accepts; a referral accepted without an explicit acuse is received at the same moment.</summary>
    public void Accept(DateTimeOffset at, Guid by, string? note = null)
    {
        if (State == ReferralState.Accepted) return;
        if (State == ReferralState.Sent) MoveTo(ReferralState.Received, at, by, null);
        MoveTo(ReferralState.Accepted, at, by, Optional(note));
    }

    public void Reject(DateTimeOffset at, Guid by, string reason)
    {
        if (State == ReferralState.Rejected) return;
        var why = Required(reason, "Indique el motivo del rechazo.");
        if (State == ReferralState.Sent) MoveTo(ReferralState.Received, at, by, null);
        MoveTo(ReferralState.Rejected, at, by, why);
    }

    /// <summary>The sender takes the referral back before it is attended.</summary>
    public void Withdraw(DateTimeOffset at, Guid by, string reason)
    {
        if (State == ReferralState.Withdrawn) return;
        MoveTo(ReferralState.Withdrawn, at, by, Required(reason, "Indique el motivo para retirar la derivación."));
    }

    /// <summary>The receiver attended her (atendida).</summary>
    public void MarkAttended(DateTimeOffset at, Guid by, string? note = null)
    {
        if (State == ReferralState.Attended) return;
        MoveTo(ReferralState.Attended, at, by, Optional(note));
    }

    /// <summary>The receiver answers with a contra-derivación; it closes the referral and shows in the sender's case.</summary>
    public void SendCounterReferral(string outcome, string servicesGiven, string recommendation, DateTimeOffset at, Guid by)
    {
        if (State != ReferralState.Attended)
            throw new DomainException(
                $"No es posible pasar la derivación de {ReferralStateNames.Spanish(State)} a cerrada: la contra-derivación se envía después de atenderla.");
        var counter = new CounterReferral(
            Required(outcome, "Indique el resultado de la atención."),
            Required(servicesGiven, "Indique las prestaciones entregadas."),
            Optional(recommendation) ?? "",
            at, by);
        MoveTo(ReferralState.Closed, at, by, null);
        CounterReferral = counter;
    }

    /// <summary>The sender closes a rejected referral once she has found another way.</summary>
    public void Close(DateTimeOffset at, Guid by, string? note = null)
    {
        if (State == ReferralState.Closed) return;
        if (State != ReferralState.Rejected)
            throw new DomainException(
                $"No es posible pasar la derivación de {ReferralStateNames.Spanish(State)} a cerrada: solo una derivación rechazada se cierra sin contra-derivación.");
        MoveTo(ReferralState.Closed, at, by, Optional(note));
    }

    /// <summary>A follow-up action (llamada, visita, reunión de coordinación) with its result.</summary>
    public ReferralFollowUp RecordFollowUp(FollowUpKind kind, DateTimeOffset doneAt, string result, DateTimeOffset at, Guid by)
    {
        if (!Enum.IsDefined(kind)) throw new DomainException("El tipo de acción de seguimiento no es válido.");
        if (State == ReferralState.Withdrawn) throw new DomainException("La derivación fue retirada: ya no admite acciones de seguimiento.");
        if (doneAt > at) throw new DomainException("La acción de seguimiento no puede tener fecha futura.");
        if (doneAt < SentAt) throw new DomainException("La acción de seguimiento no puede ser anterior al envío de la derivación.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que registra la acción.");
        var followUp = new ReferralFollowUp(kind, doneAt, Required(result, "Indique el resultado de la acción de seguimiento."), by);
        _followUps.Add(followUp);
        UpdatedAt = at;
        return followUp;
    }

    /// <summary>Not received or not answered (accepted/rejected) by its due date.</summary>
    public bool IsOverdueOn(DateOnly today) => State is ReferralState.Sent or ReferralState.Received && today > DueOn;

    /// <summary>Still waiting for someone to act: not rejected, closed or withdrawn.</summary>
    public bool IsPending => IsPendingState(State);

    public static bool IsPendingState(ReferralState state) =>
        state is ReferralState.Sent or ReferralState.Received or ReferralState.Accepted or ReferralState.Attended;

    /// <summary>Whether the state machine allows moving from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(ReferralState from, ReferralState to) => (from, to) switch
    {
        (ReferralState.Sent, ReferralState.Received) => true,
        (ReferralState.Sent, ReferralState.Withdrawn) => true,
        (ReferralState.Received, ReferralState.Accepted) => true,
        (ReferralState.Received, ReferralState.Rejected) => true,
        (ReferralState.Received, ReferralState.Withdrawn) => true,
        (ReferralState.Accepted, ReferralState.Attended) => true,
        (ReferralState.Accepted, ReferralState.Withdrawn) => true,
        (ReferralState.Attended, ReferralState.Closed) => true,
        (ReferralState.Rejected, ReferralState.Closed) => true,
        _ => false,
    };

    private void MoveTo(ReferralState to, DateTimeOffset at, Guid by, string? note)
    {
        if (!CanMove(State, to))
            throw new DomainException(
                $"No es posible pasar la derivación de {ReferralStateNames.Spanish(State)} a {ReferralStateNames.Spanish(to)}.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que registra el cambio.");
        var last = _steps.Count == 0 ? SentAt : _steps.Max(s => s.At);
        if (at < last) throw new DomainException("La fecha del cambio no puede ser anterior al último paso de la derivación.");
        State = to;
        UpdatedAt = at;
        _steps.Add(new ReferralStep(to, at, by, note));
    }

    private static string Required(string? text, string message)
    {
        var value = Optional(text) ?? throw new DomainException(message);
        return value;
    }

    private static string? Optional(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        if (value.Length > MaxTextLength) throw new DomainException($"El texto no puede superar {MaxTextLength} caracteres.");
        return value;
    }
}

/// <summary>Where a referral starts: her case at the sending centre.</summary>
public sealed record ReferralOrigin(Guid SurvivorId, Guid CaseId, string CentreCode, string RegionCode, string ExecutingEntityCode);

/// <summary>Where a referral goes: a centre (internal) or an institution (external).</summary>
public sealed record ReferralDestination(ReferralKind Kind, string? CentreCode, string? InstitutionCode, string RegionCode, string? ExecutingEntityCode)
{
    public static ReferralDestination ToCentre(string centreCode, string regionCode, string executingEntityCode) =>
        new(ReferralKind.Internal, centreCode, null, regionCode, executingEntityCode);

    public static ReferralDestination ToInstitution(string institutionCode, string regionCode) =>
        new(ReferralKind.External, null, institutionCode, regionCode, null);
}

/// <summary>One step of the referral's life: the state it entered, when, by whom, and why where it matters.</summary>
public sealed class ReferralStep
{
    public Guid Id { get; private set; }
    public ReferralState State { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid By { get; private set; }
    public string? Note { get; private set; }

    private ReferralStep() { }

    internal ReferralStep(ReferralState state, DateTimeOffset at, Guid by, string? note)
    {
        Id = Guid.NewGuid();
        State = state;
        At = at;
        By = by;
        Note = note;
    }
}

public sealed class ReferralFollowUp
{
    public Guid Id { get; private set; }
    public FollowUpKind Kind { get; private set; }
    public DateTimeOffset DoneAt { get; private set; }
    public string Result { get; private set; } = "";
    public Guid By { get; private set; }

    private ReferralFollowUp() { }

    internal ReferralFollowUp(FollowUpKind kind, DateTimeOffset doneAt, string result, Guid by)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        DoneAt = doneAt;
        Result = result;
        By = by;
    }
}

/// <summary>The receiver's answer (contra-derivación): what came of it, what she received, what is recommended.</summary>
public sealed record CounterReferral(string Outcome, string ServicesGiven, string Recommendation, DateTimeOffset At, Guid By);

public static class ReferralStateNames
{
    public static string Spanish(ReferralState state) => state switch
    {
        ReferralState.Sent => "enviada",
        ReferralState.Received => "recibida",
        ReferralState.Accepted => "aceptada",
        ReferralState.Rejected => "rechazada",
        ReferralState.Attended => "atendida",
        ReferralState.Closed => "cerrada",
        ReferralState.Withdrawn => "retirada",
        _ => state.ToString(),
    };
}
