using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Legal;

public enum LegalJurisdiction { Family = 1, Criminal = 2 }

public enum LegalProcessType
{
    /// <summary>Violencia intrafamiliar ante tribunal de familia.</summary>
    FamilyViolence = 1,
    Alimony = 2,
    /// <summary>Cuidado personal.</summary>
    Custody = 3,
    /// <summary>Relación directa y regular.</summary>
    Visitation = 4,
    /// <summary>Medida de protección de NNA.</summary>
    ChildProtection = 5,
    OtherFamily = 6,
    /// <summary>Causa penal (Fiscalía / juzgado de garantía / tribunal oral).</summary>
    Criminal = 7,
}

/// <summary>Whom the process concerns.</summary>
public enum LegalSubject { Survivor = 1, Child = 2, Aggressor = 3 }

public enum LegalProcessStatus
{
    /// <summary>En tramitación.</summary>
    InProgress = 1,
    /// <summary>Terminada por sentencia, acuerdo u otra resolución.</summary>
    Resolved = 2,
    /// <summary>Archivada (p. ej. archivo provisional de la Fiscalía); may be reopened.</summary>
    Archived = 3,
}

/// <summary>
/// A court or prosecution process about violence she is part of (Procesos jurídicos tab).
/// Identified by RIT (court) and/or RUC (Fiscalía) once known; both may be missing at first.
/// </summary>
public sealed class LegalProcess
{
    public const int MaxCourtLength = 200;
    public const int MaxTextLength = 1000;

