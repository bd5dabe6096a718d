using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Bench;

/// <summary>
/// The registry's SQL (<see cref="SurvivorQueries"/>) run straight with Npgsql, reading every column of every row: the floor
/// the service is measured against. Every operation also writes its audit entry with the trail's own statements
/// (<c>AuditTrail.AppendAsync</c> on a transaction), because the service's SQL includes that write (ADR 016). Not done
/// here, by design: access decisions and EF materialisation. Where the service reads through EF rather than a shared
/// statement, the equivalent plain SQL is used (marked below).
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
        var rows = await FactsAsync(conn, op, [id.Value]); // the look-up already read what the result line shows
        await AuditAsync(conn, op, id, "busqueda-run", $$"""{"kind":"run","run":"{{run}}","outcome":"Found"}""");
        return rows;
    }

    public async Task<int> SearchNamesAsync(SignedInOperator op, string query)
    {
        await using var conn = await data.OpenConnectionAsync();
        // As the service: the same statements in the same order (ADR 016).
        var ids = (await NameSearch.RunAsync(conn, query, op.ScopeCode ?? "", op.Id, DateTimeOffset.UtcNow, SurvivorRegistry.SearchLimit))
            .Select(r => r.Id).ToList();
        await FactsAsync(conn, op, ids.ToArray());
        await AuditAsync(conn, op, null, "busqueda", $$"""{"kind":"nombres","results":[{{string.Join(",", ids.Select(i => $"\"{i}\""))}}]}""");
        return ids.Count;
    }

    public async Task<int> OpenFileAsync(SignedInOperator op, Guid id)
    {
        await using var conn = await data.OpenConnectionAsync();
        var rows = await FactsAsync(conn, op, [id]);
        rows += await ReadAllAsync(conn, SurvivorRow, ("id", id));
        // Cases and episodes in one round trip, as the service sends them.
        await using (var batch = SurvivorQueries.FileRowsBatch(conn, id))
        {
            await using var r = await batch.ExecuteReaderAsync();
            do
            {
                var values = new object[r.FieldCount];
                while (await r.ReadAsync())
                {
                    r.GetValues(values);
                    rows++;
                }
            } while (await r.NextResultAsync());
        }
        rows += await ReadAllAsync(conn, LatestConsentRow, ("id", id));
        await AuditAsync(conn, op, id, $"sobreviviente/{id}", """{"tabs":["Identification"],"cases":0,"episodes":0}""",
            AuditActions.SurvivorFileOpened);
        return rows;
    }

    private static async Task AuditAsync(NpgsqlConnection conn, SignedInOperator op, Guid? survivor, string resource, string details,
        string action = AuditActions.SurvivorSearched)
    {
        await using var tx = await conn.BeginTransactionAsync();
        await AuditTrail.AppendAsync(conn, tx, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, survivor,
            resource, Details: details), DateTimeOffset.UtcNow);
        await tx.CommitAsync();
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
