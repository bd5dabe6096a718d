using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Domain.Access.Survivors.SurvivorAccessReason;

namespace SIIVbG.Domain.Access;

/// <summary>
/// Who may find, read and change one survivor's data (DESIGN §4, the paragraph after the table). Pure: the service
/// builds <see cref="SurvivorAccessFacts"/> for the operator and the survivor, asks here, writes the decision and its
/// reason to the audit trail, and throws <see cref="AccessDeniedException"/> on a denial.
/// </summary>
/// <remarks>
/// <para>The centre team is the level that opens the case panel (<see cref="AccessPolicy"/>, today N5 and N6), working
/// at the centre of its scope. It reads everything of survivors with any case (open or closed) at that centre and
/// changes it while one of those cases is open.</para>
/// <para>Everyone else reads only through an active grant covering the tab: N1 (authorised by the top authority for
/// attempted femicide or grave/vital risk), N3 (their head's approval), N4 (regional/central approval). Those
/// conditions are checked by whoever approves the grant; here a grant present in the facts is honoured as it is,
/// also when her consent does not share with other centres, because the grant is the justified exception.</para>
/// <para>N2 administrators never read survivor data, not even with a grant: who runs the system must not be able to
/// grant themselves a look (separation of duties), and what they need to keep it running never requires a record.</para>
/// </remarks>
public static class SurvivorAccessPolicy
{
    /// <summary>
    /// May she appear in this operator's name search? The centre team finds survivors with any case at its centre; anyone
    /// else (N1, N3, N4, or a centre team from elsewhere) only while holding an active grant of any scope for her, which
    /// names her already. A woman new to the centre is reached by <see cref="CanLookUpByExactRun"/>, never by names.
    /// </summary>
    public static AccessDecision CanFind(SignedInOperator op, SurvivorAccessFacts facts, DateTimeOffset now)
    {
        if (IsAdministrator(op)) return AccessDecision.Deny(AdministratorsNeverReadSurvivors);
        var ownCentre = CentreOf(op);
        if (ownCentre is not null && HasCaseAt(facts, ownCentre)) return AccessDecision.Allow(CaseAtOwnCentre);
        return ByGrant(op, facts, now, _ => true) ?? AccessDecision.Deny(ownCentre is null ? WithoutCentreReason(op) : NoCaseAtOwnCentre);
    }

    /// <summary>
    /// May the operator ask whether a registry record exists for an exact RUN ("search before create")?
    /// Only the centre team, and the service answers only <em>exists / does not exist</em> — not where, since when or why.
    /// </summary>
    /// <remarks>
    /// One record per woman is what lets her trajectory exist and spares her telling her story again; without this
    /// look-up a centre she walks into for the first time would register a duplicate. The answer does leak that she is
    /// known to the violence services, so it is limited to the exact RUN she hands over in person (no partial match,
    /// no names), to the teams that register survivors, and every look-up is audited like a read.
    /// </remarks>
    public static AccessDecision CanLookUpByExactRun(SignedInOperator op) => CentreTeamDecision(op);

    /// <summary>May the operator register a new survivor? Only the centre team, which opens her first case at its own centre.</summary>
    public static AccessDecision CanRegister(SignedInOperator op) => CentreTeamDecision(op);

    /// <summary>May the operator open a case at <paramref name="centreCode"/>? Only the centre team of that centre.</summary>
    public static AccessDecision CanOpenCaseAt(SignedInOperator op, string centreCode)
    {
        var team = CentreTeamDecision(op);
        if (!team.IsAllowed) return team;
        return string.Equals(CentreOf(op), centreCode, StringComparison.Ordinal)
            ? AccessDecision.Allow(OpensAtOwnCentre)
            : AccessDecision.Deny(NotOwnCentre);
    }

    /// <summary>
    /// May the operator see this row of her trajectory summary (Historial de Casos)? Own centre's rows: the centre team
    /// when she has any case there. Other centres' rows: the centre team of a centre where she has an OPEN case and her
    /// consent shares with other SernamEG centres. Anyone: an active grant covering <see cref="SurvivorTab.CaseHistory"/>.
    /// </summary>
    public static AccessDecision CanSeeCaseRow(SignedInOperator op, SurvivorAccessFacts facts, CaseFact row, DateTimeOffset now)
    {
        if (!facts.Cases.Contains(row)) return AccessDecision.Deny(CaseNotOfThisSurvivor);
        return TrajectoryRow(op, facts, row.CentreCode, now);
    }

