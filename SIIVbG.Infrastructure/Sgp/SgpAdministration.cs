using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Sgp;

public sealed record SgpFileProgress(string File, int Done, int Total);

public sealed record SgpRunSummary(Guid Id, DateOnly? SnapshotDate, string Status, string? Reason, DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt, SgpImportCounts? Counts, int Absent, string? Phase, IReadOnlyList<SgpFileProgress> Progress);

public sealed record SgpRunReport(SgpRunSummary Run, IReadOnlyList<SgpQuarantineEntry> Quarantine, IReadOnlyList<SgpQualityIssue> Issues);

/// <summary>A doubtful match as the reviewer sees it: the SGP row and the candidate, both reduced to what the decision needs.</summary>
public sealed record SgpReviewItem(Guid Id, string SgpPersonId, SgpReviewPerson Person, Guid? CandidateId, SgpReviewPerson? Candidate,
    string Reason, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecisionNote, DateTimeOffset? UndoneAt);

public static class SgpAuditActions
{
    public const string ImportStarted = "sgp.import-started";
    public const string RunsRead = "sgp.runs-read";
    public const string ReviewsRead = "sgp.reviews-read";
    public const string MatchConfirmed = "sgp.match-confirmed";
    public const string MatchRejected = "sgp.match-rejected";
    public const string MergeUndone = "sgp.merge-undone";
}

