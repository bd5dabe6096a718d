using System.Text;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>One record of an SGP CSV file: its fields by column name, and the line it starts on (the header is line 1).</summary>
internal sealed record SgpCsvRecord(int Line, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The field, trimmed; null when the column is absent or the field empty ("unknown" in SGP).</summary>
    public string? this[string column] => Fields.TryGetValue(column, out var v) && v.Trim() is { Length: > 0 } t ? t : null;
}

/// <summary>
/// SGP's CSV dialect (SPEC "CSV dialect"): <c>;</c> separates, <c>"</c> quotes, a quoted field may hold <c>;</c>,
/// <c>""</c> and line breaks; the first line names the columns in any order.
/// </summary>
internal static class SgpCsv
{
    public static List<SgpCsvRecord> Parse(string text, string fileName)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var rows = ReadRows(text, fileName);
        if (rows.Count == 0) throw new SgpSnapshotRejectedException($"{fileName} está vacío: falta la línea de encabezado.");
        var header = rows[0].Fields.Select(h => h.Trim()).ToArray();
        var records = new List<SgpCsvRecord>(rows.Count - 1);
        foreach (var (line, fields) in rows.Skip(1))
        {
            var map = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < fields.Count; i++) map[header[i]] = fields[i];
            records.Add(new SgpCsvRecord(line, map));
        }
        return records;
    }

    private static List<(int Line, List<string> Fields)> ReadRows(string text, string fileName)
    {
        var rows = new List<(int, List<string>)>();
        var field = new StringBuilder();
        var fields = new List<string>();
        int line = 1, rowStart = 1, i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    i++;
                    break;
                case ';':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    i++;
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) rows.Add((rowStart, fields));
                    fields = [];
                    line++;
                    rowStart = line;
                    i++;
                    break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if (quoted) throw new SgpSnapshotRejectedException($"{fileName} termina dentro de un campo entre comillas (línea {rowStart}): el archivo está truncado.");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            if (fields.Count > 1 || fields[0].Length > 0) rows.Add((rowStart, fields));
        }
        return rows;
    }
}

/// <summary>A snapshot that cannot be applied at all; nothing of it is imported. The message says why, in Spanish.</summary>
public sealed class SgpSnapshotRejectedException(string reason) : Exception(reason);
