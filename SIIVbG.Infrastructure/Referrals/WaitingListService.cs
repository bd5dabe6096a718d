using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.WaitingLists;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Infrastructure.Referrals;

public static class WaitingListAuditActions
{
    public const string Read = "waiting-list.read";
    public const string Added = "waiting-list.added";
    public const string OutcomeRecorded = "waiting-list.outcome";
    public const string CapacityChanged = "waiting-list.capacity";
    public const string TerritoryRead = "waiting-list.territory-read";
}

public sealed record WaitingRow(Guid Id, Guid SurvivorId, string SurvivorName, WaitingStage Stage, RiskLevel? Risk, DateTimeOffset RegisteredAt,
    int DaysWaiting, string? Note, uint Version);

public sealed record StageCapacity(WaitingStage Stage, int? Places, int Waiting);

public sealed record CentreWaitingList(string CentreCode, string CentreName, int OpenCases, IReadOnlyList<StageCapacity> Capacity,
    IReadOnlyList<WaitingRow> Waiting, bool CanConfigureCapacity);

/// <summary>One centre × stage of a territory: counts only, to redistribute demand.</summary>
public sealed record TerritoryWaitingRow(string CentreCode, string CentreName, string RegionCode, WaitingStage Stage, int? Places, int Waiting,
    int WaitingHighOrVital, int LongestWaitDays);

