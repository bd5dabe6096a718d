using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

/// <summary>Where the survivor has cases, relative to the operator's centre (<see cref="SurvivorAccessWorld.OwnCentre"/>).</summary>
public enum Relation
{
    /// <summary>Open case at the own centre, closed case at the other centre.</summary>
    OwnOpen,
    /// <summary>Closed case at the own centre, open case at the other centre.</summary>
    OwnClosed,
    /// <summary>Only an (open) case at the other centre.</summary>
    OtherOnly,
    /// <summary>No case anywhere.</summary>
    NoCase,
}

public enum Sharing
{
    /// <summary>Consent shares with other SernamEG centres.</summary>
    Shares,
    /// <summary>Consent shares with institutions and statistics, but not with other SernamEG centres.</summary>
    NoShare,
}

public enum GrantCase
{
    None,
    /// <summary>Active, scope names the tabs under test (CaseHistory, Episodes).</summary>
    Covering,
    /// <summary>Active, scope names another tab only (Legal).</summary>
    NotCovering,
    Expired,
    Revoked,
    NotYetValid,
    OtherSurvivor,
    OtherOperator,
}

/// <summary>A small fictitious world: two centres in two regions, one operator per level, one survivor.</summary>
public static class SurvivorAccessWorld
{
    public const string OwnCentre = "CDM-STGO-01";
    public const string OtherCentre = "CDM-VALPO-02";
    public static readonly DateTimeOffset Now = new(2025, 6, 10, 12, 0, 0, TimeSpan.FromHours(-4));
    public static readonly Guid SurvivorId = Guid.Parse("5a11a5a1-0000-4000-8000-000000000001");
    public static readonly Guid SomeoneElse = Guid.Parse("5a11a5a1-0000-4000-8000-0000000000ff");

    /// <summary>Every level sits in the own centre's territory: N1/N3 its region, N4 its executing entity, N5/N6 the centre.</summary>
    public static SignedInOperator Operator(AccessLevel level) => level switch
    {
        AccessLevel.N1 => new(OperatorId(level), "11111111-1", level, ScopeKind.Region, "13"),
        AccessLevel.N2 => new(OperatorId(level), "22222222-2", level, ScopeKind.Nation, null),
        AccessLevel.N3 => new(OperatorId(level), "33333333-3", level, ScopeKind.Region, "13"),
        AccessLevel.N4 => new(OperatorId(level), "44444444-4", level, ScopeKind.ExecutingEntity, "EE-STGO"),
        AccessLevel.N5 => new(OperatorId(level), "55555555-5", level, ScopeKind.Centre, OwnCentre),
        AccessLevel.N6 => new(OperatorId(level), "66666666-6", level, ScopeKind.Centre, OwnCentre),
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static Guid OperatorId(AccessLevel level) => Guid.Parse($"0be7a70{(int)level}-0000-4000-8000-000000000000");

    public static CaseFact OwnCase(bool open) => new(Guid.Parse("ca5e0000-0000-4000-8000-000000000001"), OwnCentre, "EE-STGO", "13", open);
    public static CaseFact OtherCase(bool open) => new(Guid.Parse("ca5e0000-0000-4000-8000-000000000002"), OtherCentre, "EE-VALPO", "05", open);

    public static CaseFact[] Cases(Relation relation) => relation switch
    {
        Relation.OwnOpen => [OwnCase(open: true), OtherCase(open: false)],
        Relation.OwnClosed => [OwnCase(open: false), OtherCase(open: true)],
        Relation.OtherOnly => [OtherCase(open: true)],
        Relation.NoCase => [],
        _ => throw new ArgumentOutOfRangeException(nameof(relation)),
    };

    public static ConsentFact Consent(Sharing sharing) => sharing == Sharing.Shares
        ? new ConsentFact(SharesWithSernamEgCentres: true, SharesWithInstitutions: true, AllowsStatistics: true)
        : new ConsentFact(SharesWithSernamEgCentres: false, SharesWithInstitutions: true, AllowsStatistics: true);

    public static GrantFact Grant(Guid operatorId, GrantScope scope, DateTimeOffset? from = null, DateTimeOffset? until = null,
        DateTimeOffset? revokedAt = null, Guid? survivorId = null) =>
        new(Guid.NewGuid(), operatorId, survivorId ?? SurvivorId, scope, from ?? Now.AddDays(-1), until ?? Now.AddDays(30), revokedAt);

    public static GrantFact[] Grants(GrantCase grant, Guid operatorId)
    {
        var underTest = GrantScope.Only(SurvivorTab.CaseHistory, SurvivorTab.Episodes);
        return grant switch
        {
            GrantCase.None => [],
            GrantCase.Covering => [Grant(operatorId, underTest)],
            GrantCase.NotCovering => [Grant(operatorId, GrantScope.Only(SurvivorTab.Legal))],
            GrantCase.Expired => [Grant(operatorId, underTest, from: Now.AddDays(-30), until: Now.AddDays(-1))],
            GrantCase.Revoked => [Grant(operatorId, underTest, revokedAt: Now.AddHours(-1))],
            GrantCase.NotYetValid => [Grant(operatorId, underTest, from: Now.AddDays(1), until: Now.AddDays(30))],
            GrantCase.OtherSurvivor => [Grant(operatorId, underTest, survivorId: SomeoneElse)],
            GrantCase.OtherOperator => [Grant(SomeoneElse, underTest)],
            _ => throw new ArgumentOutOfRangeException(nameof(grant)),
        };
    }

    public static SurvivorAccessFacts Facts(Relation relation, Sharing sharing, params GrantFact[] grants) =>
        new(SurvivorId, Cases(relation), Consent(sharing), grants);

    public static SurvivorAccessFacts Facts(AccessLevel level, Relation relation, Sharing sharing, GrantCase grant) =>
        Facts(relation, sharing, Grants(grant, OperatorId(level)));
}
