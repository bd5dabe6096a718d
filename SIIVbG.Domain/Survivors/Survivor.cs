using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Domain.Survivors;

/// <summary>Where a value came from: the State asks once, and shows who said what and when.</summary>
public enum DataSource
{
    SelfReported = 1,
    Sgp = 2,
    CivilRegistry = 3,
    SocialRegistry = 4,
    SocialBenefits = 5,
}

public enum IdentityDocumentKind
{
    Run = 1,
    Passport = 2,
    ForeignId = 3,
    None = 4,
}

public enum RegisteredSex
{
    Female = 1,
    Male = 2,
    Unknown = 3,
}

/// <summary>Provenance of one field of the survivor's record.</summary>
public sealed record FieldProvenance(string Field, DataSource Source, DateTimeOffset At);

/// <summary>The fields whose provenance is tracked; stable names, stored with each value's source.</summary>
public static class SurvivorFields
{
    public const string Names = "names";
    public const string BirthDate = "birth-date";
    public const string Sex = "sex";
    public const string GenderIdentity = "gender-identity";
    public const string Nationality = "nationality";
    public const string IndigenousPeople = "indigenous-people";
    public const string MigrationStatus = "migration-status";
    public const string Disability = "disability";
    public const string Health = "health";
    public const string SubstanceUse = "substance-use";
    public const string Contact = "contact";
    public const string Address = "address";
}

/// <summary>
/// One woman, one record (sobreviviente/beneficiaria). Identified by RUN when she has one; otherwise by a foreign
/// document or none. Every personal value carries its provenance.
/// </summary>
public sealed class Survivor
{
    public const int MaxNameLength = 120;

    /// <summary>Characterisation, health, phone, e-mail and address: what the registry's columns hold.</summary>
    public const int MaxTextLength = 200;

    private readonly List<FieldProvenance> _provenance = [];

