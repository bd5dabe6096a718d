using SIIVbG.Domain.Attachments;

namespace SIIVbG.Infrastructure.Attachments;

/// <summary>One annex as the tab lists it: metadata only, never the bytes.</summary>
public sealed record AttachmentRow(
    Guid Id, AttachmentKind Kind, string FileName, string ContentType, long SizeBytes, string Sha256, string? Description,
    string HoldingCentreCode, string UploadedByName, DateTimeOffset UploadedAt, Guid? CaseId, Guid? LegalProcessId);

/// <param name="Hidden">Annexes held by other centres that the operator may not see: only how many.</param>
/// <param name="CanUpload">The holding centre's team with an open case: may add annexes.</param>
public sealed record AttachmentList(IReadOnlyList<AttachmentRow> Items, int Hidden, bool CanUpload, AttachmentSizeLimit SizeLimit);

/// <summary>How the operator wants the file: shown in the browser, or saved (which needs a stated reason).</summary>
public enum AttachmentUse { View = 1, Download = 2 }

/// <summary>A file to serve, checksum already verified.</summary>
public sealed record AttachmentFile(Guid Id, string FileName, AttachmentMediaType MediaType, string ContentType, byte[] Content, string Sha256);
