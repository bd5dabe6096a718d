using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Bench;

/// <summary>
/// The registry's SQL (<see cref="SurvivorQueries"/>) run straight with Npgsql, reading every column of every row: the floor
/// the service is measured against. Not done here, by design: access decisions, EF materialisation and the audit entry.
/// Where the service reads through EF rather than a shared statement, the equivalent plain SQL is used (marked below).
/// </summary>
internal sealed class RawRegistry(NpgsqlDataSource data)
{
    // EF loads the whole survivor row where the service needs the entity; the same row here.
    private const string SurvivorRow = "SELECT * FROM survivors WHERE id = @id";
    private const string LatestConsentRow = "SELECT * FROM consents WHERE survivor_id = @id ORDER BY recorded_at DESC LIMIT 1";
    private const string ComunaName = "SELECT name FROM comunas WHERE code = (SELECT comuna_code FROM survivors WHERE id = @id)";

    public async Task<int> LookUpRunAsync(SignedInOperator op, string text)
    {
        if (!Run.TryParse(text, out var run, out _)) return 0;
        await using var conn = await data.OpenConnectionAsync();
        Guid? id = null;
        await using (var cmd = new NpgsqlCommand(SurvivorQueries.RunLookup, conn))
        {
            cmd.Parameters.AddWithValue("run", run.ToString());
            if (await cmd.ExecuteScalarAsync() is Guid g) id = g;
        }
        if (id is null) return 0;
        await FactsAsync(conn, op, [id.Value]);
        return await ReadAllAsync(conn, SurvivorRow, ("id", id.Value));
    }

    public async Task<int> SearchNamesAsync(SignedInOperator op, string query)
    {
        await using var conn = await data.OpenConnectionAsync();
        var ids = new List<Guid>();
        await using (var cmd = new NpgsqlCommand(SurvivorQueries.NameSearch, conn))
        {
            cmd.Parameters.AddWithValue("q", query);
            cmd.Parameters.AddWithValue("centre", op.ScopeCode ?? "");
            cmd.Parameters.AddWithValue("op", op.Id);
            cmd.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            cmd.Parameters.AddWithValue("limit", SurvivorRegistry.SearchLimit);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var values = new object[r.FieldCount];
                r.GetValues(values);
                ids.Add(r.GetGuid(0));
            }
        }
        await FactsAsync(conn, op, ids.ToArray());
        return ids.Count;
    }

    public async Task<int> OpenFileAsync(SignedInOperator op, Guid id)
    {
        await using var conn = await data.OpenConnectionAsync();
        var rows = await FactsAsync(conn, op, [id]);
        rows += await ReadAllAsync(conn, SurvivorRow, ("id", id));
        rows += await ReadAllAsync(conn, SurvivorQueries.FileCases, ("id", id));
        rows += await ReadAllAsync(conn, SurvivorQueries.FileEpisodes, ("id", id));
        rows += await ReadAllAsync(conn, LatestConsentRow, ("id", id));
        rows += await ReadAllAsync(conn, ComunaName, ("id", id));
        return rows;
    }

    private static async Task<int> FactsAsync(NpgsqlConnection conn, SignedInOperator op, Guid[] ids) =>
        await ReadAllAsync(conn, SurvivorQueries.CaseFacts, ("ids", ids))
        + await ReadAllAsync(conn, SurvivorQueries.LatestConsents, ("ids", ids))
        + await ReadAllAsync(conn, SurvivorQueries.Grants, ("ids", ids), ("op", op.Id));

    private static async Task<int> ReadAllAsync(NpgsqlConnection conn, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = 0;
        var values = new object[r.FieldCount];
        while (await r.ReadAsync())
        {
            r.GetValues(values);
            rows++;
        }
        return rows;
    }
}
