using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Infrastructure.Attachments;

/// <summary>
/// Annexes of a survivor's record (a centre-held tab): upload by the holding centre's team while she has an open case
/// there, listing and opening by that team or through a grant covering <see cref="SurvivorTab.Attachments"/>. Every
/// method decides with <see cref="SurvivorAccessPolicy"/> and writes the audit trail; an annex the operator may not see
/// and one that does not exist give the same <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class AttachmentService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock,
    SurvivorFacts survivorFacts, IConfiguration configuration)
{
    public const string MaxBytesSetting = "Attachments:MaxBytes";
    public const int MinReasonLength = 5;
    public const int MaxReasonLength = 500;

    public AttachmentSizeLimit SizeLimit { get; } = long.TryParse(configuration[MaxBytesSetting], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0
        ? new AttachmentSizeLimit(max)
        : AttachmentSizeLimit.Default;

    /// <summary>Keeps a file in her record at the operator's centre, within her open case there.</summary>
    /// <exception cref="DomainException">The file breaks a rule (type, contents, size, name); nothing is saved.</exception>
    public async Task<Guid> UploadAsync(SignedInOperator op, Guid survivorId, Stream content, string fileName, string? declaredContentType,
        AttachmentKind kind, string? description = null, Guid? legalProcessId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Attachments, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/anexos", ct);

        var now = clock.GetUtcNow();
        var openCase = facts.Cases.Where(c => c.CentreCode == op.ScopeCode && c.IsOpen).Select(c => (Guid?)c.CaseId).FirstOrDefault();
        Attachment attachment;
        byte[] bytes;
        try
        {
            // Read only after the policy said yes, and never more than the limit allows.
            bytes = await ReadLimitedAsync(content, SizeLimit, ct);
            attachment = Attachment.Receive(survivorId, openCase, legalProcessId, op.ScopeCode!, kind, fileName, declaredContentType,
                bytes, SizeLimit, description, op.Id, now);
            if (legalProcessId is { } lp && !await db.LegalProcesses.AnyAsync(p => p.Id == lp && p.SurvivorId == survivorId, ct))
                throw new DomainException("El proceso judicial indicado no corresponde a esta sobreviviente.");
        }
        catch (DomainException ex)
        {
            await audit.AppendAsync(new AuditRecord(AttachmentAuditActions.Rejected, AuditOutcome.Denied, op.Id, op.Run, survivorId,
                $"sobreviviente/{survivorId}/anexos", ex.Message,
                JsonSerializer.Serialize(new { declared = Truncate(declaredContentType, 100), name = Truncate(fileName, 200) })), ct);
            throw;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Attachments.Add(attachment);
        db.AttachmentContents.Add(new AttachmentContent { AttachmentId = attachment.Id, Bytes = bytes });
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AttachmentAuditActions.Uploaded, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"anexo/{attachment.Id}", decision.Reason,
            JsonSerializer.Serialize(new { kind = attachment.Kind.ToString(), type = attachment.ContentType, size = attachment.SizeBytes, sha256 = attachment.Sha256 })), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, attachment.Id, op.ScopeCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
        return attachment.Id;
    }

    /// <summary>Her annexes this operator may see (metadata only), newest first; audited as a read of the tab.</summary>
    public async Task<AttachmentList> ListAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        // The tab as a whole: her own centre's team (with a case there) or a grant covering annexes. Anyone allowed
        // to see any row passes this, so a denial here hides nothing she could otherwise see.
        var tab = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Attachments, op.ScopeCode, now);
        if (!tab.IsAllowed)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/anexos", tab.Reason, ct);
            throw new AccessDeniedException();
        }

        var rows = await (from a in db.Attachments.AsNoTracking()
                          join o in db.Operators on a.UploadedBy equals o.Id into uploaders
                          from o in uploaders.DefaultIfEmpty()
                          where a.SurvivorId == survivorId
                          orderby a.UploadedAt descending
                          select new { a, Uploader = o == null ? "" : o.GivenNames + " " + o.Surnames }).ToListAsync(ct);
        var visible = rows
            .Where(r => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Attachments, r.a.HoldingCentreCode, now).IsAllowed)
            .Select(r => new AttachmentRow(r.a.Id, r.a.Kind, r.a.FileName, r.a.ContentType, r.a.SizeBytes, r.a.Sha256, r.a.Description,
                r.a.HoldingCentreCode, r.Uploader, r.a.UploadedAt, r.a.CaseId, r.a.LegalProcessId))
            .ToList();
        var canUpload = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Attachments, op.ScopeCode).IsAllowed;

        await audit.AppendAsync(new AuditRecord(AttachmentAuditActions.Listed, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"sobreviviente/{survivorId}/anexos", tab.Reason,
            JsonSerializer.Serialize(new { attachments = visible.Select(v => v.Id), hidden = rows.Count - visible.Count, grant = tab.GrantId })), ct);
        return new AttachmentList(visible, rows.Count - visible.Count, canUpload, SizeLimit);
    }

    /// <summary>
    /// The file, for showing or saving. A download needs a reason (kept in the audit entry's Reason); a view is audited
    /// with the policy's reason. The checksum is verified before anything is returned.
    /// </summary>
    /// <exception cref="DomainException">A download without a reason.</exception>
    public async Task<AttachmentFile> OpenAsync(SignedInOperator op, Guid attachmentId, AttachmentUse use, string? reason = null,
        CancellationToken ct = default)
    {
        var why = (reason ?? "").Trim();
        if (use == AttachmentUse.Download)
        {
            if (why.Length < MinReasonLength)
                throw new DomainException($"Indique el motivo de la descarga (al menos {MinReasonLength} caracteres).");
            if (why.Length > MaxReasonLength)
                throw new DomainException($"El motivo no puede superar {MaxReasonLength} caracteres.");
        }
        else if (use != AttachmentUse.View) throw new ArgumentOutOfRangeException(nameof(use));

        var resource = $"anexo/{attachmentId}";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId, ct);
        if (attachment is null)
        {
            await audit.AppendDenialAsync(op, null, resource, "attachment-unknown", ct);
            throw new AccessDeniedException();
        }
        var now = clock.GetUtcNow();
        var facts = await survivorFacts.LoadAsync(db, op, attachment.SurvivorId, ct);
        var decision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Attachments, attachment.HoldingCentreCode, now);
        await audit.EnsureAllowedAsync(op, decision, attachment.SurvivorId, resource, ct);

        var bytes = await db.AttachmentContents.Where(c => c.AttachmentId == attachmentId).Select(c => c.Bytes).SingleAsync(ct);
        if (!attachment.Matches(bytes))
        {
            await audit.AppendAsync(new AuditRecord(AttachmentAuditActions.IntegrityFailed, AuditOutcome.Denied, op.Id, op.Run,
                attachment.SurvivorId, resource, "checksum-mismatch",
                JsonSerializer.Serialize(new { expected = attachment.Sha256, actual = Attachment.Checksum(bytes) })), ct);
            throw new DomainException("El archivo almacenado no coincide con su suma de verificación y no se mostrará. Informe a soporte.");
        }

        var download = use == AttachmentUse.Download;
        await audit.AppendAsync(new AuditRecord(download ? AttachmentAuditActions.Downloaded : AttachmentAuditActions.Viewed, AuditOutcome.Allowed,
            op.Id, op.Run, attachment.SurvivorId, resource, download ? why : decision.Reason,
            JsonSerializer.Serialize(new { decision = decision.Reason, grant = decision.GrantId, sha256 = attachment.Sha256 })), ct);
        return new AttachmentFile(attachment.Id, attachment.FileName, attachment.MediaType, attachment.ContentType, bytes, attachment.Sha256);
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream content, AttachmentSizeLimit limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            limit.Check(buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;

}
