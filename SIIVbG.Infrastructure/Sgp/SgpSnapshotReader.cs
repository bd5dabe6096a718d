using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>
/// One verified snapshot: its date, its manifest's hash and each file's record count. The records are read again, as a
/// stream, when the import asks for them: the files were verified whole first, so a snapshot is never half-read into an apply.
/// </summary>
internal sealed class SgpSnapshotFiles(DateOnly snapshotDate, string manifestSha256, IReadOnlyDictionary<string, int> counts,
    IReadOnlyDictionary<string, string> sha256, Func<string, Stream> open, Encoding encoding)
{
    public DateOnly SnapshotDate => snapshotDate;
    public string ManifestSha256 => manifestSha256;
    public IReadOnlyDictionary<string, int> Counts => counts;

    /// <summary>
    /// The file's records, read again. The bytes are hashed as they are read and checked against the manifest once the
    /// file is read to its end: a file replaced or altered after verification throws here, inside the import's transaction,
    /// so nothing of it is applied (the files on disk are not ours to lock).
    /// </summary>
    public IEnumerable<SgpCsvRecord> Records(string name)
    {
        using var hashing = new SgpSnapshotReader.HashingStream(open(name), watchUtf8: false);
        var read = 0;
        using (var reader = new StreamReader(hashing, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true))
            foreach (var r in SgpCsv.Records(reader, name))
            {
                read++;
                yield return r;
            }
        hashing.Drain();
        if (read != counts[name] || !string.Equals(hashing.Sha256(), sha256[name], StringComparison.OrdinalIgnoreCase))
            throw new SgpSnapshotRejectedException($"{name} cambió durante la importación (ya no coincide con el manifiesto verificado): no se aplicó nada.");
    }
}

/// <summary>
/// Opens a snapshot folder or zip (SPEC "Layout"), verifies its manifest — format, every file's SHA-256 and row count —
/// and that the files decode in the declared encoding, streaming each file once. Anything wrong rejects the snapshot whole.
/// </summary>
internal static class SgpSnapshotReader
{
    public const string Format = "sgp-snapshot/1";
    public static readonly string[] RequiredFiles =
        ["centros.csv", "beneficiarias.csv", "casos.csv", "hitos.csv", "episodios.csv", "nna.csv", "agresores.csv"];

