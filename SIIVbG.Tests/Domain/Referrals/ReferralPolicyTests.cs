using SIIVbG.Domain.Access;
using SIIVbG.Domain.Referrals;

namespace SIIVbG.Tests.Domain.Referrals;

[Trait("Area", "Referrals")]
public class ReferralPolicyTests
{
    private const string From = "CDM-13101";
    private const string To = "CDM-05101";

    private static ReferralFact Internal(ReferralState state = ReferralState.Sent) =>
        new(ReferralKind.Internal, state, From, "13", "EE-13", To, "05", "EE-05");

    private static ReferralFact External(ReferralState state = ReferralState.Sent) =>
        new(ReferralKind.External, state, From, "13", "EE-13", null, "13", null);

    private static SignedInOperator Op(AccessLevel level, ScopeKind kind, string? code) => new(Guid.NewGuid(), "1-9", level, kind, code);

    /// <summary>Who stands where on an internal referral from CDM-13101 (RM, EE-13) to CDM-05101 (Valparaíso, EE-05).</summary>
    public static TheoryData<string, SignedInOperator, ReferralSide> Sides => new()
    {
        { "N6 of the sending centre",   Op(AccessLevel.N6, ScopeKind.Centre, From), ReferralSide.Sender },
        { "N5 of the sending centre",   Op(AccessLevel.N5, ScopeKind.Centre, From), ReferralSide.Sender },
        { "N6 of the receiving centre", Op(AccessLevel.N6, ScopeKind.Centre, To), ReferralSide.Receiver },
        { "N5 of the receiving centre", Op(AccessLevel.N5, ScopeKind.Centre, To), ReferralSide.Receiver },
        { "N6 of a third centre",       Op(AccessLevel.N6, ScopeKind.Centre, "CDA-13"), ReferralSide.None },
        { "N3 of the origin region",    Op(AccessLevel.N3, ScopeKind.Region, "13"), ReferralSide.Oversight },
        { "N3 of the destination region", Op(AccessLevel.N3, ScopeKind.Region, "05"), ReferralSide.Oversight },
        { "N3 of another region",       Op(AccessLevel.N3, ScopeKind.Region, "08"), ReferralSide.None },
        { "N4 of the origin entity",    Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-13"), ReferralSide.Oversight },
        { "N4 of the destination entity", Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-05"), ReferralSide.Oversight },
        { "N4 of another entity",       Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-08"), ReferralSide.None },
        { "N1 nation",                  Op(AccessLevel.N1, ScopeKind.Nation, null), ReferralSide.None },
        { "N1 of the origin region",    Op(AccessLevel.N1, ScopeKind.Region, "13"), ReferralSide.None },
        { "N2",                         Op(AccessLevel.N2, ScopeKind.Nation, null), ReferralSide.None },
        { "N6 with a region scope",     Op(AccessLevel.N6, ScopeKind.Region, "13"), ReferralSide.None },
    };

    [Theory]
    [MemberData(nameof(Sides))]
    public void Side_DecidesQueuePreviewAndPackage(string who, SignedInOperator op, ReferralSide side)
    {
        var r = Internal();
        Assert.Equal(side, ReferralPolicy.SideOf(op, r));
        Assert.True(ReferralPolicy.CanSeeInQueue(op, r).IsAllowed == (side != ReferralSide.None), who);
        Assert.True(ReferralPolicy.CanPreview(op, r).IsAllowed == side is ReferralSide.Sender or ReferralSide.Receiver, who);
        Assert.True(ReferralPolicy.CanReadPackage(op, r).IsAllowed == (side == ReferralSide.Sender), who);
    }

    [Theory]
    [InlineData(ReferralState.Sent, false)]
    [InlineData(ReferralState.Received, false)]
    [InlineData(ReferralState.Rejected, false)]
    [InlineData(ReferralState.Withdrawn, false)]
    [InlineData(ReferralState.Accepted, true)]
    [InlineData(ReferralState.Attended, true)]
    [InlineData(ReferralState.Closed, true)]
    public void Receiver_ReadsThePackage_OnlyAfterAccepting(ReferralState state, bool readable)
    {
        var receiver = Op(AccessLevel.N6, ScopeKind.Centre, To);
        var decision = ReferralPolicy.CanReadPackage(receiver, Internal(state));
        Assert.Equal(readable, decision.IsAllowed);
        if (!readable) Assert.Equal(ReferralPolicy.PackageAfterAccepting, decision.Reason);
    }

    /// <summary>Which side may take each step: (internal sender, internal receiver, external sender).</summary>
    public static TheoryData<ReferralAction, bool, bool, bool> Actions => new()
    {
        { ReferralAction.Receive,             false, true,  true },
        { ReferralAction.Accept,              false, true,  true },
        { ReferralAction.Reject,              false, true,  true },
        { ReferralAction.MarkAttended,        false, true,  true },
        { ReferralAction.SendCounterReferral, false, true,  true },
        { ReferralAction.Withdraw,            true,  false, true },
        { ReferralAction.Close,               true,  false, true },
        { ReferralAction.RecordFollowUp,      true,  true,  true },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void Action_BelongsToItsSide(ReferralAction action, bool internalSender, bool internalReceiver, bool externalSender)
    {
        Assert.Equal(internalSender, ReferralPolicy.CanAct(Op(AccessLevel.N6, ScopeKind.Centre, From), Internal(), action).IsAllowed);
        Assert.Equal(internalReceiver, ReferralPolicy.CanAct(Op(AccessLevel.N5, ScopeKind.Centre, To), Internal(), action).IsAllowed);
        Assert.Equal(externalSender, ReferralPolicy.CanAct(Op(AccessLevel.N6, ScopeKind.Centre, From), External(), action).IsAllowed);
        // Nobody else: oversight levels, a third centre, administrators.
        Assert.False(ReferralPolicy.CanAct(Op(AccessLevel.N3, ScopeKind.Region, "13"), Internal(), action).IsAllowed);
        Assert.False(ReferralPolicy.CanAct(Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-05"), Internal(), action).IsAllowed);
        Assert.False(ReferralPolicy.CanAct(Op(AccessLevel.N6, ScopeKind.Centre, "CDA-13"), Internal(), action).IsAllowed);
        Assert.False(ReferralPolicy.CanAct(Op(AccessLevel.N2, ScopeKind.Nation, null), Internal(), action).IsAllowed);
    }

    [Fact]
    public void ExternalReferral_HasNoReceivingCentreTeam()
    {
        // A centre whose code happened to equal an institution's would still not receive it.
        var r = External() with { ToCentreCode = To };
        Assert.Equal(ReferralSide.None, ReferralPolicy.SideOf(Op(AccessLevel.N6, ScopeKind.Centre, To), r));
    }

    [Fact]
    public void Denials_SayWhy()
    {
        Assert.Equal(ReferralPolicy.LevelHasNoReferralList, ReferralPolicy.CanSeeInQueue(Op(AccessLevel.N2, ScopeKind.Nation, null), Internal()).Reason);
        Assert.Equal(ReferralPolicy.NotInvolved, ReferralPolicy.CanSeeInQueue(Op(AccessLevel.N6, ScopeKind.Centre, "X"), Internal()).Reason);
        Assert.Equal(ReferralPolicy.OversightSeesNoDetail, ReferralPolicy.CanPreview(Op(AccessLevel.N3, ScopeKind.Region, "13"), Internal()).Reason);
    }
}
