using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Seeding.Generation;

/// <summary>
/// One generated survivor with everything about her, as plain values: the COPY loader writes them as rows, the
/// demo loader replays them through the domain methods (so the demo data obeys the same rules as typed data).
/// </summary>
public sealed record GeneratedCaseFile(
    GeneratedSurvivor Survivor,
    IReadOnlyList<GeneratedCase> Cases,
    IReadOnlyList<GeneratedEpisode> Episodes,
    GeneratedConsent? Consent,
    IReadOnlyList<GeneratedLegalProcess> LegalProcesses);

public sealed record GeneratedSurvivor(
    Guid Id, int Index, IdentityDocumentKind DocumentKind, string? Run, string? DocumentNumber, string GivenNames, string Surnames,
    DateOnly? BirthDate, RegisteredSex Sex, string? GenderIdentity, string? Nationality, string? IndigenousPeople,
    string? MigrationStatus, string? Disability, string? Phone, string? Email, string? Address, string ComunaCode,
    DateTimeOffset RegisteredAt, Guid RegisteredBy);

public sealed record GeneratedMilestone(Guid Id, CaseState State, DateTimeOffset At, Guid By, string? Note);

public sealed record GeneratedRiskEstimate(Guid Id, RiskLevel Level, DateTimeOffset At, Guid By);

public sealed record GeneratedCase(
    Guid Id, string CaseNumber, string ProgrammeLine, string InterventionType, string CentreCode, string ExecutingEntityCode,
    IReadOnlyList<GeneratedMilestone> Milestones, IReadOnlyList<GeneratedRiskEstimate> RiskEstimates)
{
    public CaseState State => Milestones[^1].State;
    public DateTimeOffset OpenedAt => Milestones[0].At;
    public Guid OpenedBy => Milestones[0].By;
    public GeneratedMilestone? Admission => Milestones.FirstOrDefault(m => m.State == CaseState.Intake);
    public string? DropoutReason => State == CaseState.Dropout ? Milestones[^1].Note : null;
    public GeneratedRiskEstimate? LatestRisk => RiskEstimates.Count == 0 ? null : RiskEstimates.MaxBy(r => r.At);
}

public sealed record GeneratedEpisode(
    Guid Id, Guid? CaseId, string RegisteredByCentre, DateOnly OccurredOn, TimeOnly? OccurredAtTime, string? Place,
    string ComunaCode, ViolenceTypes ViolenceTypes, AggressorRelation AggressorRelation, string? Observations,
    RiskLevel? RiskAtRegistration, DateTimeOffset RegisteredAt, Guid RegisteredBy);

/// <summary>A consent; <see cref="Revoked"/> scopes were granted at <see cref="RecordedAt"/> and revoked at <see cref="RevokedAt"/>.</summary>
public sealed record GeneratedConsent(
    Guid Id, bool Obtained, ConsentGiver GivenBy, string? RepresentativeName, string? RepresentativeRelation, ConsentForm? Form,
    ConsentDeclarations Declarations, string? SignatureEvidence, Guid? ScannedCopyId, ConsentScope Granted, ConsentScope Revoked,
    DateTimeOffset? RevokedAt, DateTimeOffset RecordedAt, Guid RecordedBy, Guid[] ScopeChangeIds)
{
    public ConsentScope Scopes => Granted & ~Revoked;
}

public sealed record GeneratedLegalProcess(
    Guid Id, Guid? CaseId, LegalProcessType Type, LegalSubject Subject, string Court, string? Rit, string? Ruc,
    LegalProcessStatus Status, DateOnly FiledOn, DateOnly? ResolvedOn, string? Outcome, DateOnly? ArchivedOn, string? ArchiveReason,
    DateTimeOffset RegisteredAt, Guid RegisteredBy, IReadOnlyList<GeneratedMeasure> Measures);

public sealed record GeneratedMeasure(
    Guid Id, ProtectiveMeasureKind Kind, string? Description, string IssuedByCourt, DateOnly ValidFrom, DateOnly? ValidUntil,
    DateOnly? LiftedOn, DateTimeOffset RecordedAt, Guid RecordedBy);
