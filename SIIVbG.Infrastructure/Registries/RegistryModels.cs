namespace SIIVbG.Infrastructure.Registries;

public enum RegistryOutcome { Found, NotFound, Unavailable }

/// <summary>One registry's answer about one person: the values with their source and when they were read, or why not.</summary>
public sealed record RegistryAnswer<T>(RegistryOutcome Outcome, T? Value, string Source, DateTimeOffset? RetrievedAt, string? Message) where T : class
{
    public static RegistryAnswer<T> Found(T value, string source, DateTimeOffset at) => new(RegistryOutcome.Found, value, source, at, null);
    public static RegistryAnswer<T> NotFound(string source, DateTimeOffset at) =>
        new(RegistryOutcome.NotFound, null, source, at, $"{source} no tiene registro de esta persona.");
    public static RegistryAnswer<T> Unavailable(string source, string message) => new(RegistryOutcome.Unavailable, null, source, null, message);
}

/// <summary>Registro Civil: identity and vital status.</summary>
public sealed record CivilRecord(string GivenNames, string Surnames, DateOnly BirthDate, string Sex, string VitalStatus, DateOnly? DeathDate,
    string RegionCode, string ProvinceCode, string ComunaCode);

public sealed record HouseholdMember(string GivenNames, string Relation, int Age);

/// <summary>Registro Social de Hogares: the household and its socio-economic bracket (tramo de calificación).</summary>
public sealed record HouseholdRecord(long Folio, string Address, string ComunaCode, string Bracket, DateOnly SurveyDate, IReadOnlyList<HouseholdMember> Members);

public sealed record Benefit(string Name, string Institution, int Amount, DateOnly GrantedOn);

/// <summary>Registro de Información Social: benefits received.</summary>
public sealed record BenefitsRecord(IReadOnlyList<Benefit> Benefits);

/// <summary>Where the registries are and how patient to be with them (configuration section <c>Registries</c>).</summary>
public sealed class RegistriesOptions
{
    public const string Section = "Registries";
    public bool Enabled { get; set; } = true;
    public string? RegistroCivilUrl { get; set; }
    public string? RshUrl { get; set; }
    public string? RisUrl { get; set; }
    /// <summary>One attempt's limit.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 3;
    /// <summary>The whole call's limit, retries included: the page never waits longer.</summary>
    public double TotalTimeoutSeconds { get; set; } = 8;
    public int Retries { get; set; } = 2;
    /// <summary>Failures within the sampling window that open the circuit (then calls fail at once for <see cref="BreakSeconds"/>).</summary>
    public int CircuitMinimumThroughput { get; set; } = 6;
    public double BreakSeconds { get; set; } = 30;
    public double CacheMinutes { get; set; } = 10;
}
