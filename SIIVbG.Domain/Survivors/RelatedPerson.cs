using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;

namespace SIIVbG.Domain.Survivors;

public enum RelatedPersonKind
{
    /// <summary>A child or adolescent in her care (NNA): specially protected, minimal data only.</summary>
    Child = 1,
    AllegedAggressor = 2,
}

/// <summary>
/// Someone in her story, kept in a section of its own and held by the centre that recorded it. For children only what
/// the intervention needs (first name, birth year, sex, relation) is stored: no RUN, no surnames, no address.
/// </summary>
public sealed class RelatedPerson
{
    public const int MaxNotesLength = 500, MaxNamesLength = 200, MaxRelationLength = 60;

    public Guid Id { get; private set; }
    public Guid SurvivorId { get; private set; }
    public RelatedPersonKind Kind { get; private set; }
    public string RecordedByCentre { get; private set; } = "";
    /// <summary>First name for a child; names as known for an alleged aggressor (may be unknown).</summary>
    public string? Names { get; private set; }
    public int? BirthYear { get; private set; }
    public RegisteredSex Sex { get; private set; } = RegisteredSex.Unknown;
    /// <summary>For a child: hija, hijo, nieta…; for an aggressor see <see cref="AggressorRelation"/>.</summary>
    public string? ChildRelation { get; private set; }
    public AggressorRelation? AggressorRelation { get; private set; }
    /// <summary>Occupation, habits, access to weapons… (aggressor only).</summary>
    public string? Notes { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedBy { get; private set; }

    private RelatedPerson() { }

    public static RelatedPerson RecordChild(Guid survivorId, string centreCode, string firstName, int birthYear, RegisteredSex sex,
        string relation, DateTimeOffset at, Guid by)
    {
        firstName = (firstName ?? "").Trim();
        if (firstName.Length == 0) throw new DomainException("Ingrese el nombre del niño, niña o adolescente.");
        if (firstName.Contains(' ')) throw new DomainException("Para NNA se registra solo el primer nombre.");
        if (birthYear < at.Year - 18 || birthYear > at.Year)
            throw new DomainException("El año de nacimiento no corresponde a un niño, niña o adolescente.");
        if (firstName.Length > MaxNamesLength) throw new DomainException($"El nombre no puede superar {MaxNamesLength} caracteres.");
        if (string.IsNullOrWhiteSpace(relation)) throw new DomainException("Indique la relación con la sobreviviente.");
        if (relation.Trim().Length > MaxRelationLength) throw new DomainException($"La relación no puede superar {MaxRelationLength} caracteres.");
        return new RelatedPerson
        {
            Id = Ids.NewVersion7(), SurvivorId = survivorId, Kind = RelatedPersonKind.Child, RecordedByCentre = Centre(centreCode),
            Names = firstName, BirthYear = birthYear, Sex = sex, ChildRelation = relation.Trim(), RecordedAt = at, RecordedBy = by,
        };
    }

    public static RelatedPerson RecordAggressor(Guid survivorId, string centreCode, string? names, AggressorRelation relation,
        RegisteredSex sex, int? approximateAge, string? notes, DateTimeOffset at, Guid by)
    {
        if (approximateAge is < 10 or > 110) throw new DomainException("La edad aproximada del agresor no es válida.");
        if (notes is { Length: > MaxNotesLength }) throw new DomainException($"Las observaciones no pueden superar {MaxNotesLength} caracteres.");
        if (names?.Trim() is { Length: > MaxNamesLength }) throw new DomainException($"Los nombres no pueden superar {MaxNamesLength} caracteres.");
        return new RelatedPerson
        {
            Id = Ids.NewVersion7(), SurvivorId = survivorId, Kind = RelatedPersonKind.AllegedAggressor, RecordedByCentre = Centre(centreCode),
            Names = string.IsNullOrWhiteSpace(names) ? null : names.Trim(), AggressorRelation = relation, Sex = sex,
            BirthYear = approximateAge is { } age ? at.Year - age : null,
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), RecordedAt = at, RecordedBy = by,
        };
    }

    private static string Centre(string code) =>
        string.IsNullOrWhiteSpace(code) ? throw new DomainException("Falta el centro que registra.") : code;
}
