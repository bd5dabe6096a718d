namespace SIIVbG.Domain.Access;

/// <summary>
/// What an administrator (N2) may do in the Panel de Administración (seed §II.2: "derechos diferenciados: la jefatura
/// TI tiene acceso total; otros N2, según su función"). Only N2 operators hold functions; the IT head holds them all and
/// is the only one who assigns them (ADR 023).
/// </summary>
[Flags]
public enum AdminFunctions
{
    None = 0,
    /// <summary>Registro de operadores/as: register, change, deactivate; apply N4/N5 requests.</summary>
    Operators = 1,
    /// <summary>Catálogos y funcionalidades: catalogues and feature switches.</summary>
    Catalogues = 2,
    /// <summary>Avisos del sistema.</summary>
    Notices = 4,
    /// <summary>APIs y conexiones, and the jobs dashboard.</summary>
    Connections = 8,
    /// <summary>Registro y control de acceso: read and export the audit trail.</summary>
    AuditTrail = 16,
    /// <summary>Importación SGP: start imports, read reports, decide doubtful matches.</summary>
    SgpImport = 32,
    /// <summary>Jefatura TI: every function, and the only one who registers administrators and assigns their functions.</summary>
    ItHead = 64,

    AllFunctions = Operators | Catalogues | Notices | Connections | AuditTrail | SgpImport,
    Full = AllFunctions | ItHead,
}

public static class AdminFunctionNames
{
    /// <summary>Functions in the order the administration pages show them, with their Spanish names.</summary>
    public static readonly IReadOnlyList<(AdminFunctions Function, string Name)> All =
    [
        (AdminFunctions.ItHead, "Jefatura TI (acceso total)"),
        (AdminFunctions.Operators, "Registro de operadores/as"),
        (AdminFunctions.Catalogues, "Catálogos y funcionalidades"),
        (AdminFunctions.Notices, "Avisos del sistema"),
        (AdminFunctions.Connections, "APIs, conexiones y trabajos"),
        (AdminFunctions.AuditTrail, "Registro y control de acceso"),
        (AdminFunctions.SgpImport, "Importación SGP"),
    ];

    public static string Describe(AdminFunctions functions) =>
        functions.HasFlag(AdminFunctions.ItHead) ? "Jefatura TI (acceso total)"
        : functions == AdminFunctions.None ? "Sin funciones asignadas"
        : string.Join(", ", All.Where(f => f.Function != AdminFunctions.ItHead && functions.HasFlag(f.Function)).Select(f => f.Name));
}