    /// <summary>The centres whose case rows the operator may see; the service filters the trajectory with it.</summary>
    public static IReadOnlySet<string> VisibleTrajectoryCentres(SignedInOperator op, SurvivorAccessFacts facts, DateTimeOffset now) =>
        facts.Cases
            .Where(c => TrajectoryRow(op, facts, c.CentreCode, now).IsAllowed)
            .Select(c => c.CentreCode)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// May the operator read <paramref name="tab"/>? <paramref name="holdingCentreCode"/> is the centre that recorded the
    /// data (ignored for <see cref="SurvivorDataHolding.Registry"/> tabs; for <see cref="SurvivorTab.CaseHistory"/> it is
    /// the row's centre). The centre team reads what its own centre holds when she has a case there, and the registry
    /// tabs when she has a case at its centre; anything else needs an active grant covering the tab.
    /// </summary>
    public static AccessDecision CanReadDetail(SignedInOperator op, SurvivorAccessFacts facts, SurvivorTab tab,
        string? holdingCentreCode, DateTimeOffset now)
    {
        if (IsAdministrator(op)) return AccessDecision.Deny(AdministratorsNeverReadSurvivors);
        if (HoldingOf(tab) is not { } holding) return AccessDecision.Deny(UnknownTab);
        if (tab == SurvivorTab.CaseHistory)
            return holdingCentreCode is null
                ? ByGrant(op, facts, now, s => s.Covers(tab)) ?? AccessDecision.Deny(HoldingCentreUnknown)
                : TrajectoryRow(op, facts, holdingCentreCode, now);

        var ownCentre = CentreOf(op);
        string relation;
        if (ownCentre is null)
            relation = WithoutCentreReason(op);
        else if (holding == SurvivorDataHolding.Centre && holdingCentreCode is null)
            relation = HoldingCentreUnknown;
        else if (holding == SurvivorDataHolding.Centre && !string.Equals(holdingCentreCode, ownCentre, StringComparison.Ordinal))
            relation = NotOwnCentre;
        else if (!HasCaseAt(facts, ownCentre))
            relation = NoCaseAtOwnCentre;
        else
            return AccessDecision.Allow(CaseAtOwnCentre);

        return ByGrant(op, facts, now, s => s.Covers(tab)) ?? AccessDecision.Deny(relation);
    }

    /// <summary>
    /// May the operator change <paramref name="tab"/>? Only the centre team of the holding centre (for registry tabs, of
    /// any centre where she has a case), and only while she has an open case there: a centre that closed her case no
    /// longer works with her, and working with her again starts with a new case (<see cref="CanOpenCaseAt"/>). Grants never allow changes — they are exceptions
    /// to look, approved for a reason, not to take over another centre's record.
    /// </summary>
    public static AccessDecision CanEdit(SignedInOperator op, SurvivorAccessFacts facts, SurvivorTab tab, string? holdingCentreCode)
    {
        var team = CentreTeamDecision(op);
        if (!team.IsAllowed) return team;
        if (HoldingOf(tab) is not { } holding) return AccessDecision.Deny(UnknownTab);
        var ownCentre = CentreOf(op)!;
        if (holding == SurvivorDataHolding.Centre)
        {
            if (holdingCentreCode is null) return AccessDecision.Deny(HoldingCentreUnknown);
            if (!string.Equals(holdingCentreCode, ownCentre, StringComparison.Ordinal)) return AccessDecision.Deny(NotOwnCentre);
        }
        return HasOpenCaseAt(facts, ownCentre)
            ? AccessDecision.Allow(OpenCaseAtOwnCentre)
            : AccessDecision.Deny(HasCaseAt(facts, ownCentre) ? NoOpenCaseAtOwnCentre : NoCaseAtOwnCentre);
    }

    /// <summary>Who holds a tab's data; null for a tab nobody has classified yet, which every decision then denies.</summary>
    public static SurvivorDataHolding? HoldingOf(SurvivorTab tab) => tab switch
    {
        SurvivorTab.Identification or SurvivorTab.Summary or SurvivorTab.Consent => SurvivorDataHolding.Registry,
        SurvivorTab.CaseHistory or SurvivorTab.Episodes or SurvivorTab.Legal or SurvivorTab.Attachments
            or SurvivorTab.InterventionPlan or SurvivorTab.RelatedPersons => SurvivorDataHolding.Centre,
        _ => null,
    };

