using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Referrals;

namespace SIIVbG.Infrastructure.Referrals;

public static class ReferralAuditActions
{
    public const string Sent = "referral.sent";
    public const string Read = "referral.read";
    public const string ReadForSurvivor = "referral.read-for-survivor";
    public const string Received = "referral.received";
    public const string Accepted = "referral.accepted";
    public const string Rejected = "referral.rejected";
    public const string Attended = "referral.attended";
    public const string CounterReferred = "referral.counter-referred";
    public const string Withdrawn = "referral.withdrawn";
    public const string Closed = "referral.closed";
    public const string FollowUpRecorded = "referral.follow-up";
    public const string AlertRaised = "alert.raised";
    public const string AlertAcknowledged = "alert.acknowledged";
}

public sealed record CentreOption(string Code, string Name, string RegionCode);
public sealed record InstitutionOption(string Code, string Name, string Kind);
public sealed record CaseOption(Guid CaseId, string CaseNumber);

/// <summary>What the referral form needs: her open cases at the operator's centre, destinations, and what her consent lets travel.</summary>
public sealed record ReferralDraft(
    Guid SurvivorId,
    IReadOnlyList<CaseOption> Cases,
    IReadOnlyList<CentreOption> Centres,
    IReadOnlyList<InstitutionOption> Institutions,
    bool ConsentSharesWithCentres,
    bool ConsentSharesWithInstitutions,
    RiskLevel? LatestRisk,
    ReferralUrgency SuggestedUrgency,
    DateOnly Today);

public sealed record SendReferral(
    Guid SurvivorId,
    Guid CaseId,
    ReferralKind Kind,
    string? ToCentreCode,
    string? ToInstitutionCode,
    string Reason,
    ReferralUrgency Urgency,
    DateOnly DueOn,
    IReadOnlyCollection<PackageField> Fields);

/// <summary>The minimum information package as frozen when sent; a section is null when it was not shared.</summary>
public sealed record ReferralPackage(
    PackageIdentity? Identity,
    PackageContact? Contact,
    PackageIntersectional? Intersectional,
    PackageRisk? LatestRisk,
    IReadOnlyList<PackageEpisode>? RecentEpisodes,
    IReadOnlyList<PackageMeasure>? ProtectiveMeasures,
    IReadOnlyList<int?>? ChildrenAges)
{
    public static ReferralPackage Empty { get; } = new(null, null, null, null, null, null, null);
}

public sealed record PackageIdentity(string GivenNames, string Surnames, string? Run, int? Age);
public sealed record PackageContact(string? Phone, string? Address, string? Comuna);
public sealed record PackageIntersectional(string? Nationality, string? IndigenousPeople, string? MigrationStatus, string? Disability,
    string? Health, string? SubstanceUse);
public sealed record PackageRisk(RiskLevel Level, DateTimeOffset At);
public sealed record PackageEpisode(DateOnly OccurredOn, ViolenceTypes Types, AggressorRelation Relation);
public sealed record PackageMeasure(ProtectiveMeasureKind Kind, string Court, DateOnly ValidFrom, DateOnly? ValidUntil);

public enum QueueDirection { All = 0, Incoming = 1, Outgoing = 2 }

public sealed record ReferralQueueFilter(
    QueueDirection Direction = QueueDirection.All,
    ReferralState? State = null,
    ReferralUrgency? Urgency = null,
    /// <summary>Origin or destination centre/institution code.</summary>
    string? Counterpart = null,
    DateOnly? SentFrom = null,
    DateOnly? SentTo = null,
    /// <summary>Region of origin or destination.</summary>
    string? RegionCode = null,
    bool OnlyOverdue = false,
    bool OnlyPending = false);

