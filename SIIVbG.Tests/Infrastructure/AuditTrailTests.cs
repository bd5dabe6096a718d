using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Audit")]
public sealed class AuditTrailTests
{
    private static readonly Guid Op = Guid.Parse("0b0b0b0b-1111-4111-8111-111111111111");

    private static AuditRecord Record(int i) =>
        new($"test.action-{i}", i % 2 == 0 ? AuditOutcome.Allowed : AuditOutcome.Denied, Op, "10222333-4",
            Resource: $"recurso/{i}", Reason: $"motivo {i}", Details: i.ToString(CultureInfo.InvariantCulture));

    private static async Task AppendAsync(AuditTrail trail, int count)
    {
        for (var i = 1; i <= count; i++) await trail.AppendAsync(Record(i));
    }

    private static void AssertLinkedChain(IReadOnlyList<AuditRow> rows)
    {
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(AuditChain.GenesisHash, rows[0].PreviousHash);
        for (var i = 1; i < rows.Count; i++)
            Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
        Assert.Equal(rows.Count, rows.Select(r => Convert.ToHexString(r.Hash)).Distinct().Count());
    }

    [Fact]
    public async Task Append_LinksEachEntryToThePreviousHash_AndVerifiesIntact()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();

        var returned = new List<AuditEntry>();
        for (var i = 1; i <= 5; i++) returned.Add(await trail.AppendAsync(Record(i)));