    public Guid Id { get; private set; }
    public IdentityDocumentKind DocumentKind { get; private set; }
    /// <summary>Canonical RUN (<c>12345678-5</c>) when <see cref="DocumentKind"/> is Run.</summary>
    public string? Run { get; private set; }
    /// <summary>Passport or foreign id number, as written.</summary>
    public string? DocumentNumber { get; private set; }
    public string GivenNames { get; private set; } = "";
    public string Surnames { get; private set; } = "";
    public DateOnly? BirthDate { get; private set; }
    public RegisteredSex Sex { get; private set; } = RegisteredSex.Unknown;
    public string? GenderIdentity { get; private set; }
    public string? Nationality { get; private set; }
    public string? IndigenousPeople { get; private set; }
    public string? MigrationStatus { get; private set; }
    public string? Disability { get; private set; }
    /// <summary>Health conditions she declares (specially protected data).</summary>
    public string? Health { get; private set; }
    /// <summary>Substance use she declares (specially protected data).</summary>
    public string? SubstanceUse { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public string? Address { get; private set; }
    public string? ComunaCode { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public Guid RegisteredBy { get; private set; }
    public IReadOnlyList<FieldProvenance> Provenance => _provenance;

    private Survivor() { }

    /// <summary>Registers a woman with what she says herself; registries fill and confirm the rest later.</summary>
    public static Survivor Register(Run? run, string? foreignDocument, string givenNames, string surnames, DateOnly? birthDate,
        Guid registeredBy, DateTimeOffset at, DataSource source = DataSource.SelfReported)
    {
        var survivor = new Survivor { Id = Ids.NewVersion7(), RegisteredAt = at, RegisteredBy = registeredBy };
        if (run is { } r)
        {
            survivor.DocumentKind = IdentityDocumentKind.Run;
            survivor.Run = r.ToString();
        }
        else if (!string.IsNullOrWhiteSpace(foreignDocument))
        {
            var doc = foreignDocument.Trim();
            if (doc.Length > 30) throw new DomainException("El número de documento no puede superar 30 caracteres.");
            survivor.DocumentKind = IdentityDocumentKind.ForeignId;
            survivor.DocumentNumber = doc;
        }
        else
        {
            survivor.DocumentKind = IdentityDocumentKind.None;
        }
        survivor.CorrectNames(givenNames, surnames, source, at);
        if (birthDate is not null) survivor.CorrectBirthDate(birthDate, source, at);
        return survivor;
    }

    public string FullName => $"{GivenNames} {Surnames}";

    public int? AgeOn(DateOnly day)
    {
        if (BirthDate is not { } b) return null;
        var age = day.Year - b.Year;
        return b > day.AddYears(-age) ? age - 1 : age;
    }

    public FieldProvenance? SourceOf(string field) => _provenance.LastOrDefault(p => p.Field == field);

    public void CorrectNames(string givenNames, string surnames, DataSource source, DateTimeOffset at)
    {
        givenNames = (givenNames ?? "").Trim();
        surnames = (surnames ?? "").Trim();
        if (givenNames.Length == 0) throw new DomainException("Ingrese los nombres.");
        if (surnames.Length == 0) throw new DomainException("Ingrese al menos un apellido.");
        if (givenNames.Length > MaxNameLength || surnames.Length > MaxNameLength)
            throw new DomainException($"Nombres y apellidos no pueden superar {MaxNameLength} caracteres.");
        if (givenNames == GivenNames && surnames == Surnames) return;
        GivenNames = givenNames;
        Surnames = surnames;
        Stamp(SurvivorFields.Names, source, at);
    }

    public void CorrectBirthDate(DateOnly? birthDate, DataSource source, DateTimeOffset at)
    {
        if (birthDate is { } b && (b > DateOnly.FromDateTime(at.UtcDateTime) || b.Year < 1900))
            throw new DomainException("La fecha de nacimiento no es válida.");
        if (birthDate == BirthDate) return;
        BirthDate = birthDate;
        Stamp(SurvivorFields.BirthDate, source, at);
    }

    /// <summary>Sex as the registry records it; gender identity is always self-reported and kept apart.</summary>
    public void RecordRegisteredSex(RegisteredSex sex, DataSource source, DateTimeOffset at)
    {
        if (sex == Sex) return;
        Sex = sex;
        Stamp(SurvivorFields.Sex, source, at);
    }

    public void DescribeCharacterisation(string? genderIdentity, string? nationality, string? indigenousPeople,
        string? migrationStatus, string? disability, DateTimeOffset at) =>
        DescribeCharacterisation(genderIdentity, nationality, indigenousPeople, migrationStatus, disability, DataSource.SelfReported, at);

    /// <summary>The same characterisation as another source (SGP) recorded it; the source is kept with each value.</summary>
    public void DescribeCharacterisation(string? genderIdentity, string? nationality, string? indigenousPeople,
        string? migrationStatus, string? disability, DataSource source, DateTimeOffset at)
    {
        Set(SurvivorFields.GenderIdentity, GenderIdentity, genderIdentity, v => GenderIdentity = v, at, source);
        Set(SurvivorFields.Nationality, Nationality, nationality, v => Nationality = v, at, source);
        Set(SurvivorFields.IndigenousPeople, IndigenousPeople, indigenousPeople, v => IndigenousPeople = v, at, source);
        Set(SurvivorFields.MigrationStatus, MigrationStatus, migrationStatus, v => MigrationStatus = v, at, source);
        Set(SurvivorFields.Disability, Disability, disability, v => Disability = v, at, source);
    }

    /// <summary>Health and substance use as she declares them: self-reported, never inferred.</summary>
    public void DescribeHealth(string? health, string? substanceUse, DateTimeOffset at)
    {
        Set(SurvivorFields.Health, Health, health, v => Health = v, at);
        Set(SurvivorFields.SubstanceUse, SubstanceUse, substanceUse, v => SubstanceUse = v, at);
    }

    public void UpdateContact(string? phone, string? email, string? address, string? comunaCode, DataSource source, DateTimeOffset at)
    {
        if (email is { Length: > 0 } && (!email.Contains('@') || email.Length > MaxTextLength))
            throw new DomainException("El correo electrónico no es válido.");
        if (comunaCode is { Length: > 0 } && (comunaCode.Length != 5 || !comunaCode.All(char.IsAsciiDigit)))
            throw new DomainException("La comuna debe indicarse con su código CUT de 5 dígitos.");
        if (Norm(phone) is { Length: > MaxTextLength }) throw new DomainException($"El teléfono es demasiado largo (máximo {MaxTextLength} caracteres).");
        if (Norm(address) is { Length: > MaxTextLength }) throw new DomainException($"La dirección es demasiado larga (máximo {MaxTextLength} caracteres).");
        var changedContact = Norm(phone) != Phone || Norm(email) != Email;
        var changedAddress = Norm(address) != Address || Norm(comunaCode) != ComunaCode;
        Phone = Norm(phone);
        Email = Norm(email);
        Address = Norm(address);
        ComunaCode = Norm(comunaCode);
        if (changedContact) Stamp(SurvivorFields.Contact, source, at);
        if (changedAddress) Stamp(SurvivorFields.Address, source, at);
    }

    private void Set(string field, string? current, string? value, Action<string?> assign, DateTimeOffset at,
        DataSource source = DataSource.SelfReported)
    {
        value = Norm(value);
        if (value is { Length: > MaxTextLength }) throw new DomainException($"El texto ingresado es demasiado largo (máximo {MaxTextLength} caracteres).");
        if (value == current) return;
        assign(value);
        Stamp(field, source, at);
    }

    private void Stamp(string field, DataSource source, DateTimeOffset at)
    {
        _provenance.RemoveAll(p => p.Field == field);
        _provenance.Add(new FieldProvenance(field, source, at));
    }

    private static string? Norm(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
