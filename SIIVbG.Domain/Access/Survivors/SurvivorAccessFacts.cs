namespace SIIVbG.Domain.Access.Survivors;

/// <summary>
/// What <see cref="SurvivorAccessPolicy"/> needs to know about one survivor for one operator; the service reads it from
/// the database before every decision, so the policy itself stays pure.
/// </summary>
public sealed record SurvivorAccessFacts(
    Guid SurvivorId,
    IReadOnlyCollection<CaseFact> Cases,
    ConsentFact Consent,
    IReadOnlyCollection<GrantFact> Grants);

/// <summary>One case (prestación) of the survivor: a row of her trajectory.</summary>
public sealed record CaseFact(Guid CaseId, string CentreCode, string ExecutingEntityCode, string RegionCode, bool IsOpen);

/// <summary>
/// The sharing scopes of her informed consent. No consent on record means <see cref="None"/>: nothing is shared.
/// </summary>
public sealed record ConsentFact(bool SharesWithSernamEgCentres, bool SharesWithInstitutions, bool AllowsStatistics)
{
    public static ConsentFact None { get; } = new(false, false, false);
}

/// <summary>
/// An approved access grant (AccessGrant) as stored: one operator, one survivor, one scope, one time window
/// [<see cref="ValidFrom"/>, <see cref="ValidUntil"/>). Grants give read access only.
/// </summary>
public sealed record GrantFact(
    Guid GrantId,
    Guid OperatorId,
    Guid SurvivorId,
    GrantScope Scope,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    DateTimeOffset? RevokedAt)
{
    public GrantState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? GrantState.Revoked
        : now < ValidFrom ? GrantState.NotYetValid
        : now >= ValidUntil ? GrantState.Expired
        : GrantState.Active;
}

public enum GrantState
{
    Active = 1,
    NotYetValid = 2,
    Expired = 3,
    /// <summary>Any recorded revocation ends the grant, whatever its timestamp says (fail closed on clock skew).</summary>
    Revoked = 4,
}

/// <summary>Which tabs a grant opens. "All details" leaves out <see cref="SurvivorTab.RelatedPersons"/>: NNA and
/// aggressor data are opened only by a grant that names them.</summary>
public sealed class GrantScope
{
    private GrantScope(bool allDetails, IReadOnlySet<SurvivorTab> tabs)
    {
        AllDetails = allDetails;
        Tabs = tabs;
    }

    public bool AllDetails { get; }

    /// <summary>Tabs named explicitly (in addition to <see cref="AllDetails"/>).</summary>
    public IReadOnlySet<SurvivorTab> Tabs { get; }

    public static GrantScope AllDetailsScope { get; } = new(true, new HashSet<SurvivorTab>());

    public static GrantScope AllDetailsAnd(params SurvivorTab[] tabs) => new(true, tabs.ToHashSet());

    public static GrantScope Only(params SurvivorTab[] tabs)
    {
        if (tabs.Length == 0) throw new ArgumentException("A grant scope names at least one tab.", nameof(tabs));
        return new(false, tabs.ToHashSet());
    }

    public bool Covers(SurvivorTab tab) =>
        Tabs.Contains(tab) || (AllDetails && tab != SurvivorTab.RelatedPersons && Enum.IsDefined(tab));

    public override string ToString() =>
        (AllDetails ? "all details" : "") + (AllDetails && Tabs.Count > 0 ? " + " : "") + string.Join(", ", Tabs.Order());
}
