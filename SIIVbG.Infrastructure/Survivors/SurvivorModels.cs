using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Survivors;

public enum SearchKind { Run, Names }

public enum RunLookupOutcome
{
    /// <summary>She is in the registry and the operator may open her file.</summary>
    Found,
    /// <summary>She is in the registry but not at this centre: the operator may open a case for her here, nothing more.</summary>
    ExistsElsewhere,
    NotFound,
}

public sealed record SurvivorSummary(Guid Id, string FullName, string? Run, DateOnly? BirthDate, double Score);

public sealed record SurvivorSearchResult(
    SearchKind Kind, string? Error, string? Run, RunLookupOutcome? RunOutcome, IReadOnlyList<SurvivorSummary> Matches)
{
    public static SurvivorSearchResult Invalid(SearchKind kind, string error) => new(kind, error, null, null, []);
}

/// <param name="InterventionType">The case's intervention type from the catalogue (ADR 024); null: the centre's kind.</param>
public sealed record RegisterSurvivor(string? Run, string? ForeignDocument, string GivenNames, string Surnames, DateOnly? BirthDate,
    string? InterventionType = null);

public enum RegistrationOutcome { Registered, AlreadyRegistered }

public sealed record RegistrationResult(RegistrationOutcome Outcome, Guid SurvivorId);

public sealed record SurvivorIdentity(
    Guid Id, IdentityDocumentKind DocumentKind, string? Run, string? DocumentNumber, string GivenNames, string Surnames,
    DateOnly? BirthDate, int? Age, RegisteredSex Sex, string? GenderIdentity, string? Nationality, string? IndigenousPeople,
    string? MigrationStatus, string? Disability, string? Phone, string? Email, string? Address, string? ComunaName,
    IReadOnlyList<FieldProvenance> Provenance, uint Version, string? ComunaCode = null, string? Health = null, string? SubstanceUse = null);

public sealed record CaseRow(
    Guid Id, string CaseNumber, DateTimeOffset OpenedAt, string ProgrammeLine, string InterventionType, string CentreCode,
    string CentreName, string ExecutingEntityName, CaseState State, RiskLevel? LatestRisk, bool IsOwnCentre,
    string? AdmittedByName = null, bool HasPlan = false);

public sealed record EpisodeRow(
    Guid Id, DateOnly OccurredOn, TimeOnly? OccurredAtTime, string? Place, string ComunaName, string RegionName,
    ViolenceTypes Types, AggressorRelation Relation, string? Observations, RiskLevel? Risk, string CentreCode, DateTimeOffset RegisteredAt);

public sealed record ConsentSummary(bool Obtained, bool Complete, IReadOnlyList<ConsentElement> Missing, ConsentScope Scopes, DateTimeOffset RecordedAt);

public sealed record SurvivorFile(
    SurvivorIdentity Identity,
    IReadOnlyList<CaseRow> Trajectory,
    /// <summary>Case rows the operator may not see (other centres without sharing consent or grant): only how many.</summary>
    int HiddenCases,
    IReadOnlyList<EpisodeRow> Episodes,
    int HiddenEpisodes,
    /// <summary>The episodes she may see, oldest first, with frequency and escalation (hidden ones never count).</summary>
    IReadOnlyList<TimelinePoint> Timeline,
    ConsentSummary? Consent,
    IReadOnlyList<SurvivorTab> ReadableTabs,
    bool CanEdit,
    /// <summary>Protective measures in force today in the legal processes she may read.</summary>
    int ActiveMeasures = 0)
{
    public IEnumerable<CaseRow> OpenCases => Trajectory.Where(c => Case.IsOpenState(c.State));
    public RiskLevel? LatestRisk => Trajectory.Where(c => c.LatestRisk is not null).Select(c => c.LatestRisk).Max();
}

public sealed record RecordEpisode(
    DateOnly OccurredOn, TimeOnly? OccurredAtTime, string? Place, string ComunaCode, ViolenceTypes Types,
    AggressorRelation Relation, string? Observations, RiskLevel? Risk);

/// <summary>Changes to her personal and intersectional data, as she declares them; <see cref="Version"/> is what the form was loaded with.</summary>
public sealed record UpdateIdentification(
    uint Version, string GivenNames, string Surnames, DateOnly? BirthDate, string? GenderIdentity, string? Nationality,
    string? IndigenousPeople, string? MigrationStatus, string? Disability, string? Phone, string? Email, string? Address, string? ComunaCode,
    string? Health = null, string? SubstanceUse = null);
