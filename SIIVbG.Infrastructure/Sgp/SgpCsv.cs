using System.Text;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>One record of an SGP CSV file: its fields by column name, and the line it starts on (the header is line 1).</summary>
internal sealed class SgpCsvRecord(int line, string[] fields, IReadOnlyDictionary<string, int> columns)
{
    public int Line => line;

    /// <summary>
    /// The first column whose field holds U+0000, or null. PostgreSQL's text cannot store that character, so such a row
    /// cannot be imported as it is; a NUL in a text export also says the line is damaged.
    /// </summary>
    public string? ColumnWithNul()
    {
        for (var i = 0; i < fields.Length; i++)
            if (fields[i].Contains('\0'))
                return columns.FirstOrDefault(c => c.Value == i).Key ?? $"#{i + 1}";
        return null;
    }

    /// <summary>The field, trimmed; null when the column is absent or the field empty ("unknown" in SGP).</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var i) && i < fields.Length && fields[i].Trim() is { Length: > 0 } t ? t : null;
}

/// <summary>
/// SGP's CSV dialect (SPEC "CSV dialect"): <c>;</c> separates, <c>"</c> quotes, a quoted field may hold <c>;</c>,
/// <c>""</c> and line breaks; the first line names the columns in any order. Read as a stream, one record at a time:
/// a night of a million women does not fit in memory as text (ADR 018, Speed).
/// </summary>
internal static class SgpCsv
{
    /// <summary>What ends or changes an unquoted run of text: the separator, a line break, a quote.</summary>
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create(";\r\n\"");

    /// <summary>The records after the header, as they are read.</summary>
    public static IEnumerable<SgpCsvRecord> Records(TextReader reader, string fileName)
    {
        using var rows = Rows(reader, fileName, materialize: true).GetEnumerator();
        if (!rows.MoveNext()) throw new SgpSnapshotRejectedException($"{fileName} está vacío: falta la línea de encabezado.");
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var header = rows.Current.Fields!;
        for (var i = 0; i < header.Length; i++) columns[header[i].Trim()] = i;
        while (rows.MoveNext()) yield return new SgpCsvRecord(rows.Current.Line, rows.Current.Fields!, columns);
    }

    /// <summary>How many records follow the header, reading the text as <see cref="Records"/> does without keeping its fields.</summary>
    public static int Count(TextReader reader, string fileName)
    {
        var rows = -1;
        foreach (var _ in Rows(reader, fileName, materialize: false)) rows++;
        if (rows < 0) throw new SgpSnapshotRejectedException($"{fileName} está vacío: falta la línea de encabezado.");
        return rows;
    }

    private static IEnumerable<(int Line, string[]? Fields)> Rows(TextReader reader, string fileName, bool materialize)
    {
        var buffer = new char[1 << 16];
        int length = 0, i = 0;
        var field = new StringBuilder();
        var fields = new List<string>();
        // Without materialising, only what decides whether a line is a record is kept: its field count and whether one has text.
        int fieldCount = 0;
        bool fieldHasText = false, firstHasText = false;
        int line = 1, rowStart = 1;
        bool quoted = false, first = true;

        bool Fill()
        {
            length = reader.Read(buffer, 0, buffer.Length);
            i = 0;
            if (first && length > 0)
            {
                first = false;
                if (buffer[0] == '\uFEFF') i = 1;
            }
            return length > 0;
        }

        void EndField()
        {
            if (materialize) fields.Add(field.ToString());
            if (fieldCount == 0) firstHasText = materialize ? field.Length > 0 : fieldHasText;
            fieldCount++;
            field.Clear();
            fieldHasText = false;
        }

        void Append(char c)
        {
            if (materialize) field.Append(c);
            fieldHasText = true;
        }

        bool IsRecord() => fieldCount > 1 || firstHasText;

        string[]? Take()
        {
            var taken = materialize ? fields.ToArray() : null;
            fields.Clear();
            fieldCount = 0;
            return taken;
        }

        while (i < length || Fill())
        {
            var c = buffer[i];
            if (quoted)
            {
                if (c == '"')
                {
                    i++;
                    if (i >= length && !Fill()) { quoted = false; break; }
                    if (buffer[i] == '"') { Append('"'); i++; continue; }
                    quoted = false;
                    continue;
                }
                if (c == '\n') line++;
                Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when !fieldHasText && field.Length == 0:
                    quoted = true;
                    i++;
                    break;
                case ';':
                    EndField();
                    i++;
                    break;
                case '\r':
                    i++;
                    break;
                case '\n':
                    EndField();
                    var isRecord = IsRecord();
                    var start = rowStart;
                    var row = Take();
                    line++;
                    rowStart = line;
                    i++;
                    if (isRecord) yield return (start, row);
                    break;
                default:
                    // The rest of an unquoted field up to the next character that means something, taken at once.
                    var run = buffer.AsSpan(i, length - i).IndexOfAny(Special);
                    if (run < 0) run = length - i;
                    else if (run == 0) run = 1; // a quote inside a field's text is text
                    if (materialize) field.Append(buffer, i, run);
                    fieldHasText = true;
                    i += run;
                    break;
            }
        }
        if (quoted) throw new SgpSnapshotRejectedException($"{fileName} termina dentro de un campo entre comillas (línea {rowStart}): el archivo está truncado.");
        if (fieldHasText || field.Length > 0 || fieldCount > 0)
        {
            EndField();
            if (IsRecord()) yield return (rowStart, Take());
        }
    }
}

/// <summary>A snapshot that cannot be applied at all; nothing of it is imported. The message says why, in Spanish.</summary>
public sealed class SgpSnapshotRejectedException(string reason) : Exception(reason);
