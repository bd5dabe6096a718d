using System.Text.RegularExpressions;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Episodes;

/// <summary>
/// A violence episode she reported, registered by one centre (later, by any institution of the Ruta Crítica).
/// The episode belongs to the survivor; <see cref="CaseId"/> is set when it was reported within a case.
/// </summary>
public sealed partial class ViolenceEpisode
{
    public const int MaxPlaceLength = 200;
    public const int MaxObservationsLength = 4000;

    public Guid Id { get; private set; }
    public Guid SurvivorId { get; private set; }
    public Guid? CaseId { get; private set; }
    /// <summary>Code of the centre (or institution) that registered the episode.</summary>
    public string RegisteredByCentre { get; private set; } = "";
    public DateOnly OccurredOn { get; private set; }
    public TimeOnly? OccurredAtTime { get; private set; }
    public string? Place { get; private set; }
    /// <summary>Comuna CUT code, five digits (<c>13101</c>).</summary>
    public string ComunaCode { get; private set; } = "";
    public ViolenceTypes ViolenceTypes { get; private set; }
    public AggressorRelation AggressorRelation { get; private set; }
    public string? Observations { get; private set; }
    public RiskLevel? RiskAtRegistration { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public Guid RegisteredBy { get; private set; }

    private ViolenceEpisode() { }

    /// <summary>Region CUT code: the first two digits of the comuna code.</summary>
    public string RegionCode => ComunaCode[..2];

    /// <param name="at">When the episode is registered; the episode cannot have occurred after it (same offset).</param>
    public static ViolenceEpisode Register(Guid survivorId, Guid? caseId, string registeredByCentre,
        DateOnly occurredOn, TimeOnly? occurredAtTime, string? place, string comunaCode, ViolenceTypes violenceTypes,
        AggressorRelation aggressorRelation, string? observations, RiskLevel? riskAtRegistration,
        DateTimeOffset at, Guid by)
    {
        if (survivorId == Guid.Empty) throw new DomainException("El episodio debe indicar la sobreviviente.");
        if (caseId == Guid.Empty) caseId = null;
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que registra el episodio.");
        var centre = registeredByCentre?.Trim() ?? "";
        if (centre.Length == 0) throw new DomainException("Indique el centro que registra el episodio.");

        if (violenceTypes == ViolenceTypes.None)
            throw new DomainException("Indique al menos un tipo de violencia.");
        // The catalogue (ADR 024) gives meaning to flags 0–30; which of them a new episode may use is the service's check.
        if ((int)violenceTypes < 0)
            throw new DomainException("El tipo de violencia no es válido.");
        if (!Enum.IsDefined(aggressorRelation))
            throw new DomainException("Indique la relación con el agresor/a.");
        if (riskAtRegistration is { } risk && !Enum.IsDefined(risk))
            throw new DomainException("El nivel de riesgo no es válido.");

        var today = DateOnly.FromDateTime(at.DateTime);
        if (occurredOn > today)
            throw new DomainException("La fecha del episodio no puede ser posterior a la fecha de registro.");
        if (occurredOn == today && occurredAtTime is { } time && time > TimeOnly.FromDateTime(at.DateTime))
            throw new DomainException("La hora del episodio no puede ser posterior a la hora de registro.");
        if (occurredOn.Year < 1900)
            throw new DomainException("La fecha del episodio no es válida.");

        return new ViolenceEpisode
        {
            Id = Ids.NewVersion7(),
            SurvivorId = survivorId,
            CaseId = caseId,
            RegisteredByCentre = centre,
            OccurredOn = occurredOn,
            OccurredAtTime = occurredAtTime,
            Place = Text(place, MaxPlaceLength, $"El lugar no puede superar {MaxPlaceLength} caracteres."),
            ComunaCode = ValidComuna(comunaCode),
            ViolenceTypes = violenceTypes,
            AggressorRelation = aggressorRelation,
            Observations = Text(observations, MaxObservationsLength,
                $"Las observaciones no pueden superar {MaxObservationsLength} caracteres."),
            RiskAtRegistration = riskAtRegistration,
            RegisteredAt = at,
            RegisteredBy = by,
        };
    }

    /// <summary>Links the episode to the case in which it is being worked on. Linking it again to the same case does nothing.</summary>
    public void LinkToCase(Guid caseId)
    {
        if (caseId == Guid.Empty) throw new DomainException("Indique el caso.");
        if (CaseId == caseId) return;
        if (CaseId is not null) throw new DomainException("El episodio ya está asociado a otro caso.");
        CaseId = caseId;
    }

    /// <summary>Replaces the caseworker's observations (corrections are audited by the service that calls this).</summary>
    public void CorrectObservations(string? observations) =>
        Observations = Text(observations, MaxObservationsLength,
            $"Las observaciones no pueden superar {MaxObservationsLength} caracteres.");

    /// <summary>Validates a comuna CUT code: five ASCII digits whose first two are a region 01–16.</summary>
    public static string ValidComuna(string? code)
    {
        var c = code?.Trim() ?? "";
        if (!CutPattern().IsMatch(c))
            throw new DomainException("El código de comuna debe tener 5 dígitos (código CUT).");
        var region = int.Parse(c[..2]);
        if (region is < 1 or > 16)
            throw new DomainException("El código de comuna no corresponde a una región válida.");
        return c;
    }

    private static string? Text(string? value, int max, string tooLong)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length > max) throw new DomainException(tooLong);
        return v;
    }

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex CutPattern();
}
