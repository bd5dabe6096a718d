namespace SIIVbG.Infrastructure.Attachments;

/// <summary>Audit action names of the attachments feature; denials use <see cref="Audit.AuditActions.AccessDenied"/>.</summary>
public static class AttachmentAuditActions
{
    public const string Uploaded = "attachment.uploaded";
    /// <summary>An upload refused by a file rule (type, size, name): kept because mislabelled files may be attempts.</summary>
    public const string Rejected = "attachment.rejected";
    public const string Listed = "attachment.listed";
    public const string Viewed = "attachment.viewed";
    public const string Downloaded = "attachment.downloaded";
    /// <summary>The stored bytes no longer match the checksum taken on receipt; the file was not served.</summary>
    public const string IntegrityFailed = "attachment.integrity-failed";
}
