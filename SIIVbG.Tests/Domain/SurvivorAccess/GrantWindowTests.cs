using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Tests.Domain.SurvivorAccess.SurvivorAccessWorld;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

/// <summary>A grant opens its tabs from <c>ValidFrom</c> (inclusive) until <c>ValidUntil</c> (exclusive), unless revoked.</summary>
[Trait("Area", "Access")]
public class GrantWindowTests
{
    public static TheoryData<string, TimeSpan, TimeSpan, TimeSpan?, GrantState> Windows => new()
    {
        // case                        from (rel. now)            until (rel. now)          revoked at            state
        { "starts now",                TimeSpan.Zero,             TimeSpan.FromDays(1),     null,                 GrantState.Active },
        { "starts in a tick",          TimeSpan.FromTicks(1),     TimeSpan.FromDays(1),     null,                 GrantState.NotYetValid },
        { "ends now",                  TimeSpan.FromDays(-1),     TimeSpan.Zero,            null,                 GrantState.Expired },
        { "ends in a tick",            TimeSpan.FromDays(-1),     TimeSpan.FromTicks(1),    null,                 GrantState.Active },
        { "revoked an hour ago",       TimeSpan.FromDays(-1),     TimeSpan.FromDays(1),     TimeSpan.FromHours(-1), GrantState.Revoked },
        { "revocation stamped ahead",  TimeSpan.FromDays(-1),     TimeSpan.FromDays(1),     TimeSpan.FromMinutes(5), GrantState.Revoked },
        { "revoked and expired",       TimeSpan.FromDays(-9),     TimeSpan.FromDays(-1),    TimeSpan.FromDays(-5), GrantState.Revoked },
        { "empty window",              TimeSpan.Zero,             TimeSpan.Zero,            null,                 GrantState.Expired },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Grant_IsUsableOnlyInsideItsWindow(string @case, TimeSpan from, TimeSpan until, TimeSpan? revokedAt, GrantState expected)
    {
        var n1 = Operator(AccessLevel.N1);
        var grant = Grant(n1.Id, GrantScope.Only(SurvivorTab.Episodes), from: Now + from, until: Now + until, revokedAt: Now + revokedAt);
        var facts = Facts(Relation.OtherOnly, Sharing.Shares, grant);

        Assert.Equal(expected, grant.StateAt(Now));
        Assert.True(expected == GrantState.Active == SurvivorAccessPolicy.CanReadDetail(n1, facts, SurvivorTab.Episodes, OtherCentre, Now).IsAllowed, @case);
    }

    [Fact]
    public void AllDetailsGrant_LeavesOutRelatedPersons_UnlessNamed()
    {
        Assert.False(GrantScope.AllDetailsScope.Covers(SurvivorTab.RelatedPersons));
        Assert.True(GrantScope.AllDetailsAnd(SurvivorTab.RelatedPersons).Covers(SurvivorTab.RelatedPersons));
        Assert.True(GrantScope.Only(SurvivorTab.RelatedPersons).Covers(SurvivorTab.RelatedPersons));
        Assert.False(GrantScope.Only(SurvivorTab.RelatedPersons).Covers(SurvivorTab.Episodes));
    }

    [Fact]
    public void GrantScope_NamesAtLeastOneTab()
    {
        Assert.Throws<ArgumentException>(() => GrantScope.Only());
    }
}
