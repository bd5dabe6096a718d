namespace SIIVbG.Domain.Access;

/// <summary>
/// The single place that decides what each access level may open or do (DESIGN §4). Pages, navigation,
/// endpoints and services all ask it; nothing else encodes a level.
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// What this person may do: her level must hold the capability and, for an administrator (N2), her functions must
    /// include the one the capability needs (the IT head holds them all). Services and endpoints ask this one.
    /// </summary>
    public static bool Can(SignedInOperator op, Capability capability) =>
        Can(op.Level, capability) && (op.Level != AccessLevel.N2 || Holds(op.Functions, FunctionFor(capability)));

    /// <summary>The administrator's function a capability needs; none for capabilities outside administration.</summary>
    public static AdminFunctions FunctionFor(Capability capability) => capability switch
    {
        Capability.AdministerOperators => AdminFunctions.Operators,
        Capability.ManageCatalogues => AdminFunctions.Catalogues,
        Capability.PostSystemNotice => AdminFunctions.Notices,
        Capability.ViewJobsDashboard => AdminFunctions.Connections,
        Capability.ViewAuditTrail => AdminFunctions.AuditTrail,
        Capability.ManageSgpImport => AdminFunctions.SgpImport,
        Capability.AssignAdminFunctions => AdminFunctions.ItHead,
        _ => AdminFunctions.None,
    };

    private static bool Holds(AdminFunctions held, AdminFunctions needed) =>
        needed == AdminFunctions.None || held.HasFlag(AdminFunctions.ItHead) || held.HasFlag(needed);

    /// <summary>Whether the level can hold the capability at all (navigation, the matrix of DESIGN §4). For a person, use
    /// <see cref="Can(SignedInOperator, Capability)"/>: an N2 also needs the function.</summary>
    public static bool Can(AccessLevel level, Capability capability) => capability switch
    {
        Capability.OpenAggregatePanel => level is AccessLevel.N1 or AccessLevel.N3 or AccessLevel.N4 or AccessLevel.N5,
        // N3 and N4 reach the case panel only for the referral list (no case detail).
        Capability.OpenCasePanel => level is AccessLevel.N5 or AccessLevel.N6,
        Capability.ViewReferralList => level is AccessLevel.N3 or AccessLevel.N4 or AccessLevel.N5 or AccessLevel.N6,
        Capability.AdministerOperators => level is AccessLevel.N2,
        Capability.ManageCatalogues => level is AccessLevel.N2,
        Capability.AssignAdminFunctions => level is AccessLevel.N2,
        Capability.RequestOperatorChanges => level is AccessLevel.N4 or AccessLevel.N5,
        Capability.ViewJobsDashboard => level is AccessLevel.N2,
        Capability.PostSystemNotice => level is AccessLevel.N2,
        Capability.ViewAuditTrail => level is AccessLevel.N2,
        Capability.ManageSgpImport => level is AccessLevel.N2,
        _ => false,
    };

    /// <summary>
    /// A panel is open to a level when it holds any capability that lives there: N3 and N4 open the case panel for the
    /// referral list only; N4 and N5 open the administration panel to request operator changes.
    /// </summary>
    public static bool CanOpen(AccessLevel level, Panel panel) => panel switch
    {
        Panel.Aggregate => Can(level, Capability.OpenAggregatePanel),
        Panel.Cases => Can(level, Capability.OpenCasePanel) || Can(level, Capability.ViewReferralList),
        Panel.Administration => Can(level, Capability.AdministerOperators) || Can(level, Capability.RequestOperatorChanges),
        _ => false,
    };

    /// <summary>Panels in navigation order, limited to those the level may open.</summary>
    public static IReadOnlyList<Panel> PanelsFor(AccessLevel level) =>
        Enum.GetValues<Panel>().Where(p => CanOpen(level, p)).ToArray();

    /// <summary>Where an operator lands after login: the panel of her daily work.</summary>
    public static Panel? LandingPanel(AccessLevel level) => level switch
    {
        AccessLevel.N2 => Panel.Administration,
        AccessLevel.N5 or AccessLevel.N6 => Panel.Cases,
        AccessLevel.N1 or AccessLevel.N3 or AccessLevel.N4 => Panel.Aggregate,
        _ => null,
    };

    /// <summary>Which scope kinds make sense for a level (an N6 works at one centre, an N4 for one executing entity…).</summary>
    public static IReadOnlyList<ScopeKind> AllowedScopes(AccessLevel level) => level switch
    {
        AccessLevel.N1 => [ScopeKind.Nation, ScopeKind.Region],
        AccessLevel.N2 => [ScopeKind.Nation],
        AccessLevel.N3 => [ScopeKind.Region],
        AccessLevel.N4 => [ScopeKind.ExecutingEntity],
        AccessLevel.N5 or AccessLevel.N6 => [ScopeKind.Centre],
        _ => [],
    };
}
