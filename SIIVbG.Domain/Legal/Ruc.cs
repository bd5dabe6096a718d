using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Legal;

/// <summary>
/// Rol Único de Causa of the Fiscalía: ten digits (the first two are the year) plus a módulo-11 check digit
/// computed like the RUN's (<c>2400123456-7</c>). Accepts dots and spaces; keeps leading zeros (<c>0500012345-7</c>).
/// </summary>
public readonly record struct Ruc
{
    public const int BodyLength = 10;

    /// <summary>The ten digits, leading zeros kept.</summary>
    public string Body { get; }
    public char CheckDigit { get; }

    private Ruc(string body, char checkDigit)
    {
        Body = body;
        CheckDigit = checkDigit;
    }

    public static Ruc Parse(string? text) =>
        TryParse(text, out var ruc, out var error) ? ruc : throw new DomainException(error!);

    public static bool TryParse(string? text, out Ruc ruc, out string? error)
    {
        ruc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Ingrese un RUC.";
            return false;
        }
        var compact = string.Concat(text.Where(c => c is not ('.' or ' ' or '\t'))).ToUpperInvariant();
        var dash = compact.IndexOf('-');
        if (compact.Length < 2)
        {
            error = "El RUC debe tener la forma 2400123456-7.";
            return false;
        }
        var body = dash < 0 ? compact[..^1] : compact[..dash];
        var dv = dash < 0 ? compact[^1..] : compact[(dash + 1)..];
        if (body.Length != BodyLength || !body.All(char.IsAsciiDigit) || dv.Length != 1
            || !(char.IsAsciiDigit(dv[0]) || dv[0] == 'K'))
        {
            error = "El RUC debe tener la forma 2400123456-7.";
            return false;
        }
        if (ComputeCheckDigit(body) != dv[0])
        {
            error = "El dígito verificador del RUC no corresponde.";
            return false;
        }
        ruc = new Ruc(body, dv[0]);
        error = null;
        return true;
    }

    /// <summary>Módulo 11 over the digits, weights 2…7 from the right: 11 → '0', 10 → 'K'.</summary>
    public static char ComputeCheckDigit(string digits)
    {
        int sum = 0, factor = 2;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            sum += (digits[i] - '0') * factor;
            factor = factor == 7 ? 2 : factor + 1;
        }
        var r = 11 - sum % 11;
        return r switch { 11 => '0', 10 => 'K', _ => (char)('0' + r) };
    }

    public override string ToString() => $"{Body}-{CheckDigit}";
}
