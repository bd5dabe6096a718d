using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;

namespace SIIVbG.Domain.Referrals;

/// <summary>
/// What travels in the minimum information package (paquete mínimo de información). Each field is chosen by the sender
/// and only when her consent shares with the destination (SernamEG centres for an internal referral, institutions for
/// an external one).
/// </summary>
public enum PackageField
{
    /// <summary>Names, RUN, age.</summary>
    Identification = 1,
    /// <summary>Phone and address.</summary>
    Contact = 2,
    /// <summary>Nationality, indigenous people, migration status, disability, health, substance use.</summary>
    Intersectional = 3,
    /// <summary>Her latest risk estimate and when.</summary>
    LatestRisk = 4,
    /// <summary>Her latest episodes: date, types, aggressor relation (never the narrative).</summary>
    RecentEpisodes = 5,
    /// <summary>Protective measures in force.</summary>
    ProtectiveMeasures = 6,
    /// <summary>NNA in her care: how many and their ages.</summary>
    DependentChildren = 7,
}

/// <summary>A side of a referral the operator stands on.</summary>
public enum ReferralSide
{
    None = 0,
    /// <summary>The team of the centre that sent it.</summary>
    Sender = 1,
    /// <summary>The team of the centre it was sent to (internal referrals).</summary>
    Receiver = 2,
    /// <summary>N3 of a region or N4 of an executing entity it comes from or goes to: the list, no detail.</summary>
    Oversight = 3,
}

public enum ReferralAction
{
    Receive = 1,
    Accept = 2,
    Reject = 3,
    MarkAttended = 4,
    SendCounterReferral = 5,
    Withdraw = 6,
    Close = 7,
    RecordFollowUp = 8,
}

/// <summary>What <see cref="ReferralPolicy"/> needs to know about one referral.</summary>
public sealed record ReferralFact(
    ReferralKind Kind,
    ReferralState State,
    string FromCentreCode,
    string FromRegionCode,
    string FromExecutingEntityCode,
    string? ToCentreCode,
    string ToRegionCode,
    string? ToExecutingEntityCode)
{
    public static ReferralFact Of(Referral r) => new(r.Kind, r.State, r.FromCentreCode, r.FromRegionCode, r.FromExecutingEntityCode,
        r.ToCentreCode, r.ToRegionCode, r.ToExecutingEntityCode);
}

/// <summary>
/// Who sees and moves a referral (seed §II.1 "Derivaciones", §II.2 N3/N4). Centre teams (N5, N6) work the referrals from
/// and to their centre; N3 sees the list for referrals from/to her region and N4 for her executing entity's centres,
/// without case detail. N1 and N2 have no referral list.
/// </summary>
public static class ReferralPolicy
{
    public const string SenderTeam = "referral-sender-team";
    public const string ReceiverTeam = "referral-receiver-team";
    public const string OversightList = "referral-oversight-list";
    public const string NotInvolved = "referral-not-involved";
    public const string LevelHasNoReferralList = "level-has-no-referral-list";
    public const string OversightSeesNoDetail = "oversight-sees-list-without-detail";
    public const string PackageAfterAccepting = "package-readable-after-accepting";
    public const string NotThisSidesStep = "referral-step-belongs-to-other-side";

    public static bool CanListReferrals(SignedInOperator op) => AccessPolicy.Can(op.Level, Capability.ViewReferralList);

    public static ReferralSide SideOf(SignedInOperator op, ReferralFact r)
    {
        if (!CanListReferrals(op) || string.IsNullOrWhiteSpace(op.ScopeCode)) return ReferralSide.None;
        if (AccessPolicy.Can(op.Level, Capability.OpenCasePanel))
        {
            if (op.ScopeKind != ScopeKind.Centre) return ReferralSide.None;
            if (r.FromCentreCode == op.ScopeCode) return ReferralSide.Sender;
            if (r.Kind == ReferralKind.Internal && r.ToCentreCode == op.ScopeCode) return ReferralSide.Receiver;
            return ReferralSide.None;
        }
        return op.ScopeKind switch
        {
            ScopeKind.Region when r.FromRegionCode == op.ScopeCode || r.ToRegionCode == op.ScopeCode => ReferralSide.Oversight,
            ScopeKind.ExecutingEntity when r.FromExecutingEntityCode == op.ScopeCode || r.ToExecutingEntityCode == op.ScopeCode
                => ReferralSide.Oversight,
            _ => ReferralSide.None,
        };
    }

