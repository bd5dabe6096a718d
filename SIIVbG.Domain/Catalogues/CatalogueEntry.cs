using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;

namespace SIIVbG.Domain.Catalogues;

/// <summary>Catalogues administrators maintain without a deploy (Creación de nuevas funcionalidades, ADR 024).</summary>
public enum CatalogueKind
{
    /// <summary>Tipo de intervención of a case; the code is what cases and SGP store.</summary>
    InterventionType = 1,
    /// <summary>Tipo de violencia of an episode; the code is SGP's, the bit is the episode's flag.</summary>
    ViolenceType = 2,
}

/// <summary>
/// One entry of a catalogue: a stable code (what records store and SGP sends), a name people read, and whether new records
/// may use it. Entries are renamed or deactivated, never deleted: past cases and episodes keep pointing at them.
/// </summary>
public sealed class CatalogueEntry
{
    /// <summary>Violence types are an episode's flags: 31 of them fit (bits 0–30).</summary>
    public const int MaxViolenceTypes = 31;

    public CatalogueKind Kind { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool IsActive { get; private set; }
    /// <summary>For a violence type: its flag in <see cref="ViolenceTypes"/>; null for other catalogues.</summary>
    public int? Bit { get; private set; }

    private CatalogueEntry() { }

    /// <summary>For seeding (HasData) and tests: an entry exactly as given.</summary>
    public CatalogueEntry(CatalogueKind kind, string code, string name, int? bit = null)
    {
        Kind = kind;
        Code = code;
        Name = name;
        Bit = bit;
        IsActive = true;
    }

    public static CatalogueEntry InterventionType(string code, string name) =>
        new(CatalogueKind.InterventionType, NormaliseCode(code), NormaliseName(name));

    /// <summary>A new violence type takes the lowest free flag.</summary>
    public static CatalogueEntry ViolenceType(string code, string name, IEnumerable<int> usedBits)
    {
        var used = usedBits.ToHashSet();
        var free = Enumerable.Range(0, MaxViolenceTypes).Select(i => 1 << i).FirstOrDefault(b => !used.Contains(b));
        if (free == 0) throw new DomainException($"No caben más tipos de violencia (máximo {MaxViolenceTypes}); desactive y reutilice uno existente.");
        return new CatalogueEntry(CatalogueKind.ViolenceType, NormaliseCode(code), NormaliseName(name), free);
    }

    public void Rename(string name) => Name = NormaliseName(name);

    public void Deactivate() => IsActive = false;

    public void Reactivate() => IsActive = true;

    /// <summary>Codes: 2 to 60 letters, digits, spaces, hyphens or underscores, as SGP and our cases write them.</summary>
    public static string NormaliseCode(string? code)
    {
        var c = (code ?? "").Trim();
        if (c.Length is < 2 or > 60 || !c.All(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_'))
            throw new DomainException("El código debe tener entre 2 y 60 letras, números, espacios, guiones o guiones bajos.");
        return c;
    }

    private static string NormaliseName(string? name)
    {
        var n = (name ?? "").Trim();
        if (n.Length is < 2 or > 120) throw new DomainException("El nombre debe tener entre 2 y 120 caracteres.");
        return n;
    }

    /// <summary>The entries every installation starts with: the violence types of the episode form and SGP, and the
    /// intervention types our cases and SGP's snapshots use.</summary>
    public static IReadOnlyList<CatalogueEntry> Seed { get; } =
    [
        new(CatalogueKind.ViolenceType, "FISICA", "Física", (int)ViolenceTypes.Physical),
        new(CatalogueKind.ViolenceType, "PSICOLOGICA", "Psicológica", (int)ViolenceTypes.Psychological),
        new(CatalogueKind.ViolenceType, "SEXUAL", "Sexual", (int)ViolenceTypes.Sexual),
        new(CatalogueKind.ViolenceType, "ECONOMICA", "Económica / patrimonial", (int)ViolenceTypes.Economic),
        new(CatalogueKind.ViolenceType, "SIMBOLICA", "Simbólica", (int)ViolenceTypes.Symbolic),
        new(CatalogueKind.ViolenceType, "DIGITAL", "Digital", (int)ViolenceTypes.Digital),
        new(CatalogueKind.ViolenceType, "OTRA", "Otra", (int)ViolenceTypes.Other),
        new(CatalogueKind.InterventionType, "Centro de la Mujer", "Atención en Centro de la Mujer"),
        new(CatalogueKind.InterventionType, "Casa de Acogida", "Protección en Casa de Acogida"),
        new(CatalogueKind.InterventionType, "INTERVENCION_PSICOSOCIOJURIDICA", "Intervención psicosociojurídica"),
        new(CatalogueKind.InterventionType, "ORIENTACION", "Orientación e información"),
        new(CatalogueKind.InterventionType, "SIN_INFORMACION", "Sin información"),
    ];
}
