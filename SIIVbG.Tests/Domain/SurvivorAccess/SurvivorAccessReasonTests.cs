using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Domain.Access.Survivors.SurvivorAccessReason;
using static SIIVbG.Tests.Domain.SurvivorAccess.SurvivorAccessWorld;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

/// <summary>The reason each decision gives is what the audit trail keeps: it must say why, precisely.</summary>
[Trait("Area", "Access")]
public class SurvivorAccessReasonTests
{
    public static TheoryData<AccessLevel, Relation, Sharing, GrantCase, Decision, bool, string> Reasons => new()
    {
        { AccessLevel.N2, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.Find, false, AdministratorsNeverReadSurvivors },
        { AccessLevel.N2, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.DetailOther, false, AdministratorsNeverReadSurvivors },
        { AccessLevel.N2, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.TrajOther, false, AdministratorsNeverReadSurvivors },
        { AccessLevel.N2, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.EditOwn, false, LevelNotCentreTeam },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.Find, false, LevelNeedsGrant },
        { AccessLevel.N3, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.DetailOwn, false, LevelNeedsGrant },
        { AccessLevel.N4, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.TrajOwn, false, LevelNeedsGrant },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.Find, true, ActiveGrant },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.DetailOther, true, ActiveGrant },
        { AccessLevel.N3, Relation.OwnOpen, Sharing.NoShare, GrantCase.Covering, Decision.TrajOther, true, ActiveGrant },
        { AccessLevel.N4, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.EditOwn, false, LevelNotCentreTeam },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.NotCovering, Decision.Find, true, ActiveGrant },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.NotCovering, Decision.DetailOwn, false, GrantDoesNotCoverTab },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.Expired, Decision.DetailOwn, false, GrantExpired },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.Revoked, Decision.DetailOwn, false, GrantRevoked },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.NotYetValid, Decision.Find, false, GrantNotYetValid },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.OtherSurvivor, Decision.DetailOwn, false, LevelNeedsGrant },
        { AccessLevel.N1, Relation.OwnOpen, Sharing.Shares, GrantCase.OtherOperator, Decision.DetailOwn, false, LevelNeedsGrant },
        { AccessLevel.N6, Relation.OwnClosed, Sharing.NoShare, GrantCase.None, Decision.Find, true, CaseAtOwnCentre },
        { AccessLevel.N6, Relation.OwnClosed, Sharing.NoShare, GrantCase.None, Decision.TrajOwn, true, CaseAtOwnCentre },
        { AccessLevel.N6, Relation.OwnClosed, Sharing.NoShare, GrantCase.None, Decision.DetailOwn, true, CaseAtOwnCentre },
        { AccessLevel.N6, Relation.OtherOnly, Sharing.Shares, GrantCase.None, Decision.Find, false, NoCaseAtOwnCentre },
        { AccessLevel.N6, Relation.OtherOnly, Sharing.Shares, GrantCase.None, Decision.DetailOwn, false, NoCaseAtOwnCentre },
        { AccessLevel.N5, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.TrajOther, true, SharedByConsent },
        { AccessLevel.N5, Relation.OwnOpen, Sharing.NoShare, GrantCase.None, Decision.TrajOther, false, ConsentDoesNotShare },
        { AccessLevel.N5, Relation.OwnClosed, Sharing.Shares, GrantCase.None, Decision.TrajOther, false, NoOpenCaseAtOwnCentre },
        { AccessLevel.N5, Relation.OwnClosed, Sharing.Shares, GrantCase.Expired, Decision.TrajOther, false, GrantExpired },
        { AccessLevel.N6, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.DetailOther, false, NotOwnCentre },
        { AccessLevel.N6, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.DetailOther, true, ActiveGrant },
        { AccessLevel.N6, Relation.OwnOpen, Sharing.Shares, GrantCase.NotCovering, Decision.DetailOther, false, GrantDoesNotCoverTab },
        { AccessLevel.N6, Relation.OwnOpen, Sharing.Shares, GrantCase.None, Decision.EditOwn, true, OpenCaseAtOwnCentre },
        { AccessLevel.N6, Relation.OwnClosed, Sharing.Shares, GrantCase.None, Decision.EditOwn, false, NoOpenCaseAtOwnCentre },
        { AccessLevel.N6, Relation.NoCase, Sharing.Shares, GrantCase.Covering, Decision.EditOwn, false, NoCaseAtOwnCentre },
        { AccessLevel.N6, Relation.OwnOpen, Sharing.Shares, GrantCase.Covering, Decision.EditOther, false, NotOwnCentre },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Decision_GivesItsReason(AccessLevel level, Relation relation, Sharing sharing, GrantCase grant, Decision decision,
        bool allowed, string reason)
    {
        var op = Operator(level);
        var facts = Facts(level, relation, sharing, grant);

        var actual = decision switch
        {
            Decision.Find => SurvivorAccessPolicy.CanFind(op, facts, Now),
            Decision.TrajOwn => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.CaseHistory, OwnCentre, Now),
            Decision.TrajOther => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.CaseHistory, OtherCentre, Now),
            Decision.DetailOwn => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Episodes, OwnCentre, Now),
            Decision.DetailOther => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Episodes, OtherCentre, Now),
            Decision.EditOwn => SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Episodes, OwnCentre),
            Decision.EditOther => SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Episodes, OtherCentre),
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };

        Assert.Equal(allowed, actual.IsAllowed);
        Assert.Equal(reason, actual.Reason);
    }

    [Fact]
    public void GrantedRead_NamesTheGrantForTheAuditTrail()
    {
        var n1 = Operator(AccessLevel.N1);
        var grant = Grant(n1.Id, GrantScope.Only(SurvivorTab.Legal));
        var facts = Facts(Relation.OtherOnly, Sharing.Shares, grant);

        var decision = SurvivorAccessPolicy.CanReadDetail(n1, facts, SurvivorTab.Legal, OtherCentre, Now);

        Assert.Equal(AccessDecision.Allow(ActiveGrant, grant.GrantId), decision);
    }

    [Fact]
    public void OwnCentreRead_NamesNoGrant_EvenWhenOneExists()
    {
        var n6 = Operator(AccessLevel.N6);
        var facts = Facts(Relation.OwnOpen, Sharing.Shares, Grant(n6.Id, GrantScope.AllDetailsScope));

        Assert.Equal(AccessDecision.Allow(CaseAtOwnCentre), SurvivorAccessPolicy.CanReadDetail(n6, facts, SurvivorTab.Legal, OwnCentre, Now));
    }

    [Theory]
    [InlineData(new[] { GrantCase.Expired, GrantCase.NotCovering }, GrantDoesNotCoverTab)]
    [InlineData(new[] { GrantCase.Revoked, GrantCase.NotYetValid }, GrantNotYetValid)]
    [InlineData(new[] { GrantCase.Revoked, GrantCase.Expired }, GrantExpired)]
    [InlineData(new[] { GrantCase.Revoked, GrantCase.OtherOperator }, GrantRevoked)]
    public void SeveralUnusableGrants_TheDenialNamesTheClosestToUsable(GrantCase[] grants, string reason)
    {
        var n3 = Operator(AccessLevel.N3);
        var facts = Facts(Relation.OtherOnly, Sharing.Shares, grants.SelectMany(g => Grants(g, n3.Id)).ToArray());

        Assert.Equal(AccessDecision.Deny(reason), SurvivorAccessPolicy.CanReadDetail(n3, facts, SurvivorTab.Episodes, OtherCentre, Now));
    }

    [Fact]
    public void OneUsableGrant_AmongUnusableOnes_Allows()
    {
        var n3 = Operator(AccessLevel.N3);
        var facts = Facts(Relation.OtherOnly, Sharing.Shares,
            [.. Grants(GrantCase.Expired, n3.Id), .. Grants(GrantCase.Revoked, n3.Id), .. Grants(GrantCase.Covering, n3.Id)]);

        Assert.True(SurvivorAccessPolicy.CanReadDetail(n3, facts, SurvivorTab.Episodes, OtherCentre, Now).IsAllowed);
    }
}
