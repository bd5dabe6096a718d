using System.Text;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Identity;

/// <summary>
/// A Chilean RUN: body number plus módulo-11 check digit (0–9 or K). Accepts any usual spelling
/// (<c>12.345.678-5</c>, <c>12345678-5</c>, <c>123456785</c>, lower-case k, spaces) and keeps one canonical form.
/// </summary>
public readonly record struct Run
{
    public int Number { get; }
    public char CheckDigit { get; }

    private Run(int number, char checkDigit)
    {
        Number = number;
        CheckDigit = checkDigit;
    }

    public static Run Create(int number, char checkDigit)
    {
        if (number is < 1 or > 99_999_999)
            throw new DomainException("El número del RUN está fuera de rango.");
        var dv = char.ToUpperInvariant(checkDigit);
        if (dv != ComputeCheckDigit(number))
            throw new DomainException("El dígito verificador del RUN no corresponde.");
        return new Run(number, dv);
    }

    public static Run FromNumber(int number) => Create(number, ComputeCheckDigit(number));

    public static Run Parse(string? text) =>
        TryParse(text, out var run, out var error) ? run : throw new DomainException(error!);

    public static bool TryParse(string? text, out Run run, out string? error)
    {
        run = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Ingrese un RUN.";
            return false;
        }
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '.' or '-' or ' ' or '\t') continue;
            compact.Append(char.ToUpperInvariant(c));
        }
        var s = compact.ToString();
        if (s.Length < 2 || s.Length > 9 || !s[..^1].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(s[^1]) || s[^1] == 'K'))
        {
            error = "El RUN debe tener la forma 12.345.678-5.";
            return false;
        }
        var number = int.Parse(s[..^1]);
        if (number < 1)
        {
            error = "El número del RUN está fuera de rango.";
            return false;
        }
        if (ComputeCheckDigit(number) != s[^1])
        {
            error = "El dígito verificador del RUN no corresponde.";
            return false;
        }
        run = new Run(number, s[^1]);
        error = null;
        return true;
    }

    public static char ComputeCheckDigit(int number)
    {
        int sum = 0, factor = 2;
        for (var n = number; n > 0; n /= 10)
        {
            sum += n % 10 * factor;
            factor = factor == 7 ? 2 : factor + 1;
        }
        var r = 11 - sum % 11;
        return r switch { 11 => '0', 10 => 'K', _ => (char)('0' + r) };
    }

    /// <summary>Canonical storage form: <c>12345678-5</c>.</summary>
    public override string ToString() => $"{Number}-{CheckDigit}";

    /// <summary>Display form used in the UI (es-CL): <c>12.345.678-5</c>.</summary>
    public string ToDisplay() => $"{Number.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.')}-{CheckDigit}";
}