/// <summary>
/// Listas de espera: a centre team registers women it cannot admit yet, per stage, ordered by risk and waiting time beside
/// the places its head configured; a territorial officer (N3 region, N4 executing entity) sees counts across her centres,
/// never names. Access is decided here, explicitly, on every call.
/// </summary>
public sealed class WaitingListService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts,
    SIIVbG.Infrastructure.Operators.FeatureSwitches? switches = null)
{
    private Task EnsureOnAsync(CancellationToken ct) =>
        switches?.EnsureEnabledAsync(SIIVbG.Domain.Features.Module.WaitingLists, ct) ?? Task.CompletedTask;

    private const string EditedRecord = "esta espera";

    public async Task<CentreWaitingList> CentreListAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        var centre = await EnsureCentreTeamAsync(op, "lista-espera", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = LegalService.Today(now);
        var entries = await db.WaitingListEntries.AsNoTracking().Where(e => e.CentreCode == centre && e.Outcome == null)
            .Select(e => new { Entry = e, Version = EF.Property<uint>(e, "Version") }).ToListAsync(ct);
        var ids = entries.Select(e => e.Entry.SurvivorId).Distinct().ToArray();
        var facts = await survivorFacts.LoadAsync(db, op, ids, ct);
        // Explicitly per woman: an entry whose survivor the team may no longer find (no case here any more) is not shown.
        var visible = entries.Where(e => SurvivorAccessPolicy.CanFind(op, facts[e.Entry.SurvivorId], now).IsAllowed).ToList();
        var visibleIds = visible.Select(e => e.Entry.SurvivorId).Distinct().ToArray();
        var names = await db.Survivors.AsNoTracking().Where(s => visibleIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.GivenNames + " " + s.Surnames, ct);
        var risks = await CurrentRisksAsync(db, visibleIds, ct);
        var rows = WaitingListEntry.Prioritise(visible, e => risks.GetValueOrDefault(e.Entry.SurvivorId) ?? e.Entry.RiskAtRegistration,
                e => e.Entry.RegisteredAt)
            .Select(e => new WaitingRow(e.Entry.Id, e.Entry.SurvivorId, names[e.Entry.SurvivorId], e.Entry.Stage,
                risks.GetValueOrDefault(e.Entry.SurvivorId) ?? e.Entry.RiskAtRegistration, e.Entry.RegisteredAt,
                e.Entry.DaysWaitingOn(today, LegalService.Today), e.Entry.Note, e.Version))
            .ToList();
        var capacities = await db.CentreCapacities.AsNoTracking().Where(c => c.CentreCode == centre).ToDictionaryAsync(c => c.Stage, c => c.Places, ct);
        var capacity = Enum.GetValues<WaitingStage>()
            .Select(s => new StageCapacity(s, capacities.TryGetValue(s, out var p) ? p : null, rows.Count(r => r.Stage == s))).ToList();
        var openCases = await db.Cases.CountAsync(c => c.CentreCode == centre && (c.State == CaseState.Orientation || c.State == CaseState.Intake
            || c.State == CaseState.Intervention || c.State == CaseState.FollowUp), ct);
        var centreName = await db.Centres.Where(c => c.Code == centre).Select(c => c.Name).SingleAsync(ct);

        if (rows.Count > 0)
            await audit.AppendAsync(new AuditRecord(WaitingListAuditActions.Read, AuditOutcome.Allowed, op.Id, op.Run, null, $"lista-espera/{centre}",
                SurvivorAccessReason.CaseAtOwnCentre, JsonSerializer.Serialize(new { survivors = visibleIds }, ReferralService.Json)), ct);
        return new CentreWaitingList(centre, centreName, openCases, capacity, rows, op.Level == AccessLevel.N5);
    }

    /// <summary>Puts her on the centre's list for a stage; she must have an open case there (registered, in orientación at least).</summary>
    public async Task<Guid> AddAsync(SignedInOperator op, Guid survivorId, WaitingStage stage, string? note, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.CaseHistory, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/lista-espera", ct);
        var now = clock.GetUtcNow();
        var risk = (await CurrentRisksAsync(db, [survivorId], ct)).GetValueOrDefault(survivorId);
        var entry = WaitingListEntry.Register(op.ScopeCode!, survivorId, stage, risk, note, now, op.Id);
        db.WaitingListEntries.Add(entry);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DomainException("Ya está en la lista de espera de esta etapa en su centro.");
        }
        await audit.AppendAsync(db, new AuditRecord(WaitingListAuditActions.Added, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"lista-espera/{entry.Id}", decision.Reason, JsonSerializer.Serialize(new { stage }, ReferralService.Json)), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.WaitingList, entry.Id, entry.CentreCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
        return entry.Id;
    }

    public async Task RecordOutcomeAsync(SignedInOperator op, Guid entryId, uint version, WaitingOutcome outcome, string? reason,
        CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = await db.WaitingListEntries.SingleOrDefaultAsync(e => e.Id == entryId, ct);
        var decision = entry is null || entry.CentreCode != op.ScopeCode
            ? AccessDecision.Deny(SurvivorAccessReason.NotOwnCentre)
            : SurvivorAccessPolicy.CanEdit(op, await survivorFacts.LoadAsync(db, op, entry.SurvivorId, ct), SurvivorTab.CaseHistory, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, entry?.SurvivorId, $"lista-espera/{entryId}", ct);
        var e = entry!;
        db.ExpectVersion(e, version, EditedRecord);
        e.RecordOutcome(outcome, reason, clock.GetUtcNow(), op.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrentEditException(EditedRecord);
        }
        await audit.AppendAsync(db, new AuditRecord(WaitingListAuditActions.OutcomeRecorded, AuditOutcome.Allowed, op.Id, op.Run, e.SurvivorId,
            $"lista-espera/{e.Id}", decision.Reason, JsonSerializer.Serialize(new { outcome }, ReferralService.Json)), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.WaitingList, e.Id, e.CentreCode, null, e.SurvivorId), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The head of a centre sets the places of one stage.</summary>
    public async Task SetCapacityAsync(SignedInOperator op, WaitingStage stage, int places, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        var centre = await EnsureCentreTeamAsync(op, "lista-espera/cupos", ct);
        if (op.Level != AccessLevel.N5)
        {
            await audit.AppendDenialAsync(op, null, $"lista-espera/{centre}/cupos", "only-centre-head-configures-capacity", ct);
            throw new AccessDeniedException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var capacity = await db.CentreCapacities.SingleOrDefaultAsync(c => c.CentreCode == centre && c.Stage == stage, ct);
        if (capacity is null) db.CentreCapacities.Add(CentreCapacity.Configure(centre, stage, places, now, op.Id));
        else capacity.Change(places, now, op.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(WaitingListAuditActions.CapacityChanged, AuditOutcome.Allowed, op.Id, op.Run, null,
            $"lista-espera/{centre}/cupos", Details: JsonSerializer.Serialize(new { stage, places }, ReferralService.Json)), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.WaitingList, null, centre), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Counts per centre and stage across the officer's region (N3) or executing entity (N4); no personal data.</summary>
    public async Task<IReadOnlyList<TerritoryWaitingRow>> TerritoryAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        var oversight = AccessPolicy.Can(op, Capability.ViewReferralList) && !AccessPolicy.Can(op, Capability.OpenCasePanel)
            && op.ScopeKind is ScopeKind.Region or ScopeKind.ExecutingEntity && !string.IsNullOrWhiteSpace(op.ScopeCode);
        if (!oversight)
        {
            await audit.AppendDenialAsync(op, null, "lista-espera/territorio", SIIVbG.Domain.Referrals.ReferralPolicy.LevelHasNoReferralList, ct);
            throw new AccessDeniedException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var today = LegalService.Today(clock.GetUtcNow());
        var centres = await db.Centres.AsNoTracking()
            .Where(c => op.ScopeKind == ScopeKind.Region ? c.RegionCode == op.ScopeCode : c.ExecutingEntityCode == op.ScopeCode)
            .Select(c => new { c.Code, c.Name, c.RegionCode }).ToListAsync(ct);
        var codes = centres.Select(c => c.Code).ToArray();
        var entries = await db.WaitingListEntries.AsNoTracking().Where(e => codes.Contains(e.CentreCode) && e.Outcome == null)
            .Select(e => new { e.CentreCode, e.Stage, e.SurvivorId, e.RiskAtRegistration, e.RegisteredAt }).ToListAsync(ct);
        var risks = await CurrentRisksAsync(db, entries.Select(e => e.SurvivorId).Distinct().ToArray(), ct);
        var capacities = await db.CentreCapacities.AsNoTracking().Where(c => codes.Contains(c.CentreCode)).ToListAsync(ct);
        var rows = (from c in centres
                    from s in Enum.GetValues<WaitingStage>()
                    let waiting = entries.Where(e => e.CentreCode == c.Code && e.Stage == s).ToList()
                    let places = capacities.FirstOrDefault(x => x.CentreCode == c.Code && x.Stage == s)?.Places
                    where waiting.Count > 0 || places is not null
                    select new TerritoryWaitingRow(c.Code, c.Name, c.RegionCode, s, places, waiting.Count,
                        waiting.Count(e => (risks.GetValueOrDefault(e.SurvivorId) ?? e.RiskAtRegistration) is RiskLevel.High or RiskLevel.Vital),
                        waiting.Count == 0 ? 0 : waiting.Max(e => today.DayNumber - LegalService.Today(e.RegisteredAt).DayNumber)))
            .OrderBy(r => r.CentreName).ThenBy(r => r.Stage).ToList();
        await audit.AppendAsync(new AuditRecord(WaitingListAuditActions.TerritoryRead, AuditOutcome.Allowed, op.Id, op.Run, null,
            $"lista-espera/territorio/{op.ScopeCode}"), ct);
        return rows;
    }

    private async Task<string> EnsureCentreTeamAsync(SignedInOperator op, string resource, CancellationToken ct)
    {
        if (AccessPolicy.Can(op, Capability.OpenCasePanel) && op.ScopeKind == ScopeKind.Centre && !string.IsNullOrWhiteSpace(op.ScopeCode))
            return op.ScopeCode;
        await audit.AppendDenialAsync(op, null, resource, SurvivorAccessReason.LevelNotCentreTeam, ct);
        throw new AccessDeniedException();
    }

    /// <summary>Her latest risk estimate across her cases, by survivor.</summary>
    private static async Task<Dictionary<Guid, RiskLevel?>> CurrentRisksAsync(SiivbgDbContext db, Guid[] survivorIds, CancellationToken ct)
    {
        var rows = await db.Cases.AsNoTracking().Where(c => survivorIds.Contains(c.SurvivorId) && c.LatestRisk != null)
            .Select(c => new { c.SurvivorId, c.LatestRisk, c.LatestRiskAt }).ToListAsync(ct);
        return rows.GroupBy(r => r.SurvivorId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.LatestRiskAt).First().LatestRisk);
    }
}
