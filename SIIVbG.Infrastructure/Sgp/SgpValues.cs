using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>SGP's values as typed by centre staff, read into the registry's (SPEC "CSV dialect" and "Columns").</summary>
internal static class SgpValues
{
    private static readonly string[] DateFormats = ["dd-MM-yyyy", "yyyy-MM-dd"];

    /// <summary>Empty is unknown (null, true); an unreadable date is (null, false).</summary>
    public static (DateOnly? Value, bool Ok) Date(string? text)
    {
        if (text is null) return (null, true);
        if (TryDigits(text, out var d)) return (d, true);
        return DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out d) ? (d, true) : (null, false);
    }

    /// <summary>
    /// The two formats read digit by digit: a night has millions of dates and the general parser was a tenth of the
    /// import's time. Anything else (and any impossible day) goes to the general parser, which decides as before.
    /// </summary>
    private static bool TryDigits(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10) return false;
        int year, month, day;
        if (text[2] == '-' && text[5] == '-')
        {
            if (!Number(text, 0, 2, out day) || !Number(text, 3, 2, out month) || !Number(text, 6, 4, out year)) return false;
        }
        else if (text[4] == '-' && text[7] == '-')
        {
            if (!Number(text, 0, 4, out year) || !Number(text, 5, 2, out month) || !Number(text, 8, 2, out day)) return false;
        }
        else return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;

        static bool Number(string s, int start, int length, out int value)
        {
            value = 0;
            for (var i = start; i < start + length; i++)
            {
                var c = s[i];
                if (c is < '0' or > '9') return false;
                value = value * 10 + (c - '0');
            }
            return true;
        }
    }

    public static TimeOnly? Time(string? text) =>
        text is not null && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>A day of SGP as a moment: noon in Chile (UTC−3), stored in UTC (SGP records days, not times).</summary>
    public static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);

    /// <summary>Accent- and case-free words of a name in order, so that swapped surnames compare equal.</summary>
    public static string NameKey(string? given, string? surnames) =>
        string.Join(' ', Words($"{given} {surnames}").Order(StringComparer.Ordinal));

    /// <summary>
    /// Two name keys (see <see cref="NameKey"/>) that may be the same woman though not equal: one holds the other's words
    /// (a second name or surname left out) or, with as many words, one word is a small typo away (two edits or fewer);
    /// at least two words in common either way.
    /// </summary>
    public static bool NamesClose(string a, string b)
    {
        if (a == b) return false;
        var x = a.Split(' ');
        var y = b.Split(' ');
        // Words as a multiset: a repeated surname ("Rojas Rojas") counts twice, on each side.
        var left = x.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var onlyY = new List<string>();
        foreach (var w in y)
        {
            if (left.TryGetValue(w, out var n) && n > 0) left[w] = n - 1;
            else onlyY.Add(w);
        }
        var onlyX = left.SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).ToList();
        var common = y.Length - onlyY.Count;
        if (common < 2) return false;
        if (common == Math.Min(x.Length, y.Length)) return true;
        if (x.Length != y.Length || onlyX.Count != 1 || onlyY.Count != 1) return false;
        return Edits(onlyX[0], onlyY[0]) <= 2;
    }

    private static int Edits(string s, string t)
    {
        var d = new int[s.Length + 1, t.Length + 1];
        for (var i = 0; i <= s.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= t.Length; j++) d[0, j] = j;
        for (var i = 1; i <= s.Length; i++)
            for (var j = 1; j <= t.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1));
        return d[s.Length, t.Length];
    }

    public static IEnumerable<string> Words(string text)
    {
        var folded = new StringBuilder();
        // Plain ASCII has no marks to take off: decomposing it gives it back unchanged.
        foreach (var c in System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Title case for names typed in capitals or lower case ("SOTO" → "Soto").</summary>
    public static string Proper(string text)
    {
        var trimmed = text.Trim();
        return AsciiWords(trimmed) ? AsciiTitle(trimmed) : Chile.TextInfo.ToTitleCase(trimmed.ToLower(Chile));
    }

    /// <summary>Only ASCII letters and single spaces: the names SGP sends most, title-cased without the culture's tables.</summary>
    private static bool AsciiWords(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' ? i == 0 || text[i - 1] == ' ' : !char.IsAsciiLetter(c)) return false;
        }
        return true;
    }

    private static string AsciiTitle(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
            span[i] = i == 0 || source[i - 1] == ' ' ? char.ToUpperInvariant(source[i]) : char.ToLowerInvariant(source[i]);
    });

    private static readonly CultureInfo Chile = CultureInfo.GetCultureInfo("es-CL");

    public static RegisteredSex Sex(string? text) => text?.ToUpperInvariant() switch
    {
        "F" or "FEMENINO" or "MUJER" => RegisteredSex.Female,
        "M" or "MASCULINO" or "HOMBRE" => RegisteredSex.Male,
        _ => RegisteredSex.Unknown,
    };

    public static CaseState? CaseState(string? text) => text?.ToUpperInvariant() switch
    {
        "ORIENTACION" => Domain.Cases.CaseState.Orientation,
        "INGRESADO" => Domain.Cases.CaseState.Intake,
        "EN_INTERVENCION" => Domain.Cases.CaseState.Intervention,
        "EGRESADO" => Domain.Cases.CaseState.Discharge,
        "SEGUIMIENTO" => Domain.Cases.CaseState.FollowUp,
        "DESERCION" => Domain.Cases.CaseState.Dropout,
        _ => null,
    };

    public static CaseState? MilestoneState(string? text) => text?.ToUpperInvariant() switch
    {
        "ORIENTACION" => Domain.Cases.CaseState.Orientation,
        "INGRESO" => Domain.Cases.CaseState.Intake,
        "EGRESO" => Domain.Cases.CaseState.Discharge,
        "SEGUIMIENTO" => Domain.Cases.CaseState.FollowUp,
        _ => null,
    };

    public static RiskLevel? Risk(string? text) => text?.ToUpperInvariant() switch
    {
        "BAJO" => RiskLevel.Low,
        "MEDIO" => RiskLevel.Medium,
        "ALTO" => RiskLevel.High,
        "VITAL" => RiskLevel.Vital,
        _ => null,
    };

    /// <summary>The types named, and the names it did not know (kept as "other"). <paramref name="catalogue"/> resolves the
    /// codes administrators added to the violence-type catalogue (ADR 024) before the built-in ones.</summary>
    public static (ViolenceTypes Types, IReadOnlyList<string> Unknown) ViolenceTypes(string? text, Func<string, ViolenceTypes?>? catalogue = null)
    {
        var types = Domain.Episodes.ViolenceTypes.None;
        var unknown = new List<string>();
        foreach (var part in (text ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (catalogue?.Invoke(part) is { } known) { types |= known; continue; }
            types |= part.ToUpperInvariant() switch
            {
                "FISICA" => Domain.Episodes.ViolenceTypes.Physical,
                "PSICOLOGICA" => Domain.Episodes.ViolenceTypes.Psychological,
                "SEXUAL" => Domain.Episodes.ViolenceTypes.Sexual,
                "ECONOMICA" => Domain.Episodes.ViolenceTypes.Economic,
                "SIMBOLICA" => Domain.Episodes.ViolenceTypes.Symbolic,
                "DIGITAL" => Domain.Episodes.ViolenceTypes.Digital,
                "OTRA" => Domain.Episodes.ViolenceTypes.Other,
                _ => Unknown(part),
            };
        }
        return (types, unknown);

        Domain.Episodes.ViolenceTypes Unknown(string part)
        {
            unknown.Add(part);
            return Domain.Episodes.ViolenceTypes.Other;
        }
    }

    public static AggressorRelation Relation(string? text) => text?.ToUpperInvariant() switch
    {
        "PAREJA" or "CONVIVIENTE" or "CONYUGE" or "POLOLO" => AggressorRelation.Partner,
        "EX_PAREJA" or "EX_CONVIVIENTE" or "EX_CONYUGE" or "EX_POLOLO" => AggressorRelation.ExPartner,
        "FAMILIAR" => AggressorRelation.Family,
        "CONOCIDO" => AggressorRelation.Acquaintance,
        "DESCONOCIDO" => AggressorRelation.Stranger,
        _ => AggressorRelation.Other,
    };

    /// <summary>A row's identity for "changed or not": its normalised values, never SGP's own update stamp.</summary>
    public static string Hash(params object?[] values) => RowHash(values).ToString();

    [ThreadStatic] private static StringBuilder? _text;
    [ThreadStatic] private static IncrementalHash? _sha256;

    /// <summary><see cref="Hash"/> as its 32 bytes; built without a string per row, millions of rows a night.</summary>
    public static SgpRowHash RowHash(params object?[] values)
    {
        var text = _text ??= new StringBuilder(512);
        text.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) text.Append('\u001f');
            switch (values[i])
            {
                case null: break;
                case string v: text.Append(v); break;
                case DateOnly d: text.Append(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd}"); break;
                case IFormattable f: text.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
                case var v: text.Append(v.ToString()); break;
            }
        }
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            text.CopyTo(0, chars, 0, text.Length);
            var n = Encoding.UTF8.GetBytes(chars, 0, text.Length, bytes, 0);
            Span<byte> sha = stackalloc byte[32];
            // One hasher per thread, reset after each row: a one-shot hash sets up and tears down its state every time.
            var hasher = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hasher.AppendData(bytes, 0, n);
            hasher.GetHashAndReset(sha);
            return SgpRowHash.From(sha);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}

/// <summary>A row hash (SHA-256) held as four words: millions of them fit in memory where their hex text would not.</summary>
internal readonly record struct SgpRowHash(ulong A, ulong B, ulong C, ulong D)
{
    public static SgpRowHash From(ReadOnlySpan<byte> sha) => new(BinaryPrimitives.ReadUInt64BigEndian(sha),
        BinaryPrimitives.ReadUInt64BigEndian(sha[8..]), BinaryPrimitives.ReadUInt64BigEndian(sha[16..]), BinaryPrimitives.ReadUInt64BigEndian(sha[24..]));

    public const int Bytes = 32;

    /// <summary>The hash's 32 bytes, as <c>sgp_records.row_hash</c> keeps them.</summary>
    public void Write(Span<byte> sha)
    {
        BinaryPrimitives.WriteUInt64BigEndian(sha, A);
        BinaryPrimitives.WriteUInt64BigEndian(sha[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(sha[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(sha[24..], D);
    }

    /// <summary>The hash as hex text (what <c>encode(row_hash, 'hex')</c> shows).</summary>
    public override string ToString()
    {
        Span<byte> sha = stackalloc byte[Bytes];
        Write(sha);
        return Convert.ToHexStringLower(sha);
    }
}
