using System.Text.RegularExpressions;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Legal;

/// <summary>
/// Rol Interno del Tribunal: the court's own number for a case, <c>letters-number-year</c> (<c>F-1234-2024</c>,
/// <c>C-123-2023</c>, <c>O-45-2022</c>). The letter prefix is optional because juzgados de garantía number
/// without one (<c>1234-2023</c>). Canonical form: upper case, no leading zeros in the number.
/// </summary>
public readonly partial record struct Rit
{
    public const int FirstYear = 1980;
    public const int LastYear = 2100;

    /// <summary>Court-type letters (<c>F</c>, <c>C</c>, <c>O</c>…); empty when the court uses none.</summary>
    public string Letters { get; }
    public int Number { get; }
    public int Year { get; }

    private Rit(string letters, int number, int year)
    {
        Letters = letters;
        Number = number;
        Year = year;
    }

    public static Rit Parse(string? text) =>
        TryParse(text, out var rit, out var error) ? rit : throw new DomainException(error!);

    public static bool TryParse(string? text, out Rit rit, out string? error)
    {
        rit = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Ingrese un RIT.";
            return false;
        }
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var m = Shape().Match(compact);
        if (!m.Success)
        {
            error = "El RIT debe tener la forma F-1234-2024.";
            return false;
        }
        var number = int.Parse(m.Groups["number"].Value);
        var year = int.Parse(m.Groups["year"].Value);
        if (number < 1)
        {
            error = "El número del RIT no es válido.";
            return false;
        }
        if (year is < FirstYear or > LastYear)
        {
            error = "El año del RIT no es válido.";
            return false;
        }
        rit = new Rit(m.Groups["letters"].Value, number, year);
        error = null;
        return true;
    }

    public override string ToString() => Letters.Length == 0 ? $"{Number}-{Year}" : $"{Letters}-{Number}-{Year}";

    [GeneratedRegex("^(?:(?<letters>[A-Z]{1,3})-)?(?<number>[0-9]{1,7})-(?<year>[0-9]{4})$")]
    private static partial Regex Shape();
}
