namespace SIIVbG.Domain.Referrals;

/// <summary>
/// An institution of the Ruta Crítica a centre refers survivors to (catalogue maintained by administrators): police,
/// prosecution, courts, health, the medico-legal service, victim support, municipal services, and services for sexual
/// and gender diversities that SernamEG cannot attend.
/// </summary>
public sealed class Institution
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public bool Active { get; private set; } = true;

    private Institution() { }

    public Institution(string code, string name, string kind)
    {
        Code = code;
        Name = name;
        Kind = kind;
    }

    /// <summary>A new entry of the catalogue, checked: codes are short upper-case identifiers, names and kinds required.</summary>
    public static Institution Create(string code, string name, string kind)
    {
        var c = SIIVbG.Domain.Common.CatalogueCode.Normalise(code);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) throw new SIIVbG.Domain.Common.DomainException("Indique el nombre (hasta 200 caracteres).");
        if (string.IsNullOrWhiteSpace(kind) || kind.Trim().Length > 100) throw new SIIVbG.Domain.Common.DomainException("Indique el tipo de institución (hasta 100 caracteres).");
        return new Institution(c, name.Trim(), kind.Trim());
    }

    /// <summary>Inactive institutions stay for the referrals already sent to them, but new ones cannot choose them.</summary>
    public void SetActive(bool active) => Active = active;
}