    public Guid Id { get; private set; }
    public Guid SurvivorId { get; private set; }
    public Guid? CaseId { get; private set; }
    public LegalProcessType Type { get; private set; }
    public LegalSubject Subject { get; private set; }
    /// <summary>The child or aggressor concerned, when <see cref="Subject"/> is not the survivor.</summary>
    public Guid? RelatedPersonId { get; private set; }
    public string Court { get; private set; } = "";
    /// <summary>Canonical RIT (<see cref="Legal.Rit"/>), or null when not yet known.</summary>
    public string? Rit { get; private set; }
    /// <summary>Canonical RUC (<see cref="Legal.Ruc"/>), or null when not yet known.</summary>
    public string? Ruc { get; private set; }
    public LegalProcessStatus Status { get; private set; }
    public DateOnly FiledOn { get; private set; }
    public DateOnly? ResolvedOn { get; private set; }
    public string? Outcome { get; private set; }
    public DateOnly? ArchivedOn { get; private set; }
    public string? ArchiveReason { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public Guid RegisteredBy { get; private set; }

    private readonly List<ProtectiveMeasure> _measures = [];
    public IReadOnlyList<ProtectiveMeasure> Measures => _measures;

    private LegalProcess() { }

    public LegalJurisdiction Jurisdiction => Type == LegalProcessType.Criminal ? LegalJurisdiction.Criminal : LegalJurisdiction.Family;

    public static LegalProcess Register(Guid survivorId, Guid? caseId, LegalProcessType type, LegalSubject subject,
        Guid? relatedPersonId, string court, Rit? rit, Ruc? ruc, DateOnly filedOn, DateTimeOffset at, Guid by)
    {
        if (survivorId == Guid.Empty) throw new DomainException("El proceso jurídico debe indicar la sobreviviente.");
        if (!Enum.IsDefined(type)) throw new DomainException("Indique el tipo de proceso jurídico.");
        if (!Enum.IsDefined(subject)) throw new DomainException("Indique a quién concierne el proceso jurídico.");
        if (subject == LegalSubject.Survivor && relatedPersonId is not null)
            throw new DomainException("Un proceso que concierne a la sobreviviente no indica otra persona.");
        if (filedOn > DateOnly.FromDateTime(at.DateTime))
            throw new DomainException("La fecha de inicio del proceso no puede ser posterior a la fecha de registro.");
        var c = court?.Trim() ?? "";
        if (c.Length == 0) throw new DomainException("Indique el tribunal o fiscalía.");
        if (c.Length > MaxCourtLength) throw new DomainException($"El tribunal no puede superar {MaxCourtLength} caracteres.");
        return new LegalProcess
        {
            Id = Guid.NewGuid(),
            SurvivorId = survivorId,
            CaseId = caseId == Guid.Empty ? null : caseId,
            Type = type,
            Subject = subject,
            RelatedPersonId = relatedPersonId == Guid.Empty ? null : relatedPersonId,
            Court = c,
            Rit = rit?.ToString(),
            Ruc = ruc?.ToString(),
            Status = LegalProcessStatus.InProgress,
            FiledOn = filedOn,
            RegisteredAt = at,
            RegisteredBy = by,
        };
    }

    /// <summary>Records or corrects the RIT.</summary>
    public void IdentifyRit(Rit rit) => Rit = rit.ToString();

    /// <summary>Records or corrects the RUC.</summary>
    public void IdentifyRuc(Ruc ruc) => Ruc = ruc.ToString();

    public void Resolve(DateOnly on, string? outcome)
    {
        if (Status == LegalProcessStatus.Resolved) return;
        if (Status != LegalProcessStatus.InProgress)
            throw new DomainException("Solo un proceso en tramitación puede darse por terminado.");
        if (on < FiledOn) throw new DomainException("La fecha de término no puede ser anterior al inicio del proceso.");
        Status = LegalProcessStatus.Resolved;
        ResolvedOn = on;
        Outcome = Text(outcome);
    }

    public void Archive(DateOnly on, string reason)
    {
        if (Status == LegalProcessStatus.Archived) return;
        if (Status != LegalProcessStatus.InProgress)
            throw new DomainException("Solo un proceso en tramitación puede archivarse.");
        if (on < FiledOn) throw new DomainException("La fecha de archivo no puede ser anterior al inicio del proceso.");
        ArchiveReason = Text(reason) ?? throw new DomainException("Indique el motivo del archivo.");
        Status = LegalProcessStatus.Archived;
        ArchivedOn = on;
    }

    /// <summary>An archived process goes back to tramitación (reapertura); the archive date and reason are cleared.</summary>
    public void Reopen()
    {
        if (Status == LegalProcessStatus.InProgress) return;
        if (Status != LegalProcessStatus.Archived) throw new DomainException("Solo un proceso archivado puede reabrirse.");
        Status = LegalProcessStatus.InProgress;
        ArchivedOn = null;
        ArchiveReason = null;
    }

    /// <summary>Records a measure ordered in this process. <paramref name="issuedByCourt"/> defaults to the process's court.</summary>
    public ProtectiveMeasure OrderMeasure(ProtectiveMeasureKind kind, string? description, DateOnly validFrom,
        DateOnly? validUntil, DateTimeOffset at, Guid by, string? issuedByCourt = null)
    {
        var measure = ProtectiveMeasure.Order(kind, description, string.IsNullOrWhiteSpace(issuedByCourt) ? Court : issuedByCourt,
            validFrom, validUntil, at, by);
        _measures.Add(measure);
        return measure;
    }

    /// <summary>Prórroga: a later last day. The same day does nothing; an earlier one is refused.</summary>
    public void ExtendMeasure(Guid measureId, DateOnly until) => Measure(measureId).Extend(until);

    /// <summary>Alzamiento from <paramref name="on"/>. Lifting again keeps the first date.</summary>
    public void LiftMeasure(Guid measureId, DateOnly on) => Measure(measureId).Lift(on);

    public IEnumerable<ProtectiveMeasure> MeasuresActiveOn(DateOnly date) => _measures.Where(m => m.IsActiveOn(date));

    private ProtectiveMeasure Measure(Guid id) =>
        _measures.FirstOrDefault(m => m.Id == id) ?? throw new DomainException("La medida no pertenece a este proceso.");

    private static string? Text(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length > MaxTextLength) throw new DomainException($"El texto no puede superar {MaxTextLength} caracteres.");
        return v;
    }
}
