using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>The files of one verified snapshot, decoded and split into records.</summary>
internal sealed record SgpSnapshotFiles(DateOnly SnapshotDate, string ManifestSha256, IReadOnlyDictionary<string, List<SgpCsvRecord>> Files)
{
    public List<SgpCsvRecord> this[string name] => Files[name];
}

/// <summary>
/// Opens a snapshot folder or zip (SPEC "Layout"), verifies its manifest — format, every file's SHA-256 and row count —
/// and decodes the files in the declared encoding. Anything wrong rejects the snapshot whole.
/// </summary>
internal static class SgpSnapshotReader
{
    public const string Format = "sgp-snapshot/1";
    public static readonly string[] RequiredFiles =
        ["centros.csv", "beneficiarias.csv", "casos.csv", "hitos.csv", "episodios.csv", "nna.csv", "agresores.csv"];

    static SgpSnapshotReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SgpSnapshotFiles Read(string path)
    {
        var raw = File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? ReadZip(path)
            : Directory.Exists(path) ? ReadFolder(path)
            : throw new SgpSnapshotRejectedException($"No existe la carpeta o el archivo .zip del snapshot: {path}");
        if (!raw.TryGetValue("manifest.json", out var manifestBytes))
            throw new SgpSnapshotRejectedException("El snapshot no tiene manifest.json.");
        var manifest = ParseManifest(manifestBytes);
        var encoding = manifest.Encoding;

        var files = new Dictionary<string, List<SgpCsvRecord>>(StringComparer.Ordinal);
        foreach (var name in RequiredFiles)
        {
            var entry = manifest.Files.FirstOrDefault(f => f.Name == name)
                ?? throw new SgpSnapshotRejectedException($"El manifiesto no describe {name}.");
            if (!raw.TryGetValue(name, out var bytes)) throw new SgpSnapshotRejectedException($"Falta el archivo {name} que el manifiesto declara.");
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(sha, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new SgpSnapshotRejectedException($"La suma SHA-256 de {name} no coincide con el manifiesto: el archivo está alterado o incompleto.");
            var records = SgpCsv.Parse(Decode(bytes, encoding, name), name);
            if (records.Count != entry.Rows)
                throw new SgpSnapshotRejectedException($"{name} tiene {records.Count} filas y el manifiesto declara {entry.Rows}: el archivo está truncado.");
            files[name] = records;
        }
        return new SgpSnapshotFiles(manifest.SnapshotDate, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), files);
    }

    private sealed record ManifestFile(string Name, int Rows, string Sha256);
    private sealed record Manifest(DateOnly SnapshotDate, string Encoding, IReadOnlyList<ManifestFile> Files);

    private static Manifest ParseManifest(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var format = root.TryGetProperty("format", out var f) ? f.GetString() : null;
            if (format != Format) throw new SgpSnapshotRejectedException($"Formato de snapshot desconocido: \"{format}\" (se espera \"{Format}\").");
            if (!root.TryGetProperty("snapshot_date", out var d) || !DateOnly.TryParseExact(d.GetString(), "yyyy-MM-dd",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new SgpSnapshotRejectedException("El manifiesto no indica una fecha de snapshot válida (snapshot_date).");
            var encoding = root.TryGetProperty("encoding", out var e) ? e.GetString()?.ToLowerInvariant() : "utf-8";
            if (encoding is not ("utf-8" or "windows-1252"))
                throw new SgpSnapshotRejectedException($"Codificación no admitida en el manifiesto: \"{encoding}\".");
            if (!root.TryGetProperty("files", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new SgpSnapshotRejectedException("El manifiesto no lista sus archivos.");
            var files = list.EnumerateArray().Select(x => new ManifestFile(
                x.GetProperty("name").GetString() ?? "", x.GetProperty("rows").GetInt32(), x.GetProperty("sha256").GetString() ?? "")).ToList();
            return new Manifest(date, encoding!, files);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new SgpSnapshotRejectedException($"El manifiesto está dañado: {ex.Message}");
        }
    }

    private static string Decode(byte[] bytes, string encoding, string name)
    {
        var hasUtf8Bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        if (encoding == "utf-8")
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new SgpSnapshotRejectedException($"{name} no está en UTF-8 como declara el manifiesto.");
            }
        }
        // windows-1252 decodes any byte: a file that is really UTF-8 would import as mojibake, so it is refused.
        if (hasUtf8Bom || LooksLikeUtf8(bytes))
            throw new SgpSnapshotRejectedException($"{name} está en UTF-8 pero el manifiesto declara windows-1252.");
        return Encoding.GetEncoding(1252).GetString(bytes);
    }

    private static bool LooksLikeUtf8(byte[] bytes)
    {
        if (!bytes.Any(b => b >= 0x80)) return false;
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Dictionary<string, byte[]> ReadFolder(string path) =>
        Directory.EnumerateFiles(path).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);

    private static Dictionary<string, byte[]> ReadZip(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0))
            {
                // At the root, or under the one folder sgp-YYYYMMDD/.
                var depth = entry.FullName.Count(ch => ch == '/');
                if (depth > 1) continue;
                using var s = entry.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                files[entry.Name] = m.ToArray();
            }
            return files;
        }
        catch (InvalidDataException ex)
        {
            throw new SgpSnapshotRejectedException($"El archivo .zip está dañado: {ex.Message}");
        }
    }
}