    /// <summary>May the referral appear in this operator's queue (the list: origin, destination, state, dates, urgency)?</summary>
    public static AccessDecision CanSeeInQueue(SignedInOperator op, ReferralFact r) => SideOf(op, r) switch
    {
        ReferralSide.Sender => AccessDecision.Allow(SenderTeam),
        ReferralSide.Receiver => AccessDecision.Allow(ReceiverTeam),
        ReferralSide.Oversight => AccessDecision.Allow(OversightList),
        _ => AccessDecision.Deny(CanListReferrals(op) ? NotInvolved : LevelHasNoReferralList),
    };

    /// <summary>
    /// May the operator read the limited preview (reason, urgency, due date, origin, which fields the package holds)?
    /// Both teams; oversight levels see only the list.
    /// </summary>
    public static AccessDecision CanPreview(SignedInOperator op, ReferralFact r) => SideOf(op, r) switch
    {
        ReferralSide.Sender => AccessDecision.Allow(SenderTeam),
        ReferralSide.Receiver => AccessDecision.Allow(ReceiverTeam),
        ReferralSide.Oversight => AccessDecision.Deny(OversightSeesNoDetail),
        _ => AccessDecision.Deny(CanListReferrals(op) ? NotInvolved : LevelHasNoReferralList),
    };

    /// <summary>
    /// May the operator read the minimum information package? The sender's team (it holds her case); the receiver's
    /// team once it has accepted her — a centre that has not taken her on reads only the preview.
    /// </summary>
    public static AccessDecision CanReadPackage(SignedInOperator op, ReferralFact r) => SideOf(op, r) switch
    {
        ReferralSide.Sender => AccessDecision.Allow(SenderTeam),
        ReferralSide.Receiver when r.State is ReferralState.Accepted or ReferralState.Attended or ReferralState.Closed
            => AccessDecision.Allow(ReceiverTeam),
        ReferralSide.Receiver => AccessDecision.Deny(PackageAfterAccepting),
        ReferralSide.Oversight => AccessDecision.Deny(OversightSeesNoDetail),
        _ => AccessDecision.Deny(CanListReferrals(op) ? NotInvolved : LevelHasNoReferralList),
    };

    /// <summary>
    /// May the operator take <paramref name="action"/>? The receiver's steps (acuse, decision, atención,
    /// contra-derivación) belong to the receiving centre of an internal referral and to the sender of an external one,
    /// who records the institution's answers. Withdrawing and closing are the sender's; follow-ups are either team's.
    /// The state machine itself is <see cref="Referral"/>'s.
    /// </summary>
    public static AccessDecision CanAct(SignedInOperator op, ReferralFact r, ReferralAction action)
    {
        var side = SideOf(op, r);
        if (side is ReferralSide.None) return AccessDecision.Deny(CanListReferrals(op) ? NotInvolved : LevelHasNoReferralList);
        if (side is ReferralSide.Oversight) return AccessDecision.Deny(OversightSeesNoDetail);
        var receiverSide = r.Kind == ReferralKind.Internal ? ReferralSide.Receiver : ReferralSide.Sender;
        var allowed = action switch
        {
            ReferralAction.Receive or ReferralAction.Accept or ReferralAction.Reject or ReferralAction.MarkAttended
                or ReferralAction.SendCounterReferral => side == receiverSide,
            ReferralAction.Withdraw or ReferralAction.Close => side == ReferralSide.Sender,
            ReferralAction.RecordFollowUp => true,
            _ => false,
        };
        return allowed
            ? AccessDecision.Allow(side == ReferralSide.Sender ? SenderTeam : ReceiverTeam)
            : AccessDecision.Deny(NotThisSidesStep);
    }
}
