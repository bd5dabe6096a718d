namespace SIIVbG.Domain.Attachments;

/// <summary>The only kinds of content the record keeps: documents a browser shows without running anything of ours.</summary>
/// <remarks>SVG, HTML, Office files and archives are left out on purpose: they can carry scripts or macros, and a
/// caseworker opening one from a survivor's record must never run what someone else uploaded.</remarks>
public enum AttachmentMediaType
{
    Pdf = 1,
    Png = 2,
    Jpeg = 3,
    Gif = 4,
    WebP = 5,
}

/// <summary>Recognises a file by its first bytes (its signature), never by its name or by what the browser declared.</summary>
public static class FileSignature
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static AttachmentMediaType? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PngSignature)) return AttachmentMediaType.Png;
        if (content.StartsWith(JpegSignature)) return AttachmentMediaType.Jpeg;
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return AttachmentMediaType.Gif;
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return AttachmentMediaType.WebP;
        // Readers tolerate the header further in, but a file whose first bytes are something else could be a polyglot
        // (HTML that is also a PDF); only a file that starts as a PDF is accepted as one.
        if (content.StartsWith("%PDF-"u8)) return AttachmentMediaType.Pdf;
        return null;
    }

    public static string MimeType(this AttachmentMediaType type) => type switch
    {
        AttachmentMediaType.Pdf => "application/pdf",
        AttachmentMediaType.Png => "image/png",
        AttachmentMediaType.Jpeg => "image/jpeg",
        AttachmentMediaType.Gif => "image/gif",
        AttachmentMediaType.WebP => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The type a browser's declared content type names; null when it names none we accept (or nothing useful).</summary>
    public static AttachmentMediaType? FromMimeType(string? mime) => (mime ?? "").Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/pdf" => AttachmentMediaType.Pdf,
        "image/png" => AttachmentMediaType.Png,
        "image/jpeg" or "image/jpg" or "image/pjpeg" => AttachmentMediaType.Jpeg,
        "image/gif" => AttachmentMediaType.Gif,
        "image/webp" => AttachmentMediaType.WebP,
        _ => null,
    };

    public static AttachmentMediaType? FromExtension(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => AttachmentMediaType.Pdf,
        ".png" => AttachmentMediaType.Png,
        ".jpg" or ".jpeg" or ".jpe" or ".jfif" => AttachmentMediaType.Jpeg,
        ".gif" => AttachmentMediaType.Gif,
        ".webp" => AttachmentMediaType.WebP,
        _ => null,
    };

    /// <summary>Browsers send these when they do not know a type: they say nothing, so they contradict nothing.</summary>
    public static bool IsUninformative(string? mime) =>
        string.IsNullOrWhiteSpace(mime) || mime.Split(';')[0].Trim().Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
}