/// <summary>
/// The SGP import in the Panel de Administración (N2): start an import of the newest snapshot, follow it, read each run's
/// report, and decide the doubtful matches — confirm, reject, or later undo a confirmed merge (ADR 018). The reviewer
/// sees only names, birth date, comuna and programme; every read and decision is audited.
/// </summary>
public sealed class SgpAdministration(IDbContextFactory<SiivbgDbContext> dbFactory, AccessGuard access, AuditTrail audit, TimeProvider clock,
    ISgpImportQueue jobs, SgpSource source, SIIVbG.Infrastructure.Operators.FeatureSwitches? switches = null)
{
    private const string Resource = "sgp";

    public string? SourceLocation => source.Location;

    /// <summary>Queues the import of the newest snapshot as a background job: it runs on whichever node takes it.</summary>
    public async Task StartImportAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ManageSgpImport, Resource, ct);
        if (switches is not null) await switches.EnsureEnabledAsync(SIIVbG.Domain.Features.Module.SgpImport, ct);
        if (source.Location is null) throw new DomainException("No hay una fuente de snapshots SGP configurada (Sgp:Source).");
        var job = jobs.Enqueue();
        await audit.AppendAsync(new AuditRecord(SgpAuditActions.ImportStarted, AuditOutcome.Allowed, op.Id, op.Run, null, Resource,
            Details: JsonSerializer.Serialize(new { job, source = source.Location })), ct);
    }

    public async Task<IReadOnlyList<SgpRunSummary>> ListRunsAsync(SignedInOperator op, int count = 20, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ManageSgpImport, Resource, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.SgpImportRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(count).ToListAsync(ct);
        return runs.Select(Summary).ToList();
    }

    public async Task<SgpRunReport?> GetRunAsync(SignedInOperator op, Guid runId, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ManageSgpImport, Resource, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.SgpImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return null;
        await audit.AppendAsync(new AuditRecord(SgpAuditActions.RunsRead, AuditOutcome.Allowed, op.Id, op.Run, null, $"sgp/{runId}"), ct);
        using var report = JsonDocument.Parse(run.Report);
        var root = report.RootElement;
        return new SgpRunReport(Summary(run),
            root.TryGetProperty("quarantine", out var q) ? q.Deserialize<List<SgpQuarantineEntry>>(SgpImporter.Json) ?? [] : [],
            root.TryGetProperty("issues", out var i) ? i.Deserialize<List<SgpQualityIssue>>(SgpImporter.Json) ?? [] : []);
    }

    private static SgpRunSummary Summary(SgpImportRun r)
    {
        using var report = JsonDocument.Parse(r.Report);
        var root = report.RootElement;
        var counts = root.TryGetProperty("counts", out var c) ? c.Deserialize<SgpImportCounts>(SgpImporter.Json) : null;
        var absent = root.TryGetProperty("absent", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0;
        string? phase = null;
        var files = new List<SgpFileProgress>();
        if (r.Progress is { } progress)
        {
            using var p = JsonDocument.Parse(progress);
            phase = p.RootElement.GetProperty("phase").GetString();
            files = p.RootElement.GetProperty("files").Deserialize<List<SgpFileProgress>>(SgpImporter.Json) ?? [];
        }
        return new SgpRunSummary(r.Id, r.SnapshotDate, r.Status, r.Reason, r.StartedAt, r.FinishedAt, counts, absent, phase, files);
    }

    // ------------------------------------------------------------------ review queue

    public async Task<IReadOnlyList<SgpReviewItem>> ListReviewsAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ManageSgpImport, Resource, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reviews = await db.SgpReviews.AsNoTracking()
            .OrderBy(r => r.Status != SgpReviewStatus.Pending).ThenByDescending(r => r.CreatedAt).Take(100).ToListAsync(ct);
        var candidateIds = reviews.Where(r => r.CandidateSurvivorId is not null).Select(r => r.CandidateSurvivorId!.Value).Distinct().ToArray();
        var candidates = await db.Survivors.AsNoTracking().Where(s => candidateIds.Contains(s.Id))
            .Select(s => new { s.Id, s.GivenNames, s.Surnames, s.BirthDate, s.ComunaCode }).ToDictionaryAsync(s => s.Id, ct);
        var items = reviews.Select(r => new SgpReviewItem(r.Id, r.SgpPersonId,
            JsonSerializer.Deserialize<SgpReviewPerson>(r.Person, SgpImporter.Json)!, r.CandidateSurvivorId,
            r.CandidateSurvivorId is { } id && candidates.TryGetValue(id, out var s) ? new SgpReviewPerson(s.GivenNames, s.Surnames, s.BirthDate, s.ComunaCode, null) : null,
            r.Reason, r.Status, r.CreatedAt, r.DecidedAt, r.DecisionNote, r.UndoneAt)).ToList();
        // Reading candidates' names and birth dates is reading survivor data: audited with whom it showed.
        await audit.AppendAsync(new AuditRecord(SgpAuditActions.ReviewsRead, AuditOutcome.Allowed, op.Id, op.Run, null, $"{Resource}/revision",
            Details: JsonSerializer.Serialize(new { reviews = items.Select(i => i.Id), survivors = candidateIds })), ct);
        return items;
    }

    /// <summary>She is the candidate: her SGP person is linked to that survivor; her cases arrive with the next import.</summary>
    public Task ConfirmAsync(SignedInOperator op, Guid reviewId, string? note, CancellationToken ct = default) =>
        DecideAsync(op, reviewId, SgpReviewStatus.Pending, SgpAuditActions.MatchConfirmed, ct, async (db, review, now) =>
        {
            if (review.CandidateSurvivorId is not { } candidate) throw new DomainException("Esta revisión no tiene una sobreviviente candidata.");
            await LinkAsync(db, review.SgpPersonId, candidate, ct);
            review.Status = SgpReviewStatus.Confirmed;
            review.DecidedBy = op.Id;
            review.DecidedAt = now;
            review.DecisionNote = Note(note);
            return candidate;
        });

    /// <summary>She is someone else: a survivor of her own is created from the SGP row.</summary>
    public Task RejectAsync(SignedInOperator op, Guid reviewId, string? note, CancellationToken ct = default) =>
        DecideAsync(op, reviewId, SgpReviewStatus.Pending, SgpAuditActions.MatchRejected, ct, async (db, review, now) =>
        {
            var separate = NewSurvivor(review, now);
            db.Survivors.Add(separate);
            await LinkAsync(db, review.SgpPersonId, separate.Id, ct);
            review.Status = SgpReviewStatus.Rejected;
            review.DecidedBy = op.Id;
            review.DecidedAt = now;
            review.DecisionNote = Note(note);
            review.SeparateSurvivorId = separate.Id;
            return separate.Id;
        });

    /// <summary>
    /// Undoes a confirmed merge: a survivor of her own is created from the SGP row and everything SGP brought through that
    /// person (her cases with their episodes, her NNA, the cases' aggressors) moves to her. The review keeps its history.
    /// </summary>
    public Task UndoAsync(SignedInOperator op, Guid reviewId, string? note, CancellationToken ct = default) =>
        DecideAsync(op, reviewId, SgpReviewStatus.Confirmed, SgpAuditActions.MergeUndone, ct, async (db, review, now) =>
        {
            var note2 = Note(note) ?? throw new DomainException("Indique por qué se deshace la fusión.");
            var separate = NewSurvivor(review, now);
            db.Survivors.Add(separate);
            await db.SaveChangesAsync(ct);
            await LinkAsync(db, review.SgpPersonId, separate.Id, ct);
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var move = new NpgsqlCommand("""
                WITH person_cases AS (
                  SELECT target_id AS id, sgp_id FROM sgp_records WHERE kind = 'caso' AND parent_sgp_id = @person AND target_id IS NOT NULL)
                , moved AS (UPDATE cases SET survivor_id = @to WHERE id IN (SELECT id FROM person_cases) AND survivor_id = @from RETURNING id)
                , episodes AS (UPDATE violence_episodes SET survivor_id = @to WHERE case_id IN (SELECT id FROM moved) RETURNING id)
                UPDATE related_persons SET survivor_id = @to
                WHERE survivor_id = @from AND id IN (
                  SELECT target_id FROM sgp_records WHERE kind = 'nna' AND parent_sgp_id = @person
                  UNION SELECT target_id FROM sgp_records WHERE kind = 'agresor' AND parent_sgp_id IN (SELECT sgp_id FROM person_cases))
                """, conn, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction()))
            {
                move.Parameters.AddWithValue("person", review.SgpPersonId);
                move.Parameters.AddWithValue("to", separate.Id);
                move.Parameters.AddWithValue("from", review.CandidateSurvivorId!.Value);
                await move.ExecuteNonQueryAsync(ct);
            }
            review.Status = SgpReviewStatus.Undone;
            review.UndoneAt = now;
            review.UndoneBy = op.Id;
            review.DecisionNote = $"{review.DecisionNote} · Deshecha: {note2}".Trim(' ', '·');
            review.SeparateSurvivorId = separate.Id;
            return separate.Id;
        });

    private async Task DecideAsync(SignedInOperator op, Guid reviewId, string expected, string action, CancellationToken ct,
        Func<SiivbgDbContext, SgpReview, DateTimeOffset, Task<Guid>> decide)
    {
        await access.EnsureAsync(op, Capability.ManageSgpImport, $"{Resource}/revision/{reviewId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var review = await db.SgpReviews.FromSql($"SELECT * FROM sgp_reviews WHERE id = {reviewId} FOR UPDATE").SingleOrDefaultAsync(ct)
            ?? throw new DomainException("La revisión no existe.");
        if (review.Status != expected)
            throw new DomainException(review.Status == SgpReviewStatus.Pending
                ? "Esta coincidencia aún no se ha confirmado."
                : "Otra persona ya decidió esta coincidencia; recargue la lista.");
        var survivor = await decide(db, review, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, survivor, $"{Resource}/revision/{reviewId}",
            review.DecisionNote, JsonSerializer.Serialize(new { person = review.SgpPersonId, candidate = review.CandidateSurvivorId })), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.SgpImport, reviewId), ct);
        await tx.CommitAsync(ct);
    }

    private static async Task LinkAsync(SiivbgDbContext db, string personId, Guid survivor, CancellationToken ct)
    {
        var record = await db.SgpRecords.SingleOrDefaultAsync(r => r.Kind == "persona" && r.SgpId == personId, ct)
            ?? throw new DomainException("La persona SGP de esta revisión ya no está registrada.");
        record.Link = "linked";
        record.TargetId = survivor;
    }

    private static Survivor NewSurvivor(SgpReview review, DateTimeOffset now)
    {
        var p = JsonSerializer.Deserialize<SgpReviewPerson>(review.Person, SgpImporter.Json)!;
        return Survivor.Register(null, null, p.GivenNames, p.Surnames, p.BirthDate, SgpImporter.Actor, now, DataSource.Sgp);
    }

    private static string? Note(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null : note.Trim().Length > 400 ? throw new DomainException("La nota no puede superar 400 caracteres.") : note.Trim();
}