    private static AccessDecision TrajectoryRow(SignedInOperator op, SurvivorAccessFacts facts, string rowCentre, DateTimeOffset now)
    {
        if (IsAdministrator(op)) return AccessDecision.Deny(AdministratorsNeverReadSurvivors);
        var ownCentre = CentreOf(op);
        string relation;
        if (ownCentre is null)
            relation = WithoutCentreReason(op);
        else if (string.Equals(rowCentre, ownCentre, StringComparison.Ordinal))
        {
            if (HasCaseAt(facts, ownCentre)) return AccessDecision.Allow(CaseAtOwnCentre);
            relation = NoCaseAtOwnCentre;
        }
        else if (!HasOpenCaseAt(facts, ownCentre))
            relation = NoOpenCaseAtOwnCentre;
        else if (!facts.Consent.SharesWithSernamEgCentres)
            relation = ConsentDoesNotShare;
        else
            return AccessDecision.Allow(SharedByConsent);

        return ByGrant(op, facts, now, s => s.Covers(SurvivorTab.CaseHistory)) ?? AccessDecision.Deny(relation);
    }

    /// <summary>
    /// The first active grant of this operator for this survivor whose scope passes <paramref name="covers"/>; otherwise,
    /// when she holds grants for her that do not serve, the denial that says why (more useful in the audit trail than the
    /// relation); null when she holds none.
    /// </summary>
    private static AccessDecision? ByGrant(SignedInOperator op, SurvivorAccessFacts facts, DateTimeOffset now, Func<GrantScope, bool> covers)
    {
        var mine = facts.Grants.Where(g => g.OperatorId == op.Id && g.SurvivorId == facts.SurvivorId).ToList();
        if (mine.Count == 0) return null;
        var usable = mine.FirstOrDefault(g => g.StateAt(now) == GrantState.Active && covers(g.Scope));
        if (usable is not null) return AccessDecision.Allow(ActiveGrant, usable.GrantId);

        var states = mine.Select(g => g.StateAt(now)).ToHashSet();
        return AccessDecision.Deny(
            states.Contains(GrantState.Active) ? GrantDoesNotCoverTab
            : states.Contains(GrantState.NotYetValid) ? GrantNotYetValid
            : states.Contains(GrantState.Expired) ? GrantExpired
            : GrantRevoked);
    }

    private static AccessDecision CentreTeamDecision(SignedInOperator op) =>
        !IsCentreTeamLevel(op) ? AccessDecision.Deny(LevelNotCentreTeam)
        : CentreOf(op) is null ? AccessDecision.Deny(ScopeNotACentre)
        : AccessDecision.Allow(CentreTeam);

    /// <summary>Why an operator who works at no centre is denied when no grant speaks.</summary>
    private static string WithoutCentreReason(SignedInOperator op) => IsCentreTeamLevel(op) ? ScopeNotACentre : LevelNeedsGrant;

    private static bool IsAdministrator(SignedInOperator op) => op.Level == AccessLevel.N2;

    // Derived from the panel policy so the two cannot drift: whoever works a centre's cases opens the case panel.
    private static bool IsCentreTeamLevel(SignedInOperator op) => AccessPolicy.Can(op.Level, Capability.OpenCasePanel);

    /// <summary>The centre the operator works at, or null when her level or scope is not a centre team's.</summary>
    private static string? CentreOf(SignedInOperator op) =>
        IsCentreTeamLevel(op) && op.ScopeKind == ScopeKind.Centre && !string.IsNullOrWhiteSpace(op.ScopeCode) ? op.ScopeCode : null;

    private static bool HasCaseAt(SurvivorAccessFacts facts, string centre) =>
        facts.Cases.Any(c => string.Equals(c.CentreCode, centre, StringComparison.Ordinal));

    private static bool HasOpenCaseAt(SurvivorAccessFacts facts, string centre) =>
        facts.Cases.Any(c => c.IsOpen && string.Equals(c.CentreCode, centre, StringComparison.Ordinal));
}
