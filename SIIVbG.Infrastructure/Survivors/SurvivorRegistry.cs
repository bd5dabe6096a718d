using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>
/// The survivor registry as caseworkers use it: search (RUN or names), registration (search before create), the file,
/// and recording episodes. Every method decides with <see cref="SurvivorAccessPolicy"/> and writes the audit trail;
/// a survivor the operator may not see and one that does not exist give the same <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class SurvivorRegistry(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts,
    Operators.CatalogueLookup catalogues)
{
    public const int SearchLimit = 25;
    public const string ProgrammeLine = "APR";

    public async Task<SurvivorSearchResult> SearchAsync(SignedInOperator op, string query, CancellationToken ct = default)
    {
        query = (query ?? "").Trim();
        if (LooksLikeRun(query))
            return await LookUpRunAsync(op, query, ct);
        if (query.Length < 3)
            return SurvivorSearchResult.Invalid(SearchKind.Names, "Escriba al menos 3 letras del nombre o un RUN.");
        if (!SurvivorAccessPolicy.CanLookUpByExactRun(op).IsAllowed && !AccessPolicy.Can(op, Capability.OpenCasePanel))
        {
            await audit.AppendDenialAsync(op, null, "busqueda", null, ct);
            throw new AccessDeniedException();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        var now = clock.GetUtcNow();
        var centre = op.ScopeKind == ScopeKind.Centre ? op.ScopeCode ?? "" : "";
        // Word pass, then trigrams when it cannot answer (ADRs 011, 016).
        var candidates = (await NameSearch.RunAsync(conn, query, centre, op.Id, now, SearchLimit, ct))
            .Select(r => new SurvivorSummary(r.Id, $"{r.GivenNames} {r.Surnames}", r.Run, r.BirthDate, r.Score)).ToList();
        // The SQL pre-filters; the policy has the last word on every row.
        var facts = await survivorFacts.LoadForFindingAsync(db, op, candidates.Select(c => c.Id).ToArray(), ct);
        var visible = candidates.Where(c => SurvivorAccessPolicy.CanFind(op, facts[c.Id], now).IsAllowed).ToList();
        await audit.AppendCommittedAsync(db, new AuditRecord(AuditActions.SurvivorSearched, AuditOutcome.Allowed, op.Id, op.Run,
            Resource: "busqueda", Details: JsonSerializer.Serialize(new { kind = "nombres", results = visible.Select(v => v.Id) })), ct);
        return new SurvivorSearchResult(SearchKind.Names, null, null, null, visible);
    }

    private async Task<SurvivorSearchResult> LookUpRunAsync(SignedInOperator op, string text, CancellationToken ct)
    {
        if (!Run.TryParse(text, out var run, out var error))
            return SurvivorSearchResult.Invalid(SearchKind.Run, error!);
        if (!SurvivorAccessPolicy.CanLookUpByExactRun(op).IsAllowed)
        {
            await audit.AppendDenialAsync(op, null, "busqueda-run", null, ct);
            throw new AccessDeniedException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        Guid? id = null;
        SurvivorSummary? found = null;
        await using (var cmd = new NpgsqlCommand(SurvivorQueries.RunLookup, conn))
        {
            cmd.Parameters.AddWithValue("run", run.ToString());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                id = r.GetGuid(0);
                found = new SurvivorSummary(id.Value, $"{r.GetString(1)} {r.GetString(2)}", r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4), 1);
            }
        }
        var now = clock.GetUtcNow();
        RunLookupOutcome outcome;
        IReadOnlyList<SurvivorSummary> matches = [];
        if (id is null) outcome = RunLookupOutcome.NotFound;
        else
        {
            var facts = (await survivorFacts.LoadForFindingAsync(db, op, [id.Value], ct))[id.Value];
            if (SurvivorAccessPolicy.CanFind(op, facts, now).IsAllowed)
            {
                outcome = RunLookupOutcome.Found;
                matches = [found!];
            }
            else outcome = RunLookupOutcome.ExistsElsewhere;
        }
        await audit.AppendCommittedAsync(db, new AuditRecord(AuditActions.SurvivorSearched, AuditOutcome.Allowed, op.Id, op.Run, id,
            "busqueda-run", Details: JsonSerializer.Serialize(new { kind = "run", run = run.ToString(), outcome = outcome.ToString() })), ct);
        return new SurvivorSearchResult(SearchKind.Run, null, run.ToString(), outcome, matches);
    }

    /// <summary>Registers a woman nobody has registered yet and opens an orientation case at the operator's centre.</summary>
    public async Task<RegistrationResult> RegisterAsync(SignedInOperator op, RegisterSurvivor command, CancellationToken ct = default)
    {
        if (!SurvivorAccessPolicy.CanRegister(op).IsAllowed || !SurvivorAccessPolicy.CanOpenCaseAt(op, op.ScopeCode ?? "").IsAllowed)
        {
            await audit.AppendDenialAsync(op, null, "registro", null, ct);
            throw new AccessDeniedException();
        }
        Run? run = null;
        if (!string.IsNullOrWhiteSpace(command.Run)) run = Run.Parse(command.Run);
        var now = clock.GetUtcNow();
        var survivor = Survivor.Register(run, command.ForeignDocument, command.GivenNames, command.Surnames, command.BirthDate, op.Id, now);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (run is { } r && await db.Survivors.Where(s => s.Run == r.ToString()).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct) is { } existing)
            return new RegistrationResult(RegistrationOutcome.AlreadyRegistered, existing);
        var centre = await db.Centres.SingleAsync(c => c.Code == op.ScopeCode, ct);
        var intervention = await InterventionTypeAsync(command.InterventionType, centre.Kind, ct);
        db.Survivors.Add(survivor);
        var @case = Case.Open(survivor.Id, NewCaseNumber(now), ProgrammeLine, intervention, centre.Code, centre.ExecutingEntityCode, now, op.Id);
        db.Cases.Add(@case);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AuditActions.SurvivorRegistered, AuditOutcome.Allowed, op.Id, op.Run, survivor.Id,
            $"caso/{@case.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, survivor.Id, centre.Code, centre.RegionCode, survivor.Id), ct);
        await tx.CommitAsync(ct);
        return new RegistrationResult(RegistrationOutcome.Registered, survivor.Id);
    }

    /// <summary>She is already in the registry (found by RUN) but not at this centre: open an orientation case here.</summary>
    public async Task<Guid> OpenCaseAtMyCentreAsync(SignedInOperator op, string runText, string? interventionType = null, CancellationToken ct = default)
    {
        var run = Run.Parse(runText);
        if (!SurvivorAccessPolicy.CanLookUpByExactRun(op).IsAllowed || !SurvivorAccessPolicy.CanOpenCaseAt(op, op.ScopeCode ?? "").IsAllowed)
        {
            await audit.AppendDenialAsync(op, null, "apertura-caso", null, ct);
            throw new AccessDeniedException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var survivorId = await db.Survivors.Where(s => s.Run == run.ToString()).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct)
            ?? throw new AccessDeniedException();
        var centre = await db.Centres.SingleAsync(c => c.Code == op.ScopeCode, ct);
        var intervention = await InterventionTypeAsync(interventionType, centre.Kind, ct);
        var now = clock.GetUtcNow();
        var @case = Case.Open(survivorId, NewCaseNumber(now), ProgrammeLine, intervention, centre.Code, centre.ExecutingEntityCode, now, op.Id);
        db.Cases.Add(@case);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AuditActions.CaseOpened, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"caso/{@case.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, survivorId, centre.Code, centre.RegionCode, survivorId), ct);
        await tx.CommitAsync(ct);
        return survivorId;
    }

    private sealed record SurvivorRow(Survivor? Survivor, uint Version, string? ComunaName);

    // The file's hot path: compiled, so EF does not look the query up on every opening.
    private static readonly Func<SiivbgDbContext, Guid, Task<SurvivorRow?>> SurvivorRowById = EF.CompileAsyncQuery(
        (SiivbgDbContext db, Guid id) => db.Survivors.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SurvivorRow(s, EF.Property<uint>(s, "Version"),
                db.Comunas.Where(c => c.Code == s.ComunaCode).Select(c => c.Name).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>The file as this operator may see it; audited as a read of every tab it returns.</summary>
    public async Task<SurvivorFile> OpenFileAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var (allFacts, latestConsents) = await survivorFacts.LoadWithConsentsAsync(db, op, [survivorId], ct);
        var facts = allFacts[survivorId];
        var identityDecision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Identification, null, now);
        // The row, its version and her comuna's name in one statement.
        var row = identityDecision.IsAllowed ? await SurvivorRowById(db, survivorId) : null;
        var survivor = row?.Survivor;
        if (row is null || survivor is null)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}", identityDecision.Reason, ct);
            throw new AccessDeniedException();
        }

        // Cases and episodes in one round trip, with the statements the benchmark's raw side runs.
        var caseRows = new List<CaseRow>();
        var activeMeasures = 0;
        var episodeRows = new List<EpisodeRow>();
        await using (var batch = SurvivorQueries.FileRowsBatch((NpgsqlConnection)db.Database.GetDbConnection(), survivorId))
        {
            await using var r = await batch.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                caseRows.Add(new CaseRow(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(9), r.GetString(3),
                    r.GetString(4), r.GetString(5), r.GetString(6), (CaseState)r.GetInt32(7), r.IsDBNull(8) ? null : (RiskLevel)r.GetInt32(8),
                    r.GetString(4) == op.ScopeCode, r.IsDBNull(10) ? null : r.GetString(10), r.GetBoolean(11)));
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
                episodeRows.Add(new EpisodeRow(r.GetGuid(0), r.GetFieldValue<DateOnly>(1), r.IsDBNull(2) ? null : r.GetFieldValue<TimeOnly>(2),
                    r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5), (ViolenceTypes)r.GetInt32(6),
                    (AggressorRelation)r.GetInt32(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : (RiskLevel)r.GetInt32(9),
                    r.GetString(10), r.GetFieldValue<DateTimeOffset>(12)));
            await r.NextResultAsync(ct);
            var legalToday = LegalService.Today(now);
            while (await r.ReadAsync(ct))
                if (ProtectiveMeasure.IsInForce(r.GetFieldValue<DateOnly>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateOnly>(2),
                        r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3), legalToday)
                    && SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Legal, r.IsDBNull(0) ? null : r.GetString(0), now).IsAllowed)
                    activeMeasures++;
        }
        var trajectory = caseRows
            .Where(c => facts.Cases.FirstOrDefault(f => f.CaseId == c.Id) is { } fact && SurvivorAccessPolicy.CanSeeCaseRow(op, facts, fact, now).IsAllowed)
            .ToList();
        var episodes = episodeRows
            .Where(e => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Episodes, e.CentreCode, now).IsAllowed).ToList();

        var consent = latestConsents.GetValueOrDefault(survivorId);
        var readable = Enum.GetValues<SurvivorTab>()
            .Where(t => SurvivorAccessPolicy.CanReadDetail(op, facts, t, op.ScopeCode, now).IsAllowed).ToList();
        var canEdit = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Episodes, op.ScopeCode).IsAllowed;
        var version = row.Version;
        var comunaName = survivor.ComunaCode is null ? null : row.ComunaName;

        await audit.AppendCommittedAsync(db, new AuditRecord(AuditActions.SurvivorFileOpened, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"sobreviviente/{survivorId}", Reason: identityDecision.Reason,
            Details: JsonSerializer.Serialize(new { tabs = readable.Select(t => t.ToString()), cases = trajectory.Count, episodes = episodes.Count })), ct);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new SurvivorFile(
            new SurvivorIdentity(survivor.Id, survivor.DocumentKind, survivor.Run, survivor.DocumentNumber, survivor.GivenNames, survivor.Surnames,
                survivor.BirthDate, survivor.AgeOn(today), survivor.Sex, survivor.GenderIdentity, survivor.Nationality, survivor.IndigenousPeople,
                survivor.MigrationStatus, survivor.Disability, survivor.Phone, survivor.Email, survivor.Address, comunaName,
                survivor.Provenance.ToList(), version, survivor.ComunaCode, survivor.Health, survivor.SubstanceUse),
            trajectory, caseRows.Count - trajectory.Count, episodes, episodeRows.Count - episodes.Count,
            EpisodeTimeline.Build(episodes.Select(e => new EpisodeFacts(e.Id, e.OccurredOn, e.OccurredAtTime, e.RegisteredAt, e.Types, e.Risk))),
            consent is null ? null : new ConsentSummary(consent.Obtained, consent.IsComplete, consent.MissingElements(), consent.Scopes, consent.RecordedAt),
            readable, canEdit, activeMeasures);
    }

    /// <summary>Records an episode at the operator's centre; every open tab on this survivor re-reads.</summary>
    public async Task<Guid> RecordEpisodeAsync(SignedInOperator op, Guid survivorId, RecordEpisode command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = (await survivorFacts.LoadAsync(db, op, [survivorId], ct))[survivorId];
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Episodes, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/episodios", ct);
        var now = clock.GetUtcNow();
        var openCase = facts.Cases.Where(c => c.CentreCode == op.ScopeCode && c.IsOpen).Select(c => (Guid?)c.CaseId).FirstOrDefault();
        var episode = ViolenceEpisode.Register(survivorId, openCase, op.ScopeCode!, command.OccurredOn, command.OccurredAtTime, command.Place,
            command.ComunaCode, command.Types, command.Relation, command.Observations, command.Risk, now, op.Id);
        (await catalogues.CurrentAsync(ct)).EnsureUsable(command.Types);
        if (!await db.Comunas.AnyAsync(c => c.Code == command.ComunaCode, ct))
            throw new Domain.Common.DomainException("La comuna indicada no existe.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ViolenceEpisodes.Add(episode);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AuditActions.EpisodeRecorded, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"episodio/{episode.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, episode.Id, op.ScopeCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
        return episode.Id;
    }

    /// <summary>
    /// Corrects what she declares about herself. Values a registry supplied keep their source until she changes them;
    /// a form loaded before someone else's save is refused (<see cref="Common.ConcurrentEditException"/>), never merged.
    /// </summary>
    public async Task UpdateIdentificationAsync(SignedInOperator op, Guid survivorId, UpdateIdentification command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Identification, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/identificacion", ct);
        var survivor = await db.Survivors.SingleAsync(s => s.Id == survivorId, ct);
        db.Entry(survivor).Property("Version").OriginalValue = command.Version;
        var now = clock.GetUtcNow();
        survivor.CorrectNames(command.GivenNames, command.Surnames, DataSource.SelfReported, now);
        survivor.CorrectBirthDate(command.BirthDate, DataSource.SelfReported, now);
        survivor.DescribeCharacterisation(command.GenderIdentity, command.Nationality, command.IndigenousPeople, command.MigrationStatus,
            command.Disability, now);
        survivor.DescribeHealth(command.Health, command.SubstanceUse, now);
        survivor.UpdateContact(command.Phone, command.Email, command.Address, command.ComunaCode, DataSource.SelfReported, now);
        if (command.ComunaCode is { Length: > 0 } comuna && !await db.Comunas.AnyAsync(c => c.Code == comuna, ct))
            throw new Domain.Common.DomainException("La comuna indicada no existe.");
        if (!db.ChangeTracker.HasChanges()) return;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new Common.ConcurrentEditException("los datos de identificación");
        }
        await audit.AppendAsync(db, new AuditRecord(AuditActions.SurvivorUpdated, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"sobreviviente/{survivorId}/identificacion"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, survivorId, op.ScopeCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The intervention type chosen for a new case: an active catalogue entry, or the centre's kind when none was chosen.</summary>
    private async Task<string> InterventionTypeAsync(string? chosen, string centreKind, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(chosen)) return centreKind;
        if ((await catalogues.CurrentAsync(ct)).ActiveInterventionTypes.Any(e => e.Code == chosen)) return chosen;
        throw new Domain.Common.DomainException("El tipo de intervención no existe o fue desactivado en el catálogo.");
    }

    /// <summary>Digits with optional dots, dash and K: a RUN attempt (a wrong check digit must be told, not searched as a name).</summary>
    internal static bool LooksLikeRun(string text)
    {
        var compact = text.Replace(".", "").Replace("-", "").Replace(" ", "");
        return compact.Length >= 2 && compact[..^1].All(char.IsAsciiDigit) && (char.IsAsciiDigit(compact[^1]) || compact[^1] is 'k' or 'K');
    }

    private static string NewCaseNumber(DateTimeOffset at) => $"C-{at:yyyy}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
}
