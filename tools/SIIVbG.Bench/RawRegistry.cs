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
    // EF loads the whole survivor row where the service needs the entity, with her comuna's name; the same row here.
    private const string SurvivorRow = "SELECT s.*, (SELECT co.name FROM comunas co WHERE co.code = s.comuna_code) FROM survivors s WHERE s.id = @id";
    // The service loads the latest consent as an entity (SurvivorFacts) when she has one.
    private const string LatestConsentRow = "SELECT * FROM consents WHERE survivor_id = @id ORDER BY recorded_at DESC LIMIT 1";

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
        return await FactsAsync(conn, op, [id.Value]); // the look-up already read what the result line shows
    }

    public async Task<int> SearchNamesAsync(SignedInOperator op, string query)
    {
        await using var conn = await data.OpenConnectionAsync();
        // As the service: the same statements in the same order (ADR 016).
        var ids = (await NameSearch.RunAsync(conn, query, op.ScopeCode ?? "", op.Id, DateTimeOffset.UtcNow, SurvivorRegistry.SearchLimit))
            .Select(r => r.Id).ToList();
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
        return rows;
    }

    // The three statements of the access facts in one round trip, as SurvivorFacts sends them.
    private static async Task<int> FactsAsync(NpgsqlConnection conn, SignedInOperator op, Guid[] ids)
    {
        await using var batch = new NpgsqlBatch(conn);
        var cases = new NpgsqlBatchCommand(SurvivorQueries.CaseFacts);
        cases.Parameters.AddWithValue("ids", ids);
        var consents = new NpgsqlBatchCommand(SurvivorQueries.LatestConsents);
        consents.Parameters.AddWithValue("ids", ids);
        var grants = new NpgsqlBatchCommand(SurvivorQueries.Grants);
        grants.Parameters.AddWithValue("ids", ids);
        grants.Parameters.AddWithValue("op", op.Id);
        batch.BatchCommands.Add(cases);
        batch.BatchCommands.Add(consents);
        batch.BatchCommands.Add(grants);
        await using var r = await batch.ExecuteReaderAsync();
        var rows = 0;
        do
        {
            var values = new object[r.FieldCount];
            while (await r.ReadAsync())
            {
                r.GetValues(values);
                rows++;
            }
        } while (await r.NextResultAsync());
        return rows;
    }

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
