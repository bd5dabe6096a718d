using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Tests.Domain.SurvivorAccess.SurvivorAccessWorld;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

/// <summary>
/// Tab by tab: registry tabs follow the survivor, centre-held tabs follow the centre that recorded them, consent shares
/// only the trajectory, and an "all details" grant leaves out the specially protected related persons.
/// </summary>
[Trait("Area", "Access")]
public class SurvivorTabAccessTests
{
    private const bool A = true;
    private const bool D = false;

    // Columns (N6 of the own centre unless said otherwise; consent shares with centres):
    //   readOwnClosed  read, held by own centre, her case there is closed (open case elsewhere)
    //   readOther      read, held by the other centre, open case at own centre
    //   editOwnOpen    change, held by own centre, open case there
    //   editOwnClosed  change, held by own centre, her case there is closed
    //   editOther      change, held by the other centre, open case at own centre
    //   n1AllDetails   N1 with an active "all details" grant reads what the other centre holds
    //   n1Named        N1 with an active grant naming only this tab reads what the other centre holds
    //   n2Everything   N2 with an active grant naming every tab reads what the other centre holds
    public static TheoryData<SurvivorTab, bool, bool, bool, bool, bool, bool, bool, bool> Expectations => new()
    {
        //                            readOwnClosed readOther editOwnOpen editOwnClosed editOther n1AllDetails n1Named n2Everything
        { SurvivorTab.Identification,   A,          A,        A,          D,            A,        A,           A,      D },
        { SurvivorTab.Summary,          A,          A,        A,          D,            A,        A,           A,      D },
        { SurvivorTab.CaseHistory,      A,          A,        A,          D,            D,        A,           A,      D },
        { SurvivorTab.Episodes,         A,          D,        A,          D,            D,        A,           A,      D },
        { SurvivorTab.Legal,            A,          D,        A,          D,            D,        A,           A,      D },
        { SurvivorTab.Attachments,      A,          D,        A,          D,            D,        A,           A,      D },
        { SurvivorTab.InterventionPlan, A,          D,        A,          D,            D,        A,           A,      D },
        { SurvivorTab.Consent,          A,          A,        A,          D,            A,        A,           A,      D },
        { SurvivorTab.RelatedPersons,   A,          D,        A,          D,            D,        D,           A,      D },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Tab_FollowsItsHolder(SurvivorTab tab, bool readOwnClosed, bool readOther, bool editOwnOpen, bool editOwnClosed,
        bool editOther, bool n1AllDetails, bool n1Named, bool n2Everything)
    {
        var n6 = Operator(AccessLevel.N6);
        var ownClosed = Facts(Relation.OwnClosed, Sharing.Shares);
        var ownOpen = Facts(Relation.OwnOpen, Sharing.Shares);

        Assert.Equal(readOwnClosed, SurvivorAccessPolicy.CanReadDetail(n6, ownClosed, tab, OwnCentre, Now).IsAllowed);
        Assert.Equal(readOther, SurvivorAccessPolicy.CanReadDetail(n6, ownOpen, tab, OtherCentre, Now).IsAllowed);
        Assert.Equal(editOwnOpen, SurvivorAccessPolicy.CanEdit(n6, ownOpen, tab, OwnCentre).IsAllowed);
        Assert.Equal(editOwnClosed, SurvivorAccessPolicy.CanEdit(n6, ownClosed, tab, OwnCentre).IsAllowed);
        Assert.Equal(editOther, SurvivorAccessPolicy.CanEdit(n6, ownOpen, tab, OtherCentre).IsAllowed);

        var n1 = Operator(AccessLevel.N1);
        var allDetails = Facts(Relation.OwnOpen, Sharing.Shares, Grant(n1.Id, GrantScope.AllDetailsScope));
        var named = Facts(Relation.OwnOpen, Sharing.Shares, Grant(n1.Id, GrantScope.Only(tab)));
        Assert.Equal(n1AllDetails, SurvivorAccessPolicy.CanReadDetail(n1, allDetails, tab, OtherCentre, Now).IsAllowed);
        Assert.Equal(n1Named, SurvivorAccessPolicy.CanReadDetail(n1, named, tab, OtherCentre, Now).IsAllowed);

        var n2 = Operator(AccessLevel.N2);
        var everything = Facts(Relation.OwnOpen, Sharing.Shares, Grant(n2.Id, GrantScope.AllDetailsAnd(Enum.GetValues<SurvivorTab>())));
        Assert.Equal(n2Everything, SurvivorAccessPolicy.CanReadDetail(n2, everything, tab, OtherCentre, Now).IsAllowed);
    }

    [Fact]
    public void EveryTab_HasExpectationsAndAHolder()
    {
        var covered = Expectations.Select(row => (SurvivorTab)row[0]).ToList();

        Assert.Equal(covered.Count, covered.Distinct().Count());
        Assert.Equal(Enum.GetValues<SurvivorTab>().Order(), covered.Order());
        Assert.All(Enum.GetValues<SurvivorTab>(), tab => Assert.NotNull(SurvivorAccessPolicy.HoldingOf(tab)));
    }

    [Theory]
    [InlineData(SurvivorTab.Identification, SurvivorDataHolding.Registry)]
    [InlineData(SurvivorTab.Summary, SurvivorDataHolding.Registry)]
    [InlineData(SurvivorTab.CaseHistory, SurvivorDataHolding.Centre)]
    [InlineData(SurvivorTab.Episodes, SurvivorDataHolding.Centre)]
    [InlineData(SurvivorTab.Legal, SurvivorDataHolding.Centre)]
    [InlineData(SurvivorTab.Attachments, SurvivorDataHolding.Centre)]
    [InlineData(SurvivorTab.InterventionPlan, SurvivorDataHolding.Centre)]
    [InlineData(SurvivorTab.Consent, SurvivorDataHolding.Registry)]
    [InlineData(SurvivorTab.RelatedPersons, SurvivorDataHolding.Centre)]
    public void HoldingOf_SaysWhoHoldsTheTab(SurvivorTab tab, SurvivorDataHolding expected)
    {
        Assert.Equal(expected, SurvivorAccessPolicy.HoldingOf(tab));
    }

    [Fact]
    public void UnclassifiedTab_IsDeniedEvenToTheOwnCentreAndAnAllDetailsGrant()
    {
        var unknown = (SurvivorTab)999;
        var n6 = Operator(AccessLevel.N6);
        var facts = Facts(Relation.OwnOpen, Sharing.Shares, Grant(n6.Id, GrantScope.AllDetailsScope));

        Assert.Equal(AccessDecision.Deny(SurvivorAccessReason.UnknownTab), SurvivorAccessPolicy.CanReadDetail(n6, facts, unknown, OwnCentre, Now));
        Assert.Equal(AccessDecision.Deny(SurvivorAccessReason.UnknownTab), SurvivorAccessPolicy.CanEdit(n6, facts, unknown, OwnCentre));
    }
}
