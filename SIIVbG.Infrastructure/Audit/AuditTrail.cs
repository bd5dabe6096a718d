using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Audit;

/// <summary>
/// Append-only, hash-chained audit trail. Appends are serialised by a transaction-scoped advisory lock so the chain
/// never forks; the table itself rejects UPDATE, DELETE and TRUNCATE (trigger) and the app role holds only SELECT and INSERT.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<SiivbgDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Arbitrary constant identifying the audit append lock among advisory locks.</summary>
    private const long AppendLockKey = 0x5_11_7B_6A_0D;

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await AppendAsync(db, record, ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    /// <summary>
    /// Appends and commits in a transaction of its own on the caller's context, which has no transaction open: a read's
    /// audit entry without borrowing a second connection from the pool.
    /// </summary>
    public async Task<AuditEntry> AppendCommittedAsync(SiivbgDbContext db, AuditRecord record, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await AppendAsync(db, record, ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    /// <summary>Appends inside the caller's transaction, so a change and its audit entry commit (or vanish) together.</summary>
    public async Task<AuditEntry> AppendAsync(SiivbgDbContext db, AuditRecord record, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit appends must run inside a transaction.");
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)db.Database.CurrentTransaction.GetDbTransaction();
        return await AppendAsync(conn, tx, record, clock.GetUtcNow(), ct);
    }

    /// <summary>
    /// The append's statements on an open transaction: the lock and the chain's last row in one round trip, then the
    /// insert. Internal so that the benchmark's raw side writes its audit entries with exactly these statements.
    /// </summary>
    internal static async Task<AuditEntry> AppendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditRecord record, DateTimeOffset at,
        CancellationToken ct = default)
    {
        AuditEntry? previous = null;
        await using (var batch = new NpgsqlBatch(conn, tx))
        {
            var lockCmd = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@k)");
            lockCmd.Parameters.AddWithValue("k", AppendLockKey);
            batch.BatchCommands.Add(lockCmd);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1"));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct))
                previous = new AuditEntry(reader.GetInt64(0), default, record, [], (byte[])reader[1]);
        }

        var entry = AuditChain.Next(previous, at, record);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO audit_entries (sequence, occurred_at, action, outcome, operator_id, operator_run, survivor_id,
                                       resource, reason, details, previous_hash, hash)
            VALUES (@seq, @at, @action, @outcome, @opId, @opRun, @survivor, @resource, @reason, @details, @prev, @hash)
            """, conn, tx);
        insert.Parameters.AddWithValue("seq", entry.Sequence);
        insert.Parameters.AddWithValue("at", entry.OccurredAt);
        insert.Parameters.AddWithValue("action", record.Action);
        insert.Parameters.AddWithValue("outcome", (int)record.Outcome);
        insert.Parameters.AddWithValue("opId", (object?)record.OperatorId ?? DBNull.Value);
        insert.Parameters.AddWithValue("opRun", (object?)record.OperatorRun ?? DBNull.Value);
        insert.Parameters.AddWithValue("survivor", (object?)record.SurvivorId ?? DBNull.Value);
        insert.Parameters.AddWithValue("resource", (object?)record.Resource ?? DBNull.Value);
        insert.Parameters.AddWithValue("reason", (object?)record.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("details", (object?)record.Details ?? DBNull.Value);
        insert.Parameters.AddWithValue("prev", entry.PreviousHash);
        insert.Parameters.AddWithValue("hash", entry.Hash);
        await insert.ExecuteNonQueryAsync(ct);
        return entry;
    }

    /// <summary>Records a refused decision about the operator's access; the caller then throws <c>AccessDeniedException</c>.</summary>
    public Task<AuditEntry> AppendDenialAsync(SignedInOperator op, Guid? survivorId, string resource, string? reason, CancellationToken ct = default) =>
        AppendAsync(new AuditRecord(AuditActions.AccessDenied, AuditOutcome.Denied, op.Id, op.Run, survivorId, resource, reason), ct);

    /// <summary>The policy's decision, enforced: a refusal is audited with its reason, then <c>AccessDeniedException</c> is thrown.</summary>
    public async Task EnsureAllowedAsync(SignedInOperator op, SIIVbG.Domain.Access.Survivors.AccessDecision decision, Guid? survivorId, string resource,
        CancellationToken ct = default)
    {
        if (decision.IsAllowed) return;
        await AppendDenialAsync(op, survivorId, resource, decision.Reason, ct);
        throw new AccessDeniedException();
    }

    /// <summary>Reads the whole chain in order and returns the first broken sequence, or null when intact.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable();
        var entries = new List<AuditEntry>();
        await foreach (var r in rows.WithCancellation(ct)) entries.Add(ToEntry(r));
        return new AuditVerification(entries.Count, AuditChain.FindFirstBreak(entries), entries.LastOrDefault()?.Hash);
    }

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Take(count).ToListAsync(ct);
        return rows.Select(ToEntry).ToList();
    }

    internal static AuditEntry ToEntry(AuditRow r) => new(
        r.Sequence, r.OccurredAt,
        new AuditRecord(r.Action, (AuditOutcome)r.Outcome, r.OperatorId, r.OperatorRun, r.SurvivorId, r.Resource, r.Reason, r.Details),
        r.PreviousHash, r.Hash);
}

public sealed record AuditVerification(int Rows, long? FirstBrokenSequence, byte[]? HeadHash)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>Audit action names: stable identifiers, searchable later in the audit viewer.</summary>
public static class AuditActions
{
    public const string Login = "auth.login";
    public const string LoginDenied = "auth.login-denied";
    public const string Logout = "auth.logout";
    public const string AgreementAccepted = "auth.agreement-accepted";
    public const string AccessDenied = "access.denied";
    public const string NoticePosted = "notice.posted";
    public const string NoticeWithdrawn = "notice.withdrawn";
    public const string JobsDashboardAction = "jobs.dashboard-action";
    public const string AuditViewed = "audit.viewed";
    public const string SurvivorSearched = "survivor.searched";
    public const string SurvivorRegistered = "survivor.registered";
    public const string SurvivorUpdated = "survivor.updated";
    public const string SurvivorFileOpened = "survivor.file-opened";
    public const string CaseOpened = "case.opened";
    public const string EpisodeRecorded = "episode.recorded";
}
