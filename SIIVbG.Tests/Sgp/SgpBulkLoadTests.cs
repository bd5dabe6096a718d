using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Infrastructure.Sgp;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Sgp;

/// <summary>
/// A first night fills empty tables: their indexes and foreign keys are set aside and rebuilt once at the end, by two
/// owner-run database functions the application's role may call (ADR 018, "First night"). What it must hold: the same
/// registry as a row-by-row import, every index and constraint back as it was whatever happens, and functions that cannot
/// be turned against a table in use.
/// </summary>
[Trait("Area", "Sgp")]
public sealed class SgpBulkLoadTests : IAsyncLifetime
{
    private static readonly string Night22 = Path.Combine(SgpImportTestFiles.Samples, "sgp-20261122");
    private const string Tables = "'sgp_records', 'survivors', 'cases', 'violence_episodes', 'related_persons'";

    private TestDatabase _db = default!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AFirstNightIntoAnEmptyRegistry_GivesTheSameRegistryAsRowByRow_AndEveryIndexAndForeignKeyIsBack()
    {
        await using var rowByRow = await TestDatabase.CreateAsync();
        await EmptyRegistryAsync(_db);
        await EmptyRegistryAsync(rowByRow);
        var schemaBefore = await SchemaAsync(_db);

        var bulk = await ImportAsync(_db, Night22, bulkLoad: true);
        var plain = await ImportAsync(rowByRow, Night22, bulkLoad: false);

        Assert.Equal(("applied", "applied"), (bulk.Status, plain.Status));
        Assert.Contains(bulk.Phases!, p => p.Phase == "indexes rebuilt");
        Assert.DoesNotContain(plain.Phases!, p => p.Phase == "indexes rebuilt");
        Assert.Equal(plain.Counts, bulk.Counts);
        Assert.Equal(await ContentAsync(rowByRow), await ContentAsync(_db));
        Assert.Equal(schemaBefore, await SchemaAsync(_db));
        Assert.Equal(0L, await ScalarAsync<long>(_db, "SELECT count(*) FROM siivbg_private.bulk_load_deferred"));

        // The next night finds the registry it left: every row the same, nothing set aside any more.
        var next = await ImportAsync(_db, Path.Combine(SgpImportTestFiles.Samples, "sgp-20261123"), bulkLoad: true);
        Assert.Equal("applied", next.Status);
        Assert.DoesNotContain(next.Phases!, p => p.Phase == "indexes rebuilt");
    }

    [Fact]
    public async Task AFirstNightRejectedDuringItsApply_LeavesEveryIndexAndForeignKeyInPlace()
    {
        await EmptyRegistryAsync(_db);
        var schemaBefore = await SchemaAsync(_db);
        var folder = Directory.CreateTempSubdirectory("sgp-20261122-").FullName;
        foreach (var file in Directory.EnumerateFiles(Night22)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        await using var services = _db.CreateServices();
        var importer = services.GetRequiredService<SgpImporter>();
        importer.AfterVerificationForTests = path =>
        {
            var episodes = Path.Combine(path, "episodios.csv");
            File.WriteAllText(episodes, File.ReadAllText(episodes) + "\n");
            return Task.CompletedTask;
        };

        var result = await importer.ImportAsync(folder);

        Assert.Equal("rejected", result.Status);
        Assert.Equal(schemaBefore, await SchemaAsync(_db));
        Assert.Equal(0L, await ScalarAsync<long>(_db, "SELECT count(*) FROM survivors"));
    }

    [Fact]
    public async Task ATransactionThatSetIndexesAside_CannotCommitWithoutRebuildingThem()
    {
        var schemaBefore = await SchemaAsync(_db);
        await using var conn = await _db.OpenAppConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        Assert.True(await ScalarAsync<bool>(conn, "SELECT siivbg_bulk_load_begin('sgp_records')"));
        Assert.NotEqual(schemaBefore, await SchemaAsync(conn));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => tx.CommitAsync());

        Assert.Contains("siivbg_bulk_load_end() must run before commit", refused.MessageText);
        Assert.Equal(schemaBefore, await SchemaAsync(_db));
    }