    static SgpSnapshotReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static SgpSnapshotFiles Read(string path)
    {
        var (names, open) = File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? Zip(path)
            : Directory.Exists(path) ? Folder(path)
            : throw new SgpSnapshotRejectedException($"No existe la carpeta o el archivo .zip del snapshot: {path}");
        if (!names.Contains("manifest.json"))
            throw new SgpSnapshotRejectedException("El snapshot no tiene manifest.json.");
        byte[] manifestBytes;
        using (var s = open("manifest.json"))
        using (var m = new MemoryStream())
        {
            s.CopyTo(m);
            manifestBytes = m.ToArray();
        }
        var manifest = ParseManifest(manifestBytes);
        var encoding = manifest.Encoding == "utf-8" ? (Encoding)StrictUtf8 : Encoding.GetEncoding(1252);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in RequiredFiles)
        {
            var entry = manifest.Files.FirstOrDefault(f => f.Name == name)
                ?? throw new SgpSnapshotRejectedException($"El manifiesto no describe {name}.");
            if (!names.Contains(name)) throw new SgpSnapshotRejectedException($"Falta el archivo {name} que el manifiesto declara.");
            var rows = Verify(open, name, entry.Sha256, manifest.Encoding);
            if (rows != entry.Rows)
                throw new SgpSnapshotRejectedException($"{name} tiene {rows} filas y el manifiesto declara {entry.Rows}: el archivo está truncado.");
            counts[name] = rows;
            hashes[name] = entry.Sha256;
        }
        return new SgpSnapshotFiles(manifest.SnapshotDate, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), counts, hashes, open, encoding);
    }

    /// <summary>One pass over a file's bytes: its SHA-256, its decoding, and its records counted.</summary>
    private static int Verify(Func<string, Stream> open, string name, string sha256, string encoding)
    {
        using var file = open(name);
        using var hashing = new HashingStream(file, encoding == "windows-1252");
        int rows = 0;
        Exception? failure = null;
        try
        {
            using var reader = new StreamReader(hashing, encoding == "utf-8" ? StrictUtf8 : Encoding.GetEncoding(1252),
                detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
            rows = SgpCsv.Count(reader, name);
        }
        catch (Exception ex) when (ex is DecoderFallbackException or SgpSnapshotRejectedException)
        {
            failure = ex;
        }
        // Reasons in the order a reader would give them: altered bytes first, then their encoding, then their records.
        hashing.Drain();
        if (!string.Equals(hashing.Sha256(), sha256, StringComparison.OrdinalIgnoreCase))
            throw new SgpSnapshotRejectedException($"La suma SHA-256 de {name} no coincide con el manifiesto: el archivo está alterado o incompleto.");
        if (failure is DecoderFallbackException) throw new SgpSnapshotRejectedException($"{name} no está en UTF-8 como declara el manifiesto.");
        // windows-1252 decodes any byte: a file that is really UTF-8 would import as mojibake, so it is refused.
        if (hashing.LooksLikeUtf8) throw new SgpSnapshotRejectedException($"{name} está en UTF-8 pero el manifiesto declara windows-1252.");
        if (failure is not null) throw failure;
        return rows;
    }

    /// <summary>A stream read once, front to back: what the snapshot's streams have in common.</summary>
    internal abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Hashes what is read through it; for a windows-1252 file, also tells whether its bytes are really UTF-8.</summary>
    internal sealed class HashingStream(Stream inner, bool watchUtf8) : ReadOnlyStream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly Decoder _utf8 = StrictUtf8.GetDecoder();
        private readonly char[] _chars = new char[1 << 17];
        private bool _first = true, _highByte, _utf8Bom, _notUtf8;
        private string? _hash;

        public bool LooksLikeUtf8 => watchUtf8 && (_utf8Bom || (_highByte && !_notUtf8));

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            var span = buffer.AsSpan(offset, n);
            _sha.AppendData(span);
            if (watchUtf8) Watch(span, flush: n == 0);
            return n;
        }

        private void Watch(ReadOnlySpan<byte> bytes, bool flush)
        {
            if (_first && bytes.Length > 0)
            {
                _first = false;
                _utf8Bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            }
            if (!_highByte && bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0) _highByte = true;
            if (_notUtf8) return;
            try
            {
                _utf8.GetChars(bytes, _chars, flush);
            }
            catch (DecoderFallbackException)
            {
                _notUtf8 = true;
            }
        }

        public void Drain()
        {
            var buffer = new byte[1 << 16];
            while (Read(buffer, 0, buffer.Length) > 0) { }
        }

        public string Sha256() => _hash ??= Convert.ToHexStringLower(_sha.GetHashAndReset());

        protected override void Dispose(bool disposing)
        {
            if (disposing) _sha.Dispose();
            base.Dispose(disposing);
        }
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

    private static (HashSet<string> Names, Func<string, Stream> Open) Folder(string path) =>
        (Directory.EnumerateFiles(path).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal),
            name => new FileStream(Path.Combine(path, name), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));

    private static (HashSet<string> Names, Func<string, Stream> Open) Zip(string path)
    {
        // At the root, or under the one folder sgp-YYYYMMDD/; a later entry of the same name wins.
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0 && e.FullName.Count(ch => ch == '/') <= 1))
                entries[entry.Name] = entry.FullName;
        }
        catch (InvalidDataException ex)
        {
            throw new SgpSnapshotRejectedException($"El archivo .zip está dañado: {ex.Message}");
        }
        return (entries.Keys.ToHashSet(StringComparer.Ordinal), name => new ZipEntryStream(path, entries[name]));
    }

    /// <summary>An entry of a zip, read as a stream; the archive is closed with it.</summary>
    private sealed class ZipEntryStream : ReadOnlyStream
    {
        private readonly ZipArchive _zip;
        private readonly Stream _entry;

        public ZipEntryStream(string path, string fullName)
        {
            _zip = ZipFile.OpenRead(path);
            try
            {
                _entry = _zip.GetEntry(fullName)!.Open();
            }
            catch (InvalidDataException ex)
            {
                _zip.Dispose();
                throw new SgpSnapshotRejectedException($"El archivo .zip está dañado: {ex.Message}");
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return _entry.Read(buffer, offset, count);
            }
            catch (InvalidDataException ex)
            {
                throw new SgpSnapshotRejectedException($"El archivo .zip está dañado: {ex.Message}");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _entry.Dispose();
                _zip.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
