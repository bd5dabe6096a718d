using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.WaitingLists;

/// <summary>The stage of attention a woman waits for at a centre.</summary>
public enum WaitingStage { Intake = 1, IndividualIntervention = 2, GroupIntervention = 3, Shelter = 4 }

/// <summary>How a wait ended: admitted, dropped out (with its reason), or referred elsewhere.</summary>
public enum WaitingOutcome { Admitted = 1, DroppedOut = 2, ReferredElsewhere = 3 }

/// <summary>
/// A survivor a centre cannot admit yet (lista de espera), for one stage. She is registered at the centre (a case in
/// orientación) so the team can reach her; the list orders women by risk first and then by how long they have waited.
/// </summary>
public sealed class WaitingListEntry
{
    public const int MaxTextLength = 1000;

    public Guid Id { get; private set; }
    public string CentreCode { get; private set; } = "";
    public Guid SurvivorId { get; private set; }
    public WaitingStage Stage { get; private set; }
    /// <summary>Her latest risk when she joined the list; the list re-reads her current risk to order it.</summary>
    public RiskLevel? RiskAtRegistration { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public Guid RegisteredBy { get; private set; }
    public WaitingOutcome? Outcome { get; private set; }
    public string? OutcomeReason { get; private set; }
    public DateTimeOffset? OutcomeAt { get; private set; }
    public Guid? OutcomeBy { get; private set; }

    private WaitingListEntry() { }

    public static WaitingListEntry Register(string centreCode, Guid survivorId, WaitingStage stage, RiskLevel? risk, string? note,
        DateTimeOffset at, Guid by)
    {
        if (!Enum.IsDefined(stage)) throw new DomainException("Elija la etapa que espera.");
        if (string.IsNullOrWhiteSpace(centreCode)) throw new DomainException("Toda lista de espera es de un centro.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que la registra.");
        return new WaitingListEntry
        {
            Id = Guid.NewGuid(), CentreCode = centreCode, SurvivorId = survivorId, Stage = stage, RiskAtRegistration = risk,
            Note = Optional(note), RegisteredAt = at, RegisteredBy = by,
        };
    }

    public bool IsWaiting => Outcome is null;

    public int DaysWaitingOn(DateOnly today, Func<DateTimeOffset, DateOnly> toLocalDate) =>
        Math.Max(0, today.DayNumber - toLocalDate(RegisteredAt).DayNumber);

    /// <summary>Ends the wait. Dropping out needs its reason (reported by cause); an ended wait does not change again.</summary>
    public void RecordOutcome(WaitingOutcome outcome, string? reason, DateTimeOffset at, Guid by)
    {
        if (!Enum.IsDefined(outcome)) throw new DomainException("El resultado no es válido.");
        if (Outcome is not null) throw new DomainException("Esta espera ya terminó; registre una nueva si vuelve a esperar.");
        var why = Optional(reason);
        if (outcome == WaitingOutcome.DroppedOut && why is null) throw new DomainException("Indique el motivo por el que dejó la lista de espera.");
        if (at < RegisteredAt) throw new DomainException("El resultado no puede ser anterior al ingreso a la lista.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que registra el resultado.");
        Outcome = outcome;
        OutcomeReason = why;
        OutcomeAt = at;
        OutcomeBy = by;
    }

    /// <summary>
    /// The order of the list: higher current risk first (unknown risk last), then who has waited longest, then who came first.
    /// </summary>
    public static IOrderedEnumerable<T> Prioritise<T>(IEnumerable<T> entries, Func<T, RiskLevel?> risk, Func<T, DateTimeOffset> registeredAt) =>
        entries.OrderByDescending(e => (int?)risk(e) ?? 0).ThenBy(registeredAt);

    private static string? Optional(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        if (value.Length > MaxTextLength) throw new DomainException($"El texto no puede superar {MaxTextLength} caracteres.");
        return value;
    }
}

/// <summary>Places a centre offers for one stage (configured by its head), shown beside its waiting list.</summary>
public sealed class CentreCapacity
{
    public string CentreCode { get; private set; } = "";
    public WaitingStage Stage { get; private set; }
    public int Places { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid UpdatedBy { get; private set; }

    private CentreCapacity() { }

    public static CentreCapacity Configure(string centreCode, WaitingStage stage, int places, DateTimeOffset at, Guid by)
    {
        var c = new CentreCapacity { CentreCode = centreCode, Stage = stage };
        c.Change(places, at, by);
        return c;
    }

    public void Change(int places, DateTimeOffset at, Guid by)
    {
        if (!Enum.IsDefined(Stage)) throw new DomainException("Elija la etapa.");
        if (places is < 0 or > 10_000) throw new DomainException("Los cupos deben estar entre 0 y 10.000.");
        Places = places;
        UpdatedAt = at;
        UpdatedBy = by;
    }
}