        var rows = await services.AuditRowsAsync();
        Assert.Equal(5, rows.Count);
        AssertLinkedChain(rows);
        Assert.Equal(returned.Select(e => e.Hash), rows.Select(r => r.Hash));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"test.action-{i}"), rows.Select(r => r.Action));
        Assert.Equal("motivo 3", rows[2].Reason);
        Assert.Equal((int)AuditOutcome.Denied, rows[2].Outcome);

        var verification = await trail.VerifyAsync();
        Assert.True(verification.Intact);
        Assert.Null(verification.FirstBrokenSequence);
        Assert.Equal(5, verification.Rows);
        Assert.Equal(rows[4].Hash, verification.HeadHash);
    }

    [Fact]
    public async Task Append_FromManyConcurrentTasks_FormsOneUnforkedChain()
    {
        const int writers = 50;
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();

        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(1, writers)
            .Select(i => Task.Run(async () => { start.Wait(); return await trail.AppendAsync(Record(i)); }))
            .ToArray();
        start.Set();
        var returned = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(1, writers).Select(i => (long)i), returned.Select(e => e.Sequence).Order());
        var rows = await services.AuditRowsAsync();
        Assert.Equal(writers, rows.Count);
        AssertLinkedChain(rows);
        Assert.Equal(Enumerable.Range(1, writers).Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(),
            rows.Select(r => r.Details!).Order());
        var verification = await trail.VerifyAsync();
        Assert.True(verification.Intact, $"chain broken at {verification.FirstBrokenSequence}");
        Assert.Equal(writers, verification.Rows);
    }

    [Fact]
    public async Task Append_InRolledBackTransaction_LeavesNoRow_AndTheChainContinues()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        var first = await trail.AppendAsync(Record(1));

        await using (var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            await using var tx = await ctx.Database.BeginTransactionAsync();
            var doomed = await trail.AppendAsync(ctx, new AuditRecord("test.rolled-back", AuditOutcome.Allowed));
            Assert.Equal(2, doomed.Sequence);
            await tx.RollbackAsync();
        }

        var rows = await services.AuditRowsAsync();
        Assert.Equal([1L], rows.Select(r => r.Sequence));
        Assert.DoesNotContain(rows, r => r.Action == "test.rolled-back");

        var next = await trail.AppendAsync(Record(2));
        Assert.Equal(2, next.Sequence);
        Assert.Equal(first.Hash, next.PreviousHash);
        var verification = await trail.VerifyAsync();
        Assert.True(verification.Intact);
        Assert.Equal(2, verification.Rows);
    }

    [Fact]
    public async Task AppendInsideCallerContext_RefusesToRunOutsideATransaction()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            services.GetRequiredService<AuditTrail>().AppendAsync(ctx, Record(1)));
        Assert.Empty(await services.AuditRowsAsync());
    }

    /// <summary>The owner can switch the guard trigger off; the hash chain is what still gives the tampering away.</summary>
    private static async Task TamperAsOwnerAsync(TestDatabase db, string sql)
    {
        await using var owner = await db.OpenOwnerConnectionAsync();
        await owner.ExecuteAsync($"""
            ALTER TABLE audit_entries DISABLE TRIGGER USER;
            {sql};
            ALTER TABLE audit_entries ENABLE TRIGGER USER;
            """);
    }

    [Fact]
    public async Task Verify_ReportsTheSequence_WhoseReasonTheOwnerRewrote()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        await AppendAsync(trail, 5);

        await TamperAsOwnerAsync(db, "UPDATE audit_entries SET reason = 'motivo alterado' WHERE sequence = 3");

        var verification = await trail.VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(5, verification.Rows);
    }

    [Fact]
    public async Task Verify_ReportsTheMissingSequence_WhenTheOwnerDeletedAMiddleRow()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        await AppendAsync(trail, 5);

        await TamperAsOwnerAsync(db, "DELETE FROM audit_entries WHERE sequence = 3");

        var verification = await trail.VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(4, verification.Rows);
    }

    [Fact]
    public async Task Verify_ReportsTheNextSequence_WhenTheOwnerRewroteARowAndRecomputedItsHash()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        await AppendAsync(trail, 5);
        var row3 = (await services.AuditRowsAsync())[2];
        var forged = AuditTrail.ToEntry(row3).Record with { Reason = "motivo alterado" };
        var forgedHash = AuditChain.ComputeHash(3, row3.OccurredAt, forged, row3.PreviousHash);

        await TamperAsOwnerAsync(db,
            $"UPDATE audit_entries SET reason = 'motivo alterado', hash = '\\x{Convert.ToHexString(forgedHash)}'::bytea WHERE sequence = 3");

        Assert.Equal(forgedHash, (await services.AuditRowsAsync())[2].Hash);
        var verification = await trail.VerifyAsync();
        Assert.Equal(4, verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task Trigger_RejectsUpdateDeleteAndTruncate_EvenForTheOwner()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        await AppendAsync(trail, 3);
        var before = await services.AuditRowsAsync();

        await using var owner = await db.OpenOwnerConnectionAsync();
        Assert.True(await owner.ScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        foreach (var (sql, op) in new[]
                 {
                     ("UPDATE audit_entries SET reason = 'x' WHERE sequence = 2", "UPDATE"),
                     ("DELETE FROM audit_entries WHERE sequence = 2", "DELETE"),
                     ("TRUNCATE audit_entries", "TRUNCATE"),
                 })
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => owner.ExecuteAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
            Assert.Equal($"El registro de auditoría es de solo inserción ({op} rechazado)", ex.MessageText);
        }

        var after = await services.AuditRowsAsync();
        Assert.Equal(before.Select(r => (r.Sequence, r.Reason, Convert.ToHexString(r.Hash))),
            after.Select(r => (r.Sequence, r.Reason, Convert.ToHexString(r.Hash))));
        Assert.True((await trail.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task AppRole_CannotUpdateOrDeleteAuditRows()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await services.GetRequiredService<AuditTrail>().AppendAsync(new AuditRecord("test.action", AuditOutcome.Allowed));

        await using var app = await db.OpenAppConnectionAsync();
        foreach (var sql in new[] { "UPDATE audit_entries SET reason = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, app).ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        }
    }

    [Fact]
    public async Task AppRole_HoldsOnlySelectAndInsert_OnAuditEntries()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var owner = await db.OpenOwnerConnectionAsync();

        var held = new Dictionary<string, bool>();
        foreach (var privilege in new[] { "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER" })
            held[privilege] = await owner.ScalarAsync<bool>(
                $"SELECT has_table_privilege('{TestDatabase.AppRole}', 'public.audit_entries', '{privilege}')");

        Assert.Equal(new Dictionary<string, bool>
        {
            ["SELECT"] = true, ["INSERT"] = true, ["UPDATE"] = false, ["DELETE"] = false,
            ["TRUNCATE"] = false, ["REFERENCES"] = false, ["TRIGGER"] = false,
        }, held);
        // A column-level grant would let the app rewrite a field even without the table-level privilege.
        Assert.False(await owner.ScalarAsync<bool>(
            $"SELECT has_any_column_privilege('{TestDatabase.AppRole}', 'public.audit_entries', 'UPDATE')"));
        Assert.False(await owner.ScalarAsync<bool>(
            $"SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = '{TestDatabase.AppRole}'"));
        Assert.NotEqual(TestDatabase.AppRole, await owner.ScalarAsync<string>(
            "SELECT tableowner::text FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_entries'"));
    }

    [Fact]
    public async Task StoredTimestamp_IsUtcToTheMicrosecond_AndTheStoredHashRecomputes()
    {
        // 09:26:53.1234567 in Chile (UTC-3), carried by the clock as UTC with a sub-microsecond tail PostgreSQL cannot keep.
        var chile = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(-3)).AddTicks(1_234_567);
        var clock = new ManualClock(chile.ToUniversalTime());
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices(s => s.AddSingleton<TimeProvider>(clock));
        var trail = services.GetRequiredService<AuditTrail>();

        var entry = await trail.AppendAsync(Record(1));

        var expected = new DateTimeOffset(2026, 3, 14, 12, 26, 53, TimeSpan.Zero).AddTicks(1_234_560);
        Assert.Equal(expected, entry.OccurredAt);
        Assert.Equal(TimeSpan.Zero, entry.OccurredAt.Offset);

        await using (var owner = await db.OpenOwnerConnectionAsync())
        {
            // Whatever the session's zone, the stored instant is the same UTC microsecond.
            await owner.ExecuteAsync("SET TimeZone = 'America/Santiago'");
            Assert.Equal("2026-03-14T12:26:53.123456", await owner.ScalarAsync<string>(
                "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM audit_entries WHERE sequence = 1"));
        }

        var row = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal(expected, row.OccurredAt);
        Assert.Equal(TimeSpan.Zero, row.OccurredAt.Offset);
        var stored = AuditTrail.ToEntry(row);
        Assert.Equal(row.Hash, AuditChain.ComputeHash(stored.Sequence, stored.OccurredAt, stored.Record, stored.PreviousHash));
        Assert.Equal(entry.Hash, row.Hash);
        Assert.True((await trail.VerifyAsync()).Intact);
    }
}
