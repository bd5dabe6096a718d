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
}
