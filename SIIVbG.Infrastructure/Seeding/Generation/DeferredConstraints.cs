using Npgsql;

namespace SIIVbG.Infrastructure.Seeding.Generation;

/// <summary>
/// For a large load, the foreign keys touching the case-file tables and their non-unique indexes are dropped and rebuilt
/// afterwards: one pass each instead of one check or index insertion per row. Primary keys and unique indexes stay, so
/// duplicates are still refused during the load. The definitions are saved in a table before anything is dropped, and
/// each is deleted in the transaction that recreates it, so an interrupted load is repaired by the next run.
/// </summary>
internal static class DeferredConstraints
{
    private const string Pending = "siivbg_generator_pending_ddl";
    private static readonly string[] Tables = ["survivors", "cases", "violence_episodes", "consents", "legal_processes", "protective_measures"];

    public static async Task DropAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecuteAsync(conn, $"CREATE TABLE {Pending} (seq int PRIMARY KEY, statement text NOT NULL)", ct);
        var drops = new List<string>();
        await using (var cmd = new NpgsqlCommand($"""
            WITH t AS (SELECT unnest(@tables::text[])::regclass AS rel),
            ddl AS (
              SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop_sql, pg_get_indexdef(i.indexrelid) AS create_sql, 1 AS phase
              FROM pg_index i WHERE i.indrelid IN (SELECT rel FROM t) AND NOT i.indisprimary AND NOT i.indisunique
              UNION ALL
              SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                     format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)), 2
              FROM pg_constraint c WHERE c.contype = 'f' AND (c.conrelid IN (SELECT rel FROM t) OR c.confrelid IN (SELECT rel FROM t)))
            INSERT INTO {Pending} (seq, statement)
            SELECT row_number() OVER (ORDER BY phase, create_sql), create_sql FROM ddl
            RETURNING (SELECT array_agg(drop_sql) FROM ddl)
            """, conn))
        {
            cmd.Parameters.AddWithValue("tables", Tables);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) drops.AddRange(r.GetFieldValue<string[]>(0));
        }
        foreach (var drop in drops.OrderBy(d => d.StartsWith("DROP INDEX", StringComparison.Ordinal)))
            await ExecuteAsync(conn, drop, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Recreates whatever a (possibly interrupted) load dropped; does nothing when nothing is pending.</summary>
    public static async Task RestoreAsync(NpgsqlConnection conn, Action<string>? log, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{Pending}') IS NOT NULL", conn))
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return;
        await ExecuteAsync(conn, "SET maintenance_work_mem = '512MB'", ct);
        var statements = new List<(int Seq, string Sql)>();
        await using (var read = new NpgsqlCommand($"SELECT seq, statement FROM {Pending} ORDER BY seq", conn))
        await using (var r = await read.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) statements.Add((r.GetInt32(0), r.GetString(1)));
        foreach (var (seq, sql) in statements)
        {
            log?.Invoke($"  {sql}");
            await using var tx = await conn.BeginTransactionAsync(ct);
            await ExecuteAsync(conn, sql, ct);
            await ExecuteAsync(conn, $"DELETE FROM {Pending} WHERE seq = {seq}", ct);
            await tx.CommitAsync(ct);
        }
        await ExecuteAsync(conn, $"DROP TABLE {Pending}", ct);
        await ExecuteAsync(conn, "RESET maintenance_work_mem", ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
