using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Notices;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Notices;

public sealed record NoticeView(Guid Id, string Text, NoticeSeverity Severity, DateTimeOffset PostedAt);

/// <summary>System notices ("avisos del sistema"): posted by N2, shown live to every signed-in operator on every node.</summary>
public sealed class NoticeService(IDbContextFactory<SiivbgDbContext> dbFactory, AccessGuard access, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<NoticeView>> ListActiveAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SystemNotices.AsNoTracking()
            .Where(n => n.WithdrawnAt == null)
            .OrderByDescending(n => n.PostedAt)
            .Select(n => new NoticeView(n.Id, n.Text, n.Severity, n.PostedAt))
            .ToListAsync(ct);
    }

    public async Task<Guid> PostAsync(SignedInOperator op, string text, NoticeSeverity severity, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.PostSystemNotice, "avisos", ct);
        var notice = SystemNotice.Post(text, severity, op.Id, clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.SystemNotices.Add(notice);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AuditActions.NoticePosted, AuditOutcome.Allowed, op.Id, op.Run,
            Resource: $"aviso/{notice.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.SystemNotice, notice.Id), ct);
        await tx.CommitAsync(ct);
        return notice.Id;
    }

    public async Task WithdrawAsync(SignedInOperator op, Guid noticeId, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.PostSystemNotice, $"aviso/{noticeId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Row lock: two administrators withdrawing at once record one withdrawal, not two.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM system_notices WHERE id = {noticeId} FOR UPDATE", ct);
        var notice = await db.SystemNotices.SingleOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null || !notice.IsActive) return;
        notice.Withdraw(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AuditActions.NoticeWithdrawn, AuditOutcome.Allowed, op.Id, op.Run,
            Resource: $"aviso/{notice.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.SystemNotice, notice.Id), ct);
        await tx.CommitAsync(ct);
    }
}
