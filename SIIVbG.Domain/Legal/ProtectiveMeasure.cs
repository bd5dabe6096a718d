using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Legal;

/// <summary>Medidas cautelares / de protección most often ordered in VbG cases (Ley 20.066, Ley 19.968, CPP).</summary>
public enum ProtectiveMeasureKind
{
    /// <summary>Prohibición de acercamiento a la víctima, su domicilio, trabajo o estudio.</summary>
    RestrainingOrder = 1,
    /// <summary>Salida del agresor del hogar común.</summary>
    LeaveCommonHome = 2,
    /// <summary>Prohibición de porte o tenencia de armas; incautación.</summary>
    WeaponsBan = 3,
    /// <summary>Asistencia obligatoria a programas terapéuticos o de orientación.</summary>
    MandatoryProgramme = 4,
    /// <summary>Alimentos provisorios.</summary>
    ProvisionalAlimony = 5,
    /// <summary>Cuidado personal provisorio de los NNA.</summary>
    ProvisionalCustody = 6,
    /// <summary>Rondas / protección policial.</summary>
    PoliceProtection = 7,
    /// <summary>Monitoreo telemático.</summary>
    ElectronicMonitoring = 8,
    /// <summary>Arresto domiciliario.</summary>
    HouseArrest = 9,
    /// <summary>Prisión preventiva.</summary>
    PreventiveDetention = 10,
    /// <summary>Otra: requires a description.</summary>
    Other = 99,
}

/// <summary>A precautionary or protective measure ordered within a <see cref="LegalProcess"/>.
/// Changed only through the process (<see cref="LegalProcess.ExtendMeasure"/>, <see cref="LegalProcess.LiftMeasure"/>).</summary>
public sealed class ProtectiveMeasure
{
    public const int MaxDescriptionLength = 500;

    public Guid Id { get; private set; }
    public ProtectiveMeasureKind Kind { get; private set; }
    public string? Description { get; private set; }
    public string IssuedByCourt { get; private set; } = "";
    public DateOnly ValidFrom { get; private set; }
    /// <summary>Last day in force; null when ordered without a term.</summary>
    public DateOnly? ValidUntil { get; private set; }
    /// <summary>Day the court lifted it (alzamiento); it is no longer in force from that day.</summary>
    public DateOnly? LiftedOn { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedBy { get; private set; }

    private ProtectiveMeasure() { }

    internal static ProtectiveMeasure Order(ProtectiveMeasureKind kind, string? description, string issuedByCourt,
        DateOnly validFrom, DateOnly? validUntil, DateTimeOffset at, Guid by)
    {
        if (!Enum.IsDefined(kind)) throw new DomainException("Indique el tipo de medida.");
        var text = description?.Trim();
        if (string.IsNullOrEmpty(text)) text = null;
        if (kind == ProtectiveMeasureKind.Other && text is null) throw new DomainException("Describa la medida.");
        if (text?.Length > MaxDescriptionLength)
            throw new DomainException($"La descripción de la medida no puede superar {MaxDescriptionLength} caracteres.");
        var court = issuedByCourt?.Trim() ?? "";
        if (court.Length == 0) throw new DomainException("Indique el tribunal que decretó la medida.");
        if (validUntil < validFrom)
            throw new DomainException("La vigencia de la medida no puede terminar antes de comenzar.");
        return new ProtectiveMeasure
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Description = text,
            IssuedByCourt = court,
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            RecordedAt = at,
            RecordedBy = by,
        };
    }

    /// <summary>In force on <paramref name="date"/>: started, not past its term, not lifted (both ends inclusive).</summary>
    public bool IsActiveOn(DateOnly date) => IsInForce(ValidFrom, ValidUntil, LiftedOn, date);

    /// <summary>The same rule on a measure's dates alone, for read models that do not load the entity.</summary>
    public static bool IsInForce(DateOnly validFrom, DateOnly? validUntil, DateOnly? liftedOn, DateOnly date) =>
        date >= validFrom && (validUntil is null || date <= validUntil) && (liftedOn is null || date < liftedOn);

    internal void Extend(DateOnly until)
    {
        if (LiftedOn is not null) throw new DomainException("No es posible prorrogar una medida alzada.");
        if (ValidUntil == until) return;
        if (ValidUntil is null || until < ValidUntil)
            throw new DomainException("La prórroga debe extender la vigencia de la medida.");
        ValidUntil = until;
    }

    internal void Lift(DateOnly on)
    {
        if (LiftedOn is not null) return;
        if (on < ValidFrom) throw new DomainException("La medida no puede alzarse antes de su inicio.");
        LiftedOn = on;
    }
}