    [Fact]
    public async Task BulkLoad_LeavesATableHoldingRowsAsItIs_AndRefusesAnyTableOutsideItsList()
    {
        var schemaBefore = await SchemaAsync(_db);
        await using var conn = await _db.OpenAppConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // The demo registry holds survivors: their indexes stay, and this transaction took no lock on the table for it
            // (its own locks only: other tests' databases, cloned from one template, have a survivors table of the same oid).
            Assert.True(await ScalarAsync<long>(conn, "SELECT count(*) FROM survivors") > 0);
            Assert.False(await ScalarAsync<bool>(conn, "SELECT siivbg_bulk_load_begin('survivors')"));
            Assert.Equal(0L, await ScalarAsync<long>(conn,
                "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND relation = 'survivors'::regclass AND mode = 'AccessExclusiveLock'"));
            await tx.CommitAsync();
        }
        Assert.Equal(schemaBefore, await SchemaAsync(_db));

        await using (var tx = await conn.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<bool>(conn, "SELECT siivbg_bulk_load_begin('audit_entries')"));
            Assert.Contains("is not a table loaded in bulk", refused.MessageText);
        }
    }

    [Fact]
    public async Task TheApplicationRole_CanNeitherReadNorWriteWhatIsSetAside()
    {
        await using var conn = await _db.OpenAppConnectionAsync();
        foreach (var sql in new[]
                 {
                     "SELECT count(*) FROM siivbg_private.bulk_load_deferred",
                     "INSERT INTO siivbg_private.bulk_load_deferred VALUES ('survivors', 'x', 'index', 1, 'DROP TABLE survivors')",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(conn, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static async Task<SgpImportResult> ImportAsync(TestDatabase database, string folder, bool bulkLoad)
    {
        await using var services = database.CreateServices();
        var importer = services.GetRequiredService<SgpImporter>();
        importer.BulkLoadForTests = bulkLoad;
        return await importer.ImportAsync(folder);
    }

    /// <summary>The demo registry emptied (as the owner): the five tables a first night fills are then empty.</summary>
    private static async Task EmptyRegistryAsync(TestDatabase database)
    {
        await using var conn = await database.OpenOwnerConnectionAsync();
        await using var cmd = new NpgsqlCommand("TRUNCATE survivors, sgp_records CASCADE", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Every index and constraint of the five tables, as PostgreSQL would write them again.</summary>
    private static async Task<string> SchemaAsync(TestDatabase database)
    {
        await using var conn = await database.OpenOwnerConnectionAsync();
        return await SchemaAsync(conn);
    }

    private static Task<string> SchemaAsync(NpgsqlConnection conn) => ScalarAsync<string>(conn, $"""
        SELECT string_agg(x, E'\n' ORDER BY x) FROM (
          SELECT indexdef AS x FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ({Tables})
          UNION ALL
          SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
          FROM pg_constraint WHERE conrelid::regclass::text IN ({Tables})) s
        """);

    /// <summary>What the import wrote, free of generated ids: SGP's rows and the women, cases and related people they became.</summary>
    private static async Task<string> ContentAsync(TestDatabase database)
    {
        await using var conn = await database.OpenOwnerConnectionAsync();
        var parts = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT string_agg(kind || ':' || sgp_id || ':' || present || ':' || row_hash || ':' || coalesce(link, '-') || ':' || (target_id IS NULL) || ':' || coalesce(parent_sgp_id, '-'), ',' ORDER BY kind, sgp_id) FROM sgp_records",
                     "SELECT string_agg(concat_ws(':', run, given_names, surnames, birth_date, sex, phone, comuna_code, name_key), ',' ORDER BY concat_ws(':', run, given_names, surnames, birth_date)) FROM survivors",
                     "SELECT string_agg(concat_ws(':', s.given_names, c.centre_code, c.state, c.opened_at, jsonb_array_length(c.milestones)), ',' ORDER BY concat_ws(':', s.given_names, c.centre_code, c.state, c.opened_at)) FROM cases c JOIN survivors s ON s.id = c.survivor_id",
                     "SELECT string_agg(concat_ws(':', s.given_names, e.occurred_on, e.comuna_code), ',' ORDER BY concat_ws(':', s.given_names, e.occurred_on, e.comuna_code)) FROM violence_episodes e JOIN survivors s ON s.id = e.survivor_id",
                     "SELECT string_agg(concat_ws(':', s.given_names, r.kind), ',' ORDER BY concat_ws(':', s.given_names, r.kind)) FROM related_persons r JOIN survivors s ON s.id = r.survivor_id",
                 })
            parts.Add(await ScalarAsync<string>(conn, sql));
        return string.Join('|', parts);
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var conn = await database.OpenOwnerConnectionAsync();
        return await ScalarAsync<T>(conn, sql);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
