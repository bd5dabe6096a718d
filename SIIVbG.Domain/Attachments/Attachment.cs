using System.Security.Cryptography;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Attachments;

/// <summary>
/// A file (PDF or image) kept in a survivor's record by the centre that received it. Its type is what its bytes are,
/// never what its name or the browser claim; a file whose claims and bytes disagree is refused, because a mislabelled
/// file is either a mistake or an attempt to get something past the check. The SHA-256 checksum, computed on receipt,
/// is verified every time the file is served.
/// </summary>
public sealed class Attachment
{
    public const int MaxDescriptionLength = 500;
    public const int MaxDeclaredTypeLength = 100;

    public Guid Id { get; private set; }
    public Guid SurvivorId { get; private set; }
    /// <summary>The case it was received in, when it was; an annex of a legal process also names it.</summary>
    public Guid? CaseId { get; private set; }
    public Guid? LegalProcessId { get; private set; }
    /// <summary>The centre that holds it: only its team reads it without a grant (DESIGN §4, "annexes").</summary>
    public string HoldingCentreCode { get; private set; } = "";
    public AttachmentKind Kind { get; private set; }
    public string FileName { get; private set; } = "";
    /// <summary>What the browser said it was, kept as evidence; never used to serve it.</summary>
    public string? DeclaredContentType { get; private set; }
    public AttachmentMediaType MediaType { get; private set; }
    public long SizeBytes { get; private set; }
    /// <summary>Lower-case hexadecimal SHA-256 of the content.</summary>
    public string Sha256 { get; private set; } = "";
    public string? Description { get; private set; }
    public Guid UploadedBy { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }

    private Attachment() { }

    /// <summary>The MIME type it is served with: the sniffed one.</summary>
    public string ContentType => MediaType.MimeType();

    public static Attachment Receive(Guid survivorId, Guid? caseId, Guid? legalProcessId, string holdingCentreCode, AttachmentKind kind,
        string fileName, string? declaredContentType, ReadOnlySpan<byte> content, AttachmentSizeLimit limit, string? description,
        Guid by, DateTimeOffset at)
    {
        if (survivorId == Guid.Empty) throw new DomainException("El anexo debe indicar la sobreviviente.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que sube el anexo.");
        var centre = holdingCentreCode?.Trim() ?? "";
        if (centre.Length == 0) throw new DomainException("Indique el centro que recibe el anexo.");
        if (!Enum.IsDefined(kind)) throw new DomainException("Indique el tipo de anexo.");
        var name = AttachmentFileName.Parse(fileName);
        limit.Check(content.Length);

        var mediaType = Recognise(name, declaredContentType, content);
        var text = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (text is { Length: > MaxDescriptionLength })
            throw new DomainException($"La descripción no puede superar {MaxDescriptionLength} caracteres.");
        var declared = string.IsNullOrWhiteSpace(declaredContentType) ? null : declaredContentType.Trim();
        if (declared is { Length: > MaxDeclaredTypeLength }) declared = declared[..MaxDeclaredTypeLength];

        return new Attachment
        {
            Id = Guid.NewGuid(),
            SurvivorId = survivorId,
            CaseId = caseId == Guid.Empty ? null : caseId,
            LegalProcessId = legalProcessId == Guid.Empty ? null : legalProcessId,
            HoldingCentreCode = centre,
            Kind = kind,
            FileName = name.Value,
            DeclaredContentType = declared,
            MediaType = mediaType,
            SizeBytes = content.Length,
            Sha256 = Checksum(content),
            Description = text,
            UploadedBy = by,
            UploadedAt = at,
        };
    }

    /// <summary>Does <paramref name="content"/> still match the checksum taken on receipt?</summary>
    public bool Matches(ReadOnlySpan<byte> content) =>
        content.Length == SizeBytes && string.Equals(Checksum(content), Sha256, StringComparison.Ordinal);

    public static string Checksum(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The sniffed type, provided the name's extension and the declared type (when informative) agree with it.</summary>
    private static AttachmentMediaType Recognise(AttachmentFileName name, string? declaredContentType, ReadOnlySpan<byte> content)
    {
        var byExtension = FileSignature.FromExtension(name.Value)
            ?? throw new DomainException("Solo se aceptan archivos PDF o imágenes (PNG, JPEG, GIF o WebP).");
        if (!FileSignature.IsUninformative(declaredContentType))
        {
            var declared = FileSignature.FromMimeType(declaredContentType)
                ?? throw new DomainException("Solo se aceptan archivos PDF o imágenes (PNG, JPEG, GIF o WebP).");
            if (declared != byExtension)
                throw new DomainException("El tipo declarado del archivo no corresponde a su extensión.");
        }
        var sniffed = FileSignature.Sniff(content)
            ?? throw new DomainException(byExtension == AttachmentMediaType.Pdf
                ? "El contenido del archivo no es un PDF válido."
                : "El contenido del archivo no es una imagen válida.");
        if (sniffed != byExtension)
            throw new DomainException("El contenido del archivo no corresponde a su tipo: revise que no esté renombrado.");
        return sniffed;
    }
}