/// <summary>A queue row: no personal data — the case number is shown only to the sending team, which holds her case.</summary>
public sealed record ReferralQueueRow(
    Guid Id,
    ReferralKind Kind,
    ReferralSide Side,
    string FromCentreCode,
    string FromName,
    string FromRegionCode,
    string ToCode,
    string ToName,
    string ToRegionCode,
    ReferralState State,
    ReferralUrgency Urgency,
    DateTimeOffset SentAt,
    DateOnly DueOn,
    bool IsOverdue,
    DateTimeOffset UpdatedAt,
    string? CaseNumber);

public sealed record ReferralQueue(IReadOnlyList<ReferralQueueRow> Rows, PendingWork? Pending, IReadOnlyList<AlertRow> Alerts, DateOnly Today,
    IReadOnlyList<CentreOption> Counterparts);

/// <summary>A centre's pending work at a glance.</summary>
public sealed record PendingWork(int ToReceive, int ToDecide, int ToAttend, int AwaitingAnswer, int OverdueIncoming, int OverdueOutgoing,
    int OpenAlerts);

public sealed record AlertRow(Guid Id, Domain.Alerts.AlertKind Kind, Guid SubjectId, DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedByName, string Summary);

public sealed record ReferralStepRow(ReferralState State, DateTimeOffset At, string ByName, string? Note);
public sealed record FollowUpRow(FollowUpKind Kind, DateTimeOffset DoneAt, string Result, string ByName);
public sealed record CounterReferralRow(string Outcome, string ServicesGiven, string Recommendation, DateTimeOffset At, string ByName);

/// <summary>
/// One referral as the operator may see it: the preview always; the package only when <see cref="Package"/> is not null
/// (the sender, or the receiver after accepting); the survivor's name only with an identification package or to the sender.
/// </summary>
public sealed record ReferralDetail(
    Guid Id,
    ReferralKind Kind,
    ReferralSide Side,
    string FromName,
    string ToName,
    string? CaseNumber,
    string Reason,
    ReferralUrgency Urgency,
    DateOnly DueOn,
    bool IsOverdue,
    ReferralState State,
    DateTimeOffset SentAt,
    string SentByName,
    IReadOnlyList<PackageField> PackageFields,
    ReferralPackage? Package,
    Guid? SurvivorId,
    string? SurvivorName,
    IReadOnlyList<ReferralStepRow> Steps,
    IReadOnlyList<FollowUpRow> FollowUps,
    CounterReferralRow? CounterReferral,
    IReadOnlySet<ReferralAction> Actions,
    uint Version);

/// <summary>Her referrals in her file, with counter-referrals: the part of her trajectory that crosses centres and institutions.</summary>
public sealed record SurvivorReferralRow(
    Guid Id, ReferralKind Kind, ReferralSide Side, string? CaseNumber, string FromName, string ToName, ReferralState State, ReferralUrgency Urgency,
    DateTimeOffset SentAt, DateOnly DueOn, bool IsOverdue, CounterReferralRow? CounterReferral);

public abstract record ReferralCommand(Guid ReferralId, uint Version);
public sealed record ReceiveReferral(Guid ReferralId, uint Version) : ReferralCommand(ReferralId, Version);
public sealed record AcceptReferral(Guid ReferralId, uint Version, string? Note) : ReferralCommand(ReferralId, Version);
public sealed record RejectReferral(Guid ReferralId, uint Version, string Reason) : ReferralCommand(ReferralId, Version);
public sealed record WithdrawReferral(Guid ReferralId, uint Version, string Reason) : ReferralCommand(ReferralId, Version);
public sealed record MarkReferralAttended(Guid ReferralId, uint Version, string? Note) : ReferralCommand(ReferralId, Version);
public sealed record SendCounterReferral(Guid ReferralId, uint Version, string Outcome, string ServicesGiven, string Recommendation)
    : ReferralCommand(ReferralId, Version);
public sealed record CloseReferral(Guid ReferralId, uint Version, string? Note) : ReferralCommand(ReferralId, Version);
public sealed record RecordReferralFollowUp(Guid ReferralId, uint Version, FollowUpKind Kind, DateTimeOffset DoneAt, string Result)
    : ReferralCommand(ReferralId, Version);
