using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Infrastructure.Seeding;

public sealed record DemoOperator(
    Run Run, string GivenNames, string Surnames, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode,
    bool Active, string Role, AdminFunctions Functions = AdminFunctions.None);

public sealed record DemoCentre(string Code, string Name, string Kind, string ExecutingEntityCode, string ComunaCode, string RegionCode);

/// <summary>
/// Fictitious demo data: one operator per level, plus a caseworker at a second centre and a deactivated one.
/// RUNs are invented numbers with a valid check digit; names are invented. The ClaveÚnica simulator lists
/// the same operators in its picker.
/// </summary>
public static class DemoData
{
    public static readonly (string Code, string Name, string RegionCode)[] ExecutingEntities =
    [
        ("EE-13-DEMO", "Corporación Demo Metropolitana", "13"),
        ("EE-05-DEMO", "Fundación Demo Costa", "05"),
    ];

    public static readonly DemoCentre[] Centres =
    [
        new("CDM-13101-D", "Centro de la Mujer Santiago Centro (demo)", "Centro de la Mujer", "EE-13-DEMO", "13101", "13"),
        new("CDA-13-D", "Casa de Acogida Metropolitana (demo)", "Casa de Acogida", "EE-13-DEMO", "13114", "13"),
        new("CDM-05101-D", "Centro de la Mujer Valparaíso (demo)", "Centro de la Mujer", "EE-05-DEMO", "05101", "05"),
    ];

    public static readonly DemoOperator[] Operators =
    [
        new(Run.FromNumber(10_111_222), "Amanda Sofía", "Demo Autoridad", AccessLevel.N1, ScopeKind.Nation, null, true, "Autoridad nacional"),
        new(Run.FromNumber(10_222_333), "Beatriz", "Demo Informática", AccessLevel.N2, ScopeKind.Nation, null, true, "Jefa TI (administración total)",
            AdminFunctions.Full),
        new(Run.FromNumber(10_333_444), "Camila Andrea", "Demo Territorial", AccessLevel.N3, ScopeKind.Region, "13", true, "Encargada territorial RM"),
        new(Run.FromNumber(10_444_555), "Daniela", "Demo Ejecutora", AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-13-DEMO", true, "Jefa de ente ejecutor"),
        new(Run.FromNumber(10_555_666), "Elena Isabel", "Demo Encargada", AccessLevel.N5, ScopeKind.Centre, "CDM-13101-D", true, "Encargada de centro"),
        new(Run.FromNumber(10_666_777), "Francisca", "Demo Interventora", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D", true, "Equipo interventor"),
        new(Run.FromNumber(10_777_888), "Gabriela", "Demo Costa", AccessLevel.N6, ScopeKind.Centre, "CDM-05101-D", true, "Equipo interventor Valparaíso"),
        new(Run.FromNumber(10_888_999), "Helena", "Demo Desactivada", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D", false, "Operadora desactivada"),
        new(Run.FromNumber(11_222_333), "Irene", "Demo Jefa Costa", AccessLevel.N5, ScopeKind.Centre, "CDM-05101-D", true, "Encargada de centro Valparaíso"),
        new(Run.FromNumber(11_333_444), "Rosa", "Demo Auditora", AccessLevel.N2, ScopeKind.Nation, null, true, "Administradora: auditoría y conexiones",
            AdminFunctions.AuditTrail | AdminFunctions.Connections),
    ];

    /// <summary>A RUN with a valid check digit that is not registered: logging in with it must be refused.</summary>
    public static readonly Run UnregisteredRun = Run.FromNumber(10_999_000);
}
