using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Domain.Access.Survivors.SurvivorAccessReason;
using static SIIVbG.Tests.Domain.SurvivorAccess.SurvivorAccessWorld;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

/// <summary>Inputs the service could get wrong: the policy fails closed and says why.</summary>
[Trait("Area", "Access")]
public class SurvivorAccessEdgeTests
{
    [Fact]
    public void CentreHeldTab_WithoutHoldingCentre_IsDeniedToTheTeam()
    {
        var n6 = Operator(AccessLevel.N6);
        var facts = Facts(Relation.OwnOpen, Sharing.Shares);

        Assert.Equal(AccessDecision.Deny(HoldingCentreUnknown), SurvivorAccessPolicy.CanReadDetail(n6, facts, SurvivorTab.Episodes, null, Now));
        Assert.Equal(AccessDecision.Deny(HoldingCentreUnknown), SurvivorAccessPolicy.CanReadDetail(n6, facts, SurvivorTab.CaseHistory, null, Now));
        Assert.Equal(AccessDecision.Deny(HoldingCentreUnknown), SurvivorAccessPolicy.CanEdit(n6, facts, SurvivorTab.Episodes, null));
    }

    [Fact]
    public void CentreHeldTab_WithoutHoldingCentre_IsStillReadThroughAGrant()
    {
        var n1 = Operator(AccessLevel.N1);
        var facts = Facts(Relation.OtherOnly, Sharing.Shares, Grant(n1.Id, GrantScope.Only(SurvivorTab.Episodes, SurvivorTab.CaseHistory)));

        Assert.True(SurvivorAccessPolicy.CanReadDetail(n1, facts, SurvivorTab.Episodes, null, Now).IsAllowed);
        Assert.True(SurvivorAccessPolicy.CanReadDetail(n1, facts, SurvivorTab.CaseHistory, null, Now).IsAllowed);
    }

    [Theory]
    [InlineData(SurvivorTab.Identification)]
    [InlineData(SurvivorTab.Summary)]
    [InlineData(SurvivorTab.Consent)]
    public void RegistryTab_NeedsNoHoldingCentre(SurvivorTab tab)
    {
        var n6 = Operator(AccessLevel.N6);
        var facts = Facts(Relation.OwnOpen, Sharing.NoShare);

        Assert.True(SurvivorAccessPolicy.CanReadDetail(n6, facts, tab, null, Now).IsAllowed);
        Assert.True(SurvivorAccessPolicy.CanEdit(n6, facts, tab, null).IsAllowed);
    }

    [Theory]
    [InlineData(SurvivorTab.Identification)]
    [InlineData(SurvivorTab.Summary)]
    [InlineData(SurvivorTab.Consent)]
    public void RegistryTab_IsClosedToACentreWhereSheHasNoCase_EvenIfConsentShares(SurvivorTab tab)
    {
        var n6 = Operator(AccessLevel.N6);
        var facts = Facts(Relation.OtherOnly, Sharing.Shares);

        Assert.Equal(AccessDecision.Deny(NoCaseAtOwnCentre), SurvivorAccessPolicy.CanReadDetail(n6, facts, tab, OtherCentre, Now));
    }

    [Fact]
    public void CaseRow_OfAnotherSurvivor_IsDenied()
    {
        var n6 = Operator(AccessLevel.N6);
        var facts = Facts(Relation.OwnOpen, Sharing.Shares);
        var stranger = new CaseFact(Guid.NewGuid(), OwnCentre, "EE-STGO", "13", IsOpen: true);

        Assert.Equal(AccessDecision.Deny(CaseNotOfThisSurvivor), SurvivorAccessPolicy.CanSeeCaseRow(n6, facts, stranger, Now));
    }

    [Fact]
    public void CentreTeamWithoutACentreScope_SeesNothingByRelation_ButHerGrantsStillCount()
    {
        var misconfigured = Operator(AccessLevel.N6) with { ScopeKind = ScopeKind.Region, ScopeCode = OwnCentre };
        var none = Facts(Relation.OwnOpen, Sharing.Shares);
        var granted = Facts(Relation.OwnOpen, Sharing.Shares, Grant(misconfigured.Id, GrantScope.Only(SurvivorTab.Episodes)));

        Assert.Equal(AccessDecision.Deny(ScopeNotACentre), SurvivorAccessPolicy.CanFind(misconfigured, none, Now));
        Assert.Equal(AccessDecision.Deny(ScopeNotACentre), SurvivorAccessPolicy.CanReadDetail(misconfigured, none, SurvivorTab.Episodes, OwnCentre, Now));
        Assert.Empty(SurvivorAccessPolicy.VisibleTrajectoryCentres(misconfigured, none, Now));
        Assert.True(SurvivorAccessPolicy.CanReadDetail(misconfigured, granted, SurvivorTab.Episodes, OwnCentre, Now).IsAllowed);
        Assert.False(SurvivorAccessPolicy.CanEdit(misconfigured, granted, SurvivorTab.Episodes, OwnCentre).IsAllowed);
    }

    [Fact]
    public void CentreCodes_AreComparedExactly()
    {
        var n6 = Operator(AccessLevel.N6) with { ScopeCode = OwnCentre.ToLowerInvariant() };
        var facts = Facts(Relation.OwnOpen, Sharing.Shares);

        Assert.False(SurvivorAccessPolicy.CanFind(n6, facts, Now).IsAllowed);
    }

    [Fact]
    public void Trajectory_WithSharingConsent_ShowsEveryCentreWhereSheHasACase()
    {
        var n5 = Operator(AccessLevel.N5);
        var third = new CaseFact(Guid.NewGuid(), "CDA-ARICA-03", "EE-ARICA", "15", IsOpen: false);
        var facts = new SurvivorAccessFacts(SurvivorId, [OwnCase(open: true), OtherCase(open: false), third], Consent(Sharing.Shares), []);

        Assert.Equal(new HashSet<string> { OwnCentre, OtherCentre, "CDA-ARICA-03" },
            SurvivorAccessPolicy.VisibleTrajectoryCentres(n5, facts, Now).ToHashSet());
    }

    [Fact]
    public void NoConsentOnRecord_SharesNothing()
    {
        var n5 = Operator(AccessLevel.N5);
        var facts = new SurvivorAccessFacts(SurvivorId, SurvivorAccessWorld.Cases(Relation.OwnOpen), ConsentFact.None, []);

        Assert.Equal(new HashSet<string> { OwnCentre }, SurvivorAccessPolicy.VisibleTrajectoryCentres(n5, facts, Now).ToHashSet());
    }
}
