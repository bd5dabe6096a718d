namespace SIIVbG.Domain.Common;

/// <summary>Codes of catalogue entries (centres, institutions): 2 to 20 upper-case letters, digits or hyphens.</summary>
public static class CatalogueCode
{
    public static string Normalise(string? code)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        if (c.Length is < 2 or > 20 || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
            throw new DomainException("El código debe tener entre 2 y 20 letras, números o guiones.");
        return c;
    }
}
