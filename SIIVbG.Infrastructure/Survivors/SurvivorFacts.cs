using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>
/// Reads what <see cref="SurvivorAccessPolicy"/> decides on (her cases with their centres, her latest consent, the
/// operator's grants for her). Every service touching survivor data loads these facts before deciding.
/// </summary>
/// <remarks>
/// One round trip: the three statements of <see cref="SurvivorQueries"/> go in a single batch. Whether a consent allows
/// a scope is the domain's decision (<see cref="Consent.Allows"/>, completeness included), so the latest consent is
/// then loaded as an entity, and only for the survivors that have one (ADR 011).
/// </remarks>
public sealed class SurvivorFacts
{
    public async Task<Dictionary<Guid, SurvivorAccessFacts>> LoadAsync(SiivbgDbContext db, SignedInOperator op, Guid[] ids, CancellationToken ct) =>
        (await LoadWithConsentsAsync(db, op, ids, ct)).Facts;

    /// <summary>
    /// Facts for <c>SurvivorAccessPolicy.CanFind</c> only: finding her depends on cases and grants, never on her consent,
    /// so the consent entity is not loaded and the facts carry <see cref="ConsentFact.None"/>. Not for any other decision.
    /// </summary>
    internal async Task<Dictionary<Guid, SurvivorAccessFacts>> LoadForFindingAsync(SiivbgDbContext db, SignedInOperator op, Guid[] ids,
        CancellationToken ct) =>
        (await LoadWithConsentsAsync(db, op, ids, ct, loadConsents: false)).Facts;

    /// <summary>The facts, and the latest consent of each survivor that has one (the file shows it).</summary>
    internal async Task<(Dictionary<Guid, SurvivorAccessFacts> Facts, Dictionary<Guid, Consent> LatestConsents)> LoadWithConsentsAsync(
        SiivbgDbContext db, SignedInOperator op, Guid[] ids, CancellationToken ct, bool loadConsents = true)
    {
        ids = ids.Distinct().ToArray();
        var cases = new List<(Guid SurvivorId, CaseFact Fact)>();
        var consentIds = new List<Guid>();
        var grants = new List<GrantFact>();
        if (ids.Length > 0)
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            if (conn.State != ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch(conn)
            {
                Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction,
            };
            batch.BatchCommands.Add(Command(SurvivorQueries.CaseFacts, ("ids", ids)));
            batch.BatchCommands.Add(Command(SurvivorQueries.LatestConsents, ("ids", ids)));
            batch.BatchCommands.Add(Command(SurvivorQueries.Grants, ("ids", ids), ("op", op.Id)));
            await using var r = await batch.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                cases.Add((r.GetGuid(0), new CaseFact(r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    Case.IsOpenState((CaseState)r.GetInt32(5)))));
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct)) consentIds.Add(r.GetGuid(1));
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var tabs = r.GetFieldValue<int[]>(4).Select(t => (SurvivorTab)t).ToArray();
                // As AccessGrant.Scope and AccessGrant.ToFact build it from the same columns.
                var scope = r.GetBoolean(3) ? GrantScope.AllDetailsAnd(tabs) : GrantScope.Only(tabs);
                grants.Add(new GrantFact(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), scope, r.GetFieldValue<DateTimeOffset>(5),
                    r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7)));
            }
        }
        var consents = new Dictionary<Guid, Consent>();
        if (loadConsents && consentIds.Count == 1)
        {
            if (await ConsentById(db, consentIds[0]) is { } only) consents[only.SurvivorId] = only;
        }
        else if (loadConsents && consentIds.Count > 1)
            consents = await db.Consents.AsNoTracking().Where(k => consentIds.Contains(k.Id)).ToDictionaryAsync(k => k.SurvivorId, ct);
        var facts = ids.ToDictionary(id => id, id => new SurvivorAccessFacts(id,
            cases.Where(c => c.SurvivorId == id).Select(c => c.Fact).ToList(),
            consents.TryGetValue(id, out var consent) ? new ConsentFact(consent.Allows(ConsentScope.ShareWithSernamEgCentres),
                consent.Allows(ConsentScope.ShareWithInstitutions), consent.Allows(ConsentScope.Statistics)) : ConsentFact.None,
            grants.Where(g => g.SurvivorId == id).ToList()));
        return (facts, consents);
    }

    public async Task<SurvivorAccessFacts> LoadAsync(SiivbgDbContext db, SignedInOperator op, Guid survivorId, CancellationToken ct) =>
        (await LoadAsync(db, op, [survivorId], ct))[survivorId];

    // Opening one file loads one consent: a compiled query skips EF's per-call query lookup on that hot path.
    private static readonly Func<SiivbgDbContext, Guid, Task<Consent?>> ConsentById =
        EF.CompileAsyncQuery((SiivbgDbContext db, Guid id) => db.Consents.AsNoTracking().FirstOrDefault(k => k.Id == id));

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }
}
