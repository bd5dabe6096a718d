namespace SIIVbG.Domain.Access;

/// <summary>Access levels of seed report §II.2 (DESIGN §4).</summary>
public enum AccessLevel
{
    /// <summary>Authorities and heads, central or regional.</summary>
    N1 = 1,
    /// <summary>IT administrators.</summary>
    N2 = 2,
    /// <summary>Territorial officers of the APR programme.</summary>
    N3 = 3,
    /// <summary>Executing-entity heads (municipalities, NGOs).</summary>
    N4 = 4,
    /// <summary>Centre heads.</summary>
    N5 = 5,
    /// <summary>Caseworkers (equipos interventores).</summary>
    N6 = 6,
}

/// <summary>The territory or organisation an operator's level applies to.</summary>
public enum ScopeKind
{
    Nation = 1,
    Region = 2,
    ExecutingEntity = 3,
    Centre = 4,
}

public enum Panel
{
    Aggregate = 1,
    Cases = 2,
    Administration = 3,
}

/// <summary>Actions the skeleton decides on; later features add theirs here so one policy rules them all.</summary>
public enum Capability
{
    OpenAggregatePanel,
    OpenCasePanel,
    /// <summary>Initial referral list of the operator's territory or centres, without case detail (N3, N4).</summary>
    ViewReferralList,
    AdministerOperators,
    RequestOperatorChanges,
    ViewJobsDashboard,
    PostSystemNotice,
    ViewAuditTrail,
    /// <summary>Start SGP imports, read their reports, decide doubtful matches (N2, Panel de Administración).</summary>
    ManageSgpImport,
    /// <summary>Catalogues (centres, executing entities, institutions, intervention and violence types) and feature switches.</summary>
    ManageCatalogues,
    /// <summary>Register, change or deactivate administrators and assign their functions: the IT head only (ADR 023).</summary>
    AssignAdminFunctions,
}
