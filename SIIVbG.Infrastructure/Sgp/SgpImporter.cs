using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;
using SIIVbG.Domain.Territory;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace SIIVbG.Infrastructure.Sgp;

public sealed record SgpImportCounts(int Read, int Inserted, int Updated, int Unchanged, int Quarantined, int Matched, int Review);

/// <summary>What a person deciding a doubtful match sees of the SGP row: no more than that.</summary>
public sealed record SgpReviewPerson(string GivenNames, string Surnames, DateOnly? BirthDate, string? ComunaCode, string? Programme);

public sealed record SgpQuarantineEntry(string File, int Line, string Key, string Reason);

public sealed record SgpQualityIssue(string File, int Line, string Key, string Issue);

/// <summary>How long one phase of an import took: where a night's time goes (ADR 018, Speed).</summary>
public sealed record SgpPhaseTiming(string Phase, double Seconds);

/// <param name="Links">Each SGP person id: the survivor it is, or <c>review</c> while a person must confirm the match.</param>
/// <param name="Phases">The applied run's phases and their seconds, in order; empty for a rejected snapshot.</param>
public sealed record SgpImportResult(Guid RunId, string? Snapshot, string Status, string? Reason, SgpImportCounts Counts,
    IReadOnlyList<SgpQuarantineEntry> Quarantine, IReadOnlyList<SgpQualityIssue> Issues, int Absent, int SurvivorsTotal,
    IReadOnlyDictionary<string, string> Links, IReadOnlyList<SgpPhaseTiming>? Phases = null);

/// <summary>
/// Imports one SGP snapshot into the survivor-centred registry (DESIGN §5.3, SPEC "What the import must guarantee"):
/// verify, validate and quarantine, match persons to survivors (valid RUN first, then normalised names + birth date,
/// uncertain matches to review), then apply the difference — all in one transaction, so a kill at any point leaves
/// nothing half-applied and a re-run gives the state of one clean run. The same snapshot twice changes nothing.
/// </summary>
public sealed class SgpImporter(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Who SGP's records are registered by: the import itself, not a person (no operator row, never signs in).</summary>
    public static readonly Guid Actor = new("5c9e0000-0000-4000-8000-00000000a001");
    public const string ImportAction = "sgp.import";

    private const long LockKey = 0x5_69_50_1A_B0;
    private const string Person = "persona", CaseKind = "caso", Milestone = "hito", Episode = "episodio", Child = "nna",
        Aggressor = "agresor", CentreKind = "centro";

    /// <summary>Tests only: runs between verification and apply, so a test can change a file under the import.</summary>
    internal Func<string, Task>? AfterVerificationForTests { get; set; }

    /// <summary>Tests only: false imports a first night row by row, as any other night, to show both ways give the same registry.</summary>
    internal bool BulkLoadForTests { get; set; } = true;

    public async Task<SgpImportResult> ImportAsync(string path, CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        SgpSnapshotFiles files;
        var verifying = Stopwatch.StartNew();
        try
        {
            files = SgpSnapshotReader.Read(path);
        }
        catch (SgpSnapshotRejectedException ex)
        {
            return await RecordRejectedAsync(path, null, null, ex.Message, started, ct);
        }

        var verify = verifying.Elapsed;
        if (AfterVerificationForTests is { } changeFiles) await changeFiles(path);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One import at a time: a second one waits, then sees what the first applied.
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
        var latest = await db.SgpImportRuns.Where(r => r.Status != "rejected" && r.SnapshotDate != null)
            .MaxAsync(r => (DateOnly?)r.SnapshotDate, ct);
        if (latest is { } l && files.SnapshotDate < l)
        {
            await tx.RollbackAsync(ct);
            return await RecordRejectedAsync(path, files.SnapshotDate, files.ManifestSha256,
                $"El snapshot del {files.SnapshotDate:dd-MM-yyyy} es anterior al último importado ({l:dd-MM-yyyy}).", started, ct);
        }

        // Holding the lock, no other import runs: a run still marked running was killed.
        await db.SgpImportRuns.Where(r => r.Status == "running")
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, "interrupted"), ct);
        var runId = Guid.NewGuid();
        await using var progress = await SgpProgress.StartAsync(db.Database.GetConnectionString()!, runId, files.SnapshotDate, path, started, ct,
            files.Counts);
        var bulk = BulkLoadForTests ? await BeginBulkLoadAsync(db, ct) : [];
        await using var apply = new Apply(db, files, clock.GetUtcNow(), progress, latest, bulk);
        try
        {
            await apply.RunAsync(ct);
        }
        catch (SgpSnapshotRejectedException ex)
        {
            // A file changed under the import after it was verified: nothing of this run is kept, and the run says why.
            await tx.RollbackAsync(ct);
            return await RecordRejectedAsync(path, files.SnapshotDate, files.ManifestSha256, ex.Message, started, ct, runId);
        }
        var result = await apply.ResultAsync(runId, ct);
        result = result with { Phases = [new SgpPhaseTiming("verify", Math.Round(verify.TotalSeconds, 2)), .. result.Phases ?? []] };
        // The run row was committed as running on its own connection; the final state commits with the import.
        await db.SgpImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, result.Status)
            .SetProperty(r => r.ManifestSha256, files.ManifestSha256)
            .SetProperty(r => r.FinishedAt, clock.GetUtcNow())
            .SetProperty(r => r.Report, JsonSerializer.Serialize(Report(result), Json))
            .SetProperty(r => r.Progress, (string?)null), ct);
        await audit.AppendAsync(db, new AuditRecord(ImportAction, AuditOutcome.Allowed, Actor, null, null, $"sgp/{files.SnapshotDate:yyyy-MM-dd}",
            Details: JsonSerializer.Serialize(new { status = result.Status, counts = result.Counts, absent = result.Absent })), ct);
        await Live.ChangePublisher.PublishAsync(db, new Live.ChangeEvent(Live.ChangeKinds.SgpImport, runId), ct);
        SgpCrashPoint.Reach("before-commit");
        await tx.CommitAsync(ct);
        SgpCrashPoint.Reach("after-commit");
        return result;
    }

    /// <summary>The tables a first night fills from empty: their indexes and foreign keys are rebuilt once at the end, not kept row by row.</summary>
    private static readonly string[] BulkTables = ["sgp_records", "survivors", "cases", "violence_episodes", "related_persons"];

    /// <summary>
    /// Sets aside, inside the import's transaction, the indexes and foreign keys of each of <see cref="BulkTables"/> that is
    /// empty (a first night): PostgreSQL builds them once at the end far faster than it keeps them row by row (ADR 018,
    /// "First night"). The database function refuses any other table and leaves one holding rows as it is; the tables it
    /// took stay locked until the import commits or rolls back, and a commit with anything still set aside fails.
    /// </summary>
    /// <returns>The tables whose indexes were set aside.</returns>
    private static async Task<HashSet<string>> BeginBulkLoadAsync(SiivbgDbContext db, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        foreach (var table in BulkTables)
        {
            await using var cmd = new NpgsqlCommand("SELECT siivbg_bulk_load_begin(@t)", conn);
            cmd.Parameters.AddWithValue("t", table);
            if ((bool)(await cmd.ExecuteScalarAsync(ct))!) taken.Add(table);
        }
        return taken;
    }

    /// <param name="runningId">The run row already committed as running (a snapshot refused during its apply): it is the one marked rejected.</param>
    private async Task<SgpImportResult> RecordRejectedAsync(string path, DateOnly? date, string? sha, string reason, DateTimeOffset started,
        CancellationToken ct, Guid? runningId = null)
    {
        var result = new SgpImportResult(runningId ?? Guid.NewGuid(), date?.ToString("yyyy-MM-dd"), "rejected", reason,
            new SgpImportCounts(0, 0, 0, 0, 0, 0, 0), [], [], 0, 0, new Dictionary<string, string>());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var run = runningId is { } id ? await db.SgpImportRuns.SingleAsync(r => r.Id == id, ct) : db.SgpImportRuns.Add(new SgpImportRun { Id = result.RunId }).Entity;
        (run.SnapshotDate, run.ManifestSha256, run.Source, run.Status, run.Reason, run.StartedAt, run.FinishedAt, run.Report, run.Progress) =
            (date, sha, Truncate(path, 500), "rejected", Truncate(reason, 1000), started, clock.GetUtcNow(), JsonSerializer.Serialize(Report(result), Json), null);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(ImportAction, AuditOutcome.Denied, Actor, null, null, "sgp", reason), ct);
        await tx.CommitAsync(ct);
        return result;
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static object Report(SgpImportResult r) => new
    {
        snapshot = r.Snapshot, status = r.Status, reason = r.Reason, counts = r.Counts, absent = r.Absent,
        quarantine = r.Quarantine, issues = r.Issues, survivors_total = r.SurvivorsTotal,
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>
    /// One application of one snapshot, inside the caller's transaction. Each file is read as a stream; each row's hash is
    /// compared with what <c>sgp_records</c> kept of it (one kind in memory at a time, as hashes, not text), and only a row
    /// that is new or changed is built into the registry's objects — loading only the survivors and cases those rows touch
    /// (ADR 018, Speed). What later files need of persons and cases is kept compactly: a person's survivor, a case's entity.
    /// </summary>
    /// <param name="previous">The latest snapshot applied before this one: what a row that leaves SGP tonight was last seen in.</param>
    /// <param name="bulk">The tables set aside for a bulk load (<see cref="BeginBulkLoadAsync"/>): rebuilt at the end of the run.</param>
    private sealed class Apply(SiivbgDbContext db, SgpSnapshotFiles files, DateTimeOffset now, SgpProgress progress, DateOnly? previous,
        IReadOnlySet<string> bulk) : IAsyncDisposable
    {
        /// <summary>
        /// Rows created and kept in memory before COPY writes them: bounds memory on a first night of a million women, and
        /// small enough that rows waiting to be written die young (50,000 had the collector pause 3.5 s more a million).
        /// </summary>
        private const int Batch = 10_000;
        private const string Linked = "linked", Review = "review";

        private readonly List<SgpQuarantineEntry> _quarantine = [];
        private readonly List<SgpQualityIssue> _issues = [];
        private int _read, _inserted, _updated, _unchanged, _matched, _review, _absent;
        private Operators.CatalogueSnapshot _catalogue = new([]);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<SgpPhaseTiming> _phases = [];

        /// <summary>What <c>sgp_records</c> holds of one row of the kind being read, and whether tonight's snapshot has it.</summary>
        private struct Known
        {
            public SgpRowHash Hash;
            public Guid? Target;
            public string? Link;
            public bool Present, Seen;
        }

        /// <summary>A row of <c>sgp_records</c> to insert (new) or update (changed, or linked anew); written at the next save.</summary>
        private sealed class RecordRow(string kind, string id, SgpRowHash hash, string? parent, bool isNew)
        {
            public string Kind => kind;
            public string Id => id;
            public SgpRowHash Hash => hash;
            public string? Parent => parent;
            public bool IsNew => isNew;
            public Guid? Target { get; set; }
            public string? Link { get; set; }
        }

        private readonly List<RecordRow> _pending = [];
        private readonly List<(string Kind, string Id)> _gone = [];

        /// <summary>Valid SGP persons: the survivor each is (null while in review or refused by the registry).</summary>
        private readonly Dictionary<string, PersonLink> _persons = new(StringComparer.Ordinal);
        private readonly record struct PersonLink(Guid? Survivor, bool InReview, string? Programme);

        /// <summary>One string per programme name, not one per person row.</summary>
        private readonly Dictionary<string, string> _programmeNames = new(StringComparer.Ordinal);

        private string? Programme(string? name) =>
            name is null ? null : _programmeNames.TryGetValue(name, out var known) ? known : _programmeNames[name] = name;

        /// <summary>Valid SGP cases: their person, centre and opening, and the case they are in the registry (when imported).</summary>
        private readonly Dictionary<string, CaseInfo> _cases = new(StringComparer.Ordinal);
        private readonly record struct CaseInfo(string Person, string Centre, DateOnly Opened, Guid? Entity, Guid Survivor);

        /// <summary>A child is held by the centre of her mother's first case (the earliest opened; the first in the file on a tie).</summary>
        private readonly Dictionary<string, (DateOnly Opened, string Centre)> _firstCentre = new(StringComparer.Ordinal);

        private DateOnly Day => files.SnapshotDate;
        private DateTimeOffset SnapshotAt => SgpValues.Noon(files.SnapshotDate);
        private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

        private sealed record PersonRow(SgpCsvRecord R, string Id, Run? Run, DateOnly? BirthDate, string Given, string Surnames, string NameKey,
            SgpRowHash Hash, Known? Before);

        public IReadOnlyList<SgpPhaseTiming> Phases => _phases;

        private void Phase(string name)
        {
            _phases.Add(new SgpPhaseTiming(name, Math.Round(_clock.Elapsed.TotalSeconds, 2)));
            _clock.Restart();
        }

        public async Task RunAsync(CancellationToken ct)
        {
            try
            {
                await ApplyAsync(ct);
            }
            catch
            {
                // A write may still be under way on the connection: it ends (or fails) before the caller rolls back.
                try { await _last; } catch { /* the first failure is the one that counts */ }
                throw;
            }
        }

        private async Task ApplyAsync(CancellationToken ct)
        {
            _read = files.Counts.Values.Sum();
            var comunas = await db.Comunas.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.RegionCode, ct);
            _catalogue = new Operators.CatalogueSnapshot(await db.CatalogueEntries.AsNoTracking().ToListAsync(ct));
            Phase("start");

            await progress.ReportAsync("centros", "centros.csv", 0, ct);
            var centres = await CentresAsync(comunas, ct);
            await progress.ReportAsync("personas", "centros.csv", files.Counts["centros.csv"], ct);
            Phase("centres");
            await PersonsAsync(comunas, ct);
            await SaveAsync("persons", ct);
            await TableDoneAsync("survivors", ct);
            await progress.ReportAsync("casos", "beneficiarias.csv", files.Counts["beneficiarias.csv"], ct);
            var created = await CasesAsync(centres, ct);
            await MilestonesAsync(created, ct);
            await SaveCasesAsync(created, ct);
            created.Clear();
            await SaveAsync("cases", ct);
            await TableDoneAsync("cases", ct);
            await progress.ReportAsync("episodios", "casos.csv", files.Counts["casos.csv"], ct);
            await progress.ReportAsync("episodios", "hitos.csv", files.Counts["hitos.csv"], ct);
            await EpisodesAsync(comunas, ct);
            await TableDoneAsync("violence_episodes", ct);
            await progress.ReportAsync("nna y agresores", "episodios.csv", files.Counts["episodios.csv"], ct);
            await ChildrenAsync(ct);
            await AggressorsAsync(ct);
            await MarkAbsentAsync(ct);
            await SaveAsync("rows", ct);
            await progress.ReportAsync("guardando", "nna.csv", files.Counts["nna.csv"], ct);
            await progress.ReportAsync("guardando", "agresores.csv", files.Counts["agresores.csv"], ct);
            await EndBulkLoadAsync(ct);
            // Included in the phases above: how much of them was writing.
            _phases.Add(new SgpPhaseTiming("(sgp_records COPY)", Math.Round(_recordsWritten.TotalSeconds, 2)));
            _phases.Add(new SgpPhaseTiming("(entities COPY)", Math.Round(_entitiesWritten.TotalSeconds, 2)));
            // How long reading stood still until queued writes were done (the rest of the writing overlapped it).
            _phases.Add(new SgpPhaseTiming("(waiting for writes)", Math.Round(_waitedForWrites.TotalSeconds, 2)));
        }

        /// <summary>Rebuilds what a first night set aside (indexes, then foreign keys, which checks every row written) of all tables left.</summary>
        private async Task EndBulkLoadAsync(CancellationToken ct)
        {
            await WrittenAsync();
            if (bulk.Count == 0) return;
            await RebuildAsync(null, ct);
            Phase("indexes rebuilt");
        }

        /// <summary>
        /// Queues the rebuild of one table this run will not write again: PostgreSQL builds its indexes while the next
        /// file is read. What remains is rebuilt at the end (<see cref="EndBulkLoadAsync"/>).
        /// </summary>
        private async Task TableDoneAsync(string table, CancellationToken ct)
        {
            if (bulk.Contains(table)) await WriteLaterAsync(token => RebuildAsync(table, token), ct);
        }

        /// <summary><c>siivbg_bulk_load_end</c> for one table, or for every table still set aside (null).</summary>
        private async Task RebuildAsync(string? table, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand("SELECT siivbg_bulk_load_end(@t)", Connection) { CommandTimeout = 0 };
            cmd.Parameters.Add(new NpgsqlParameter<string?>("t", NpgsqlDbType.Text) { TypedValue = table });
            await cmd.ExecuteScalarAsync(ct);
        }

        /// <summary>Writes what is pending (still inside the one transaction), then offers a crash point to the tests.</summary>
        private async Task SaveAsync(string phase, CancellationToken ct)
        {
            await FlushAsync(ct);
            await WrittenAsync();
            await db.SaveChangesAsync(ct);
            Phase($"save {phase}");
            SgpCrashPoint.Reach($"after-{phase}");
        }

        public async Task<SgpImportResult> ResultAsync(Guid runId, CancellationToken ct)
        {
            await WrittenAsync();
            var changed = _inserted + _updated + _absent > 0;
            int survivors;
            await using (var cmd = new NpgsqlCommand(
                             $"SELECT count(DISTINCT target_id)::int FROM sgp_records WHERE kind = '{Person}' AND link = '{Linked}' AND target_id IS NOT NULL",
                             Connection))
                survivors = (int)(await cmd.ExecuteScalarAsync(ct))!;
            var links = new Dictionary<string, string>(_persons.Count, StringComparer.Ordinal);
            foreach (var (id, link) in _persons)
                if (link.InReview) links[id] = Review;
                else if (link.Survivor is { } s) links[id] = s.ToString();
            return new SgpImportResult(runId, Day.ToString("yyyy-MM-dd"), changed ? "applied" : "unchanged", null,
                new SgpImportCounts(_read, _inserted, _updated, _unchanged, _quarantine.Count, _matched, _review),
                _quarantine, _issues, _absent, survivors, links, _phases);
        }

        // ------------------------------------------------------------------ bookkeeping

        private void Quarantine(string file, SgpCsvRecord r, string? key, string reason) =>
            _quarantine.Add(new SgpQuarantineEntry(file, r.Line, key ?? "", Shortened(reason)));

        private void Issue(string file, SgpCsvRecord r, string key, string issue) => _issues.Add(new SgpQualityIssue(file, r.Line, key, Shortened(issue)));

        /// <summary>A reason quotes the value it refused: a value of thousands of characters is cut, file and line find the rest.</summary>
        private static string Shortened(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";

        private const int MaxReasonLength = 300;

        /// <summary>The kinds in the order their files are applied, and the file of each.</summary>
        private static readonly (string Kind, string File)[] Order =
        [
            (CentreKind, "centros.csv"), (Person, "beneficiarias.csv"), (CaseKind, "casos.csv"), (Milestone, "hitos.csv"),
            (Episode, "episodios.csv"), (Child, "nna.csv"), (Aggressor, "agresores.csv"),
        ];

        private NpgsqlConnection? _side;
        private Task<Dictionary<string, Known>>? _prefetched;
        private string? _prefetchedKind;

        /// <summary>
        /// What <c>sgp_records</c> holds of one kind, read as hashes, not text, so that millions of rows fit. While a file is
        /// applied, the next kind is read on a second connection: each phase writes only its own kind's rows, so what that
        /// connection reads is what the import's transaction would (ADR 018, Speed).
        /// </summary>
        private async Task<Dictionary<string, Known>> KnownAsync(string kind, int expected, CancellationToken ct)
        {
            // A first night: sgp_records was empty and stays locked by this transaction, so nothing is read (nor could be, on a second connection).
            if (bulk.Contains("sgp_records")) return new Dictionary<string, Known>(StringComparer.Ordinal);
            Dictionary<string, Known> known;
            if (_prefetchedKind == kind && _prefetched is not null) known = await _prefetched;
            else
            {
                await WrittenAsync();
                known = await LoadKnownAsync(Connection, kind, expected, ct);
            }
            var next = Array.FindIndex(Order, o => o.Kind == kind) + 1;
            if (next > 0 && next < Order.Length)
            {
                _side ??= await OpenSideAsync(ct);
                (_prefetchedKind, _prefetched) = (Order[next].Kind, LoadKnownAsync(_side, Order[next].Kind, files.Counts[Order[next].File], ct));
            }
            return known;
        }

        private async Task<NpgsqlConnection> OpenSideAsync(CancellationToken ct)
        {
            var side = new NpgsqlConnection(db.Database.GetConnectionString());
            await side.OpenAsync(ct);
            return side;
        }

        public async ValueTask DisposeAsync()
        {
            // A phase that failed may leave a read under way on it: closing the connection ends it.
            if (_side is not null) await _side.DisposeAsync();
            if (_prefetched is not null) await _prefetched.ContinueWith(_ => { }, TaskScheduler.Default);
            await _last.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private static async Task<Dictionary<string, Known>> LoadKnownAsync(NpgsqlConnection conn, string kind, int expected, CancellationToken ct)
        {
            var known = new Dictionary<string, Known>(expected, StringComparer.Ordinal);
            await using var cmd = new NpgsqlCommand(
                "SELECT sgp_id, row_hash, present, target_id, link FROM sgp_records WHERE kind = @kind", conn);
            cmd.Parameters.AddWithValue("kind", kind);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var sha = new byte[SgpRowHash.Bytes];
            while (await reader.ReadAsync(ct))
            {
                reader.GetBytes(1, 0, sha, 0, SgpRowHash.Bytes);
                known[reader.GetString(0)] = new Known
                {
                    Hash = SgpRowHash.From(sha), Present = reader.GetBoolean(2), Target = reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    Link = reader.IsDBNull(4) ? null : reader.GetString(4) switch { Linked => Linked, Review => Review, var other => other },
                };
            }
            return known;
        }

        /// <summary>Records that the row was seen tonight; says whether it is new, changed or the same as last time.</summary>
        /// <returns>The row to write when it is new or changed; null when <c>sgp_records</c> already says the same.</returns>
        private RecordRow? Track(Dictionary<string, Known> known, string kind, string id, SgpRowHash hash, string? parent = null)
        {
            ref var k = ref CollectionsMarshal.GetValueRefOrNullRef(known, id);
            if (!Unsafe.IsNullRef(ref k))
            {
                k.Seen = true;
                if (k.Hash == hash && k.Present)
                {
                    _unchanged++;
                    return null;
                }
                _updated++;
                var row = new RecordRow(kind, id, hash, parent, isNew: false) { Target = k.Target, Link = k.Link };
                _pending.Add(row);
                return row;
            }
            _inserted++;
            var added = new RecordRow(kind, id, hash, parent, isNew: true);
            _pending.Add(added);
            return added;
        }

        /// <summary>Whether the row is new or differs from what <c>sgp_records</c> holds, without counting or tracking it yet.</summary>
        private static bool IsNewOrChanged(Dictionary<string, Known> known, string id, SgpRowHash hash) =>
            !known.TryGetValue(id, out var k) || k.Hash != hash || !k.Present;

        /// <summary>
        /// An episode, NNA or aggressor row, of which SGP is the record. Its entity is built only when the row is new or
        /// changed, and before the row counts as seen: a row the domain refuses is set aside whole and the registry keeps
        /// its earlier version. A corrected row replaces SGP's earlier version of it (the old record goes to
        /// <paramref name="stale"/>): the registry keeps no stale copy.
        /// </summary>
        private void Replace<T>(Dictionary<string, Known> known, string kind, string file, SgpCsvRecord r, string id, SgpRowHash hash,
            string parent, Func<T> build, Func<T, Guid> idOf, List<Guid> stale, List<T> created) where T : class
        {
            T? entity = null;
            if (IsNewOrChanged(known, id, hash) && Refuses(file, r, id, () => entity = build())) return;
            var row = Track(known, kind, id, hash, parent);
            if (row is null || entity is null) return;
            if (row.Target is { } old) stale.Add(old);
            row.Target = idOf(entity);
            created.Add(entity);
        }

        /// <summary>A domain rule checked on a row before it counts as seen: a refusal sets the row aside (<c>rejected: …</c>).</summary>
        private bool Refuses(string file, SgpCsvRecord r, string id, Action check)
        {
            try
            {
                check();
                return false;
            }
            catch (DomainException ex)
            {
                Quarantine(file, r, id, $"rejected: {ex.Message}");
                return true;
            }
        }

        /// <summary>An unchanged row whose link changes tonight (a person matched, a case created again): written though its hash is the same.</summary>
        private RecordRow Touch(string kind, string id, Known k, string? parent)
        {
            var row = new RecordRow(kind, id, k.Hash, parent, isNew: false) { Target = k.Target, Link = k.Link };
            _pending.Add(row);
            return row;
        }

        private static Known? Peek(Dictionary<string, Known> known, string id) => known.TryGetValue(id, out var k) ? k : null;

        /// <summary>Rows the kind had in SGP that tonight's snapshot lacks: marked, never deleted (at the last save).</summary>
        private void Absent(Dictionary<string, Known> known, string kind)
        {
            foreach (var (id, k) in known)
                if (k.Present && !k.Seen)
                {
                    _gone.Add((kind, id));
                    _absent++;
                }
        }

        private async Task MarkAbsentAsync(CancellationToken ct)
        {
            if (_gone.Count == 0) return;
            var kinds = _gone.Select(g => g.Kind).ToArray();
            var ids = _gone.Select(g => g.Id).ToArray();
            await WriteLaterAsync(async token =>
            {
                // A row gone from SGP keeps, as last seen, the last snapshot that had it (SgpRecord.LastSeen).
                await using var cmd = new NpgsqlCommand("""
                    UPDATE sgp_records r SET present = false, last_seen = GREATEST(r.last_seen, @previous)
                    FROM unnest(@kinds, @ids) AS g(kind, sgp_id) WHERE r.kind = g.kind AND r.sgp_id = g.sgp_id
                    """, Connection);
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>("previous", NpgsqlDbType.Date) { TypedValue = previous });
                cmd.Parameters.AddWithValue("kinds", kinds);
                cmd.Parameters.AddWithValue("ids", ids);
                await cmd.ExecuteNonQueryAsync(token);
            }, ct);
        }

        /// <summary>Writes queued on the import's connection, one after another; the last one queued.</summary>
        private Task _last = Task.CompletedTask;
        private readonly Queue<Task> _writing = new();

        /// <summary>At most this many batches queued ahead of the rows being read: memory stays bounded when writing is the slower side.</summary>
        private const int WritesAhead = 2;

        /// <summary>
        /// Queues a write on the import's connection and returns once it is queued: the rows after it are read and built
        /// (one core) while PostgreSQL takes these (the other). Writes keep their order; anything else that uses the
        /// connection first waits for them (<see cref="WrittenAsync"/>), and a write that fails fails the import there.
        /// </summary>
        private async Task WriteLaterAsync(Func<CancellationToken, Task> write, CancellationToken ct)
        {
            var before = _last;
            _last = Task.Run(async () =>
            {
                await before;
                await write(ct);
            }, ct);
            _writing.Enqueue(_last);
            if (_writing.Count <= WritesAhead) return;
            var started = Stopwatch.GetTimestamp();
            while (_writing.Count > WritesAhead) await _writing.Dequeue();
            _waitedForWrites += Stopwatch.GetElapsedTime(started);
        }

        /// <summary>Waits for every queued write: the connection is free for a query, EF or the commit.</summary>
        private async Task WrittenAsync()
        {
            var started = Stopwatch.GetTimestamp();
            await _last;
            _writing.Clear();
            _waitedForWrites += Stopwatch.GetElapsedTime(started);
        }

        /// <summary>Writes the pending <c>sgp_records</c> rows: new ones by COPY, changed ones by COPY into a temporary table and one UPDATE.</summary>
        private async Task FlushAsync(CancellationToken ct)
        {
            if (_pending.Count == 0) return;
            var rows = _pending.ToArray();
            _pending.Clear();
            await WriteLaterAsync(async token =>
            {
                var started = Stopwatch.GetTimestamp();
                await WriteRecordsAsync(rows, token);
                _recordsWritten += Stopwatch.GetElapsedTime(started);
            }, ct);
        }

        private TimeSpan _recordsWritten, _entitiesWritten, _waitedForWrites;

        /// <summary>Queues the COPY of entities this run created; the caller may clear its list, the batch is its own.</summary>
        private async Task CopyAsync<T>(IReadOnlyCollection<T> entities, CancellationToken ct) where T : class
        {
            if (entities.Count == 0) return;
            var batch = entities.ToArray();
            await WriteLaterAsync(token =>
            {
                var started = Stopwatch.GetTimestamp();
                BulkInsert.Copy(db, batch, token);
                _entitiesWritten += Stopwatch.GetElapsedTime(started);
                return Task.CompletedTask;
            }, ct);
        }

        private const string RecordColumns = "(kind, sgp_id, target_id, link, row_hash, parent_sgp_id, present, first_seen, last_seen)";

        private async Task WriteRecordsAsync(RecordRow[] pending, CancellationToken ct)
        {
            var conn = Connection;
            if (pending.Any(r => r.IsNew)) Copy(conn, "sgp_records", pending.Where(r => r.IsNew), Day);
            if (pending.Any(r => !r.IsNew))
            {
                await using (var create = new NpgsqlCommand("""
                    CREATE TEMP TABLE IF NOT EXISTS sgp_changed (kind varchar, sgp_id varchar, target_id uuid, link varchar, row_hash bytea,
                        parent_sgp_id varchar, present boolean, first_seen date, last_seen date) ON COMMIT DROP;
                    TRUNCATE sgp_changed;
                    """, conn))
                    await create.ExecuteNonQueryAsync(ct);
                Copy(conn, "sgp_changed", pending.Where(r => !r.IsNew), Day);
                // A changed row was last seen tonight; an unchanged one linked anew keeps the date it last changed.
                await using var update = new NpgsqlCommand("""
                    UPDATE sgp_records r SET target_id = c.target_id, link = c.link, parent_sgp_id = c.parent_sgp_id, present = true,
                        last_seen = CASE WHEN r.row_hash = c.row_hash AND r.present THEN r.last_seen ELSE c.last_seen END, row_hash = c.row_hash
                    FROM sgp_changed c WHERE r.kind = c.kind AND r.sgp_id = c.sgp_id
                    """, conn);
                await update.ExecuteNonQueryAsync(ct);
            }
        }

        /// <summary>
        /// The rows in PostgreSQL's binary COPY format, built here rather than a call per value: this runs on a write of its
        /// own (<see cref="WriteLaterAsync"/>), millions of rows on a first night, and the calls cost more than the rows.
        /// </summary>
        private static void Copy(NpgsqlConnection conn, string table, IEnumerable<RecordRow> rows, DateOnly day)
        {
            using var copy = BinaryCopyWriter.Begin(conn, $"COPY {table} {RecordColumns} FROM STDIN (FORMAT BINARY)");
            Span<byte> hash = stackalloc byte[SgpRowHash.Bytes];
            foreach (var r in rows)
            {
                copy.StartRow(9);
                copy.Text(r.Kind);
                copy.Text(r.Id);
                copy.Uuid(r.Target);
                copy.Text(r.Link);
                r.Hash.Write(hash);
                copy.Bytes(hash);
                copy.Text(r.Parent);
                copy.Bool(true);
                copy.Date(day);
                copy.Date(day);
            }
            copy.Complete();
        }

        /// <summary>Between rows of a long file: writes what piled up, so that a first night's memory stays flat.</summary>
        private async Task KeepFlatAsync<T>(List<T> created, string phase, int done, string file, CancellationToken ct) where T : class
        {
            if (created.Count >= Batch)
            {
                await CopyAsync(created, ct);
                created.Clear();
            }
            if (_pending.Count >= Batch) await FlushAsync(ct);
            if (done % 200_000 == 0) await progress.ReportAsync(phase, file, done, ct);
        }

        /// <summary>What <c>sgp_records.sgp_id</c> holds: SGP's keys are short codes, a longer one is a damaged row.</summary>
        private const int MaxKeyLength = 60;

        /// <summary>Rows of a file with their key; a row with a NUL character, a missing, overlong or repeated key is quarantined.</summary>
        private IEnumerable<(SgpCsvRecord R, string Id)> Keyed(string file, string keyColumn)
        {
            var keys = new HashSet<string>(files.Counts[file], StringComparer.Ordinal);
            foreach (var r in files.Records(file))
            {
                var id = r[keyColumn];
                if (r.ColumnWithNul() is { } damaged)
                {
                    // Set aside before anything of it is used; the key is shown with the character replaced, as the report cannot hold it.
                    Quarantine(file, r, id?.Replace('\0', '\uFFFD'), $"NUL character in {damaged}");
                    continue;
                }
                if (id is null) { Quarantine(file, r, null, $"missing {keyColumn}"); continue; }
                if (id.Length > MaxKeyLength) { Quarantine(file, r, id[..MaxKeyLength] + "…", $"{keyColumn} longer than {MaxKeyLength} characters"); continue; }
                if (!keys.Add(id)) { Quarantine(file, r, id, $"duplicate {keyColumn} {id}"); continue; }
                yield return (r, id);
            }
        }

        // ------------------------------------------------------------------ centres

        private async Task<Dictionary<string, Centre>> CentresAsync(Dictionary<string, string> comunas, CancellationToken ct)
        {
            const string file = "centros.csv";
            var known = await KnownAsync(CentreKind, files.Counts[file], ct);
            var existing = await db.Centres.ToDictionaryAsync(c => c.Code, ct);
            var entities = await db.ExecutingEntities.Select(e => e.Code).ToHashSetAsync(ct);
            var centres = new Dictionary<string, Centre>(StringComparer.Ordinal);
            foreach (var (r, code) in Keyed(file, "codigo_centro"))
            {
                var comuna = r["comuna_cut"];
                if (comuna is null || !comunas.TryGetValue(comuna, out var region))
                {
                    Quarantine(file, r, code, $"unknown comuna {comuna}");
                    continue;
                }
                var entityCode = r["rut_ente_ejecutor"] ?? $"EE-{code}";
                var row = Track(known, CentreKind, code, SgpValues.RowHash(r["nombre"], r["tipo"], r["ente_ejecutor"], entityCode, comuna));
                if (!existing.TryGetValue(code, out var centre))
                {
                    ExecutingEntity? entity;
                    try
                    {
                        entity = entities.Contains(entityCode) ? null : new ExecutingEntity(entityCode, r["ente_ejecutor"] ?? entityCode, region);
                        centre = new Centre(code, r["nombre"] ?? code, r["tipo"] ?? "OTRO", entityCode, comuna, region);
                    }
                    catch (DomainException ex)
                    {
                        Quarantine(file, r, code, $"rejected: {ex.Message}");
                        continue;
                    }
                    if (entity is not null)
                    {
                        entities.Add(entityCode);
                        db.ExecutingEntities.Add(entity);
                    }
                    db.Centres.Add(centre);
                }
                else if (row is { IsNew: false })
                {
                    Issue(file, r, code, "centre changed in SGP; the registry keeps its name and entity until an administrator updates them");
                }
                centres[code] = centre;
            }
            Absent(known, CentreKind);
            return centres;
        }

        // ------------------------------------------------------------------ persons

        /// <summary>A woman this run registered: kept in memory until the batch is written, then known by id only.</summary>
        private sealed class Created(Survivor survivor)
        {
            public Guid Id { get; } = survivor.Id;
            public Survivor? Entity { get; set; } = survivor;
        }

        private sealed record Candidate(Guid Id, string NameKey, Created? Created);

        /// <summary>SGP's values for a survivor registered before this row was read: applied once she is loaded.</summary>
        private sealed record Describing(Guid Survivor, PersonRow Row, bool? FillOnly);

        private async Task PersonsAsync(Dictionary<string, string> comunas, CancellationToken ct)
        {
            const string file = "beneficiarias.csv";
            var known = await KnownAsync(Person, files.Counts[file], ct);
            // Only rows that are new, changed or not yet linked need a decision; an unchanged linked row is her survivor already.
            var work = new List<PersonRow>();
            foreach (var (r, id) in Keyed(file, "id_sgp_persona"))
            {
                var (birth, ok) = SgpValues.Date(r["fecha_nacimiento"]);
                if (!ok) { Quarantine(file, r, id, $"unreadable date {r["fecha_nacimiento"]}"); continue; }
                if (r["nombres"] is null || (r["apellido_paterno"] ?? r["apellido_materno"]) is null)
                {
                    Quarantine(file, r, id, "missing names");
                    continue;
                }
                Run? run = null;
                if (r["run"] is { } text)
                {
                    if (Run.TryParse(text, out var parsed, out _)) run = parsed;
                    // The value itself stays out of the report: a mistyped RUN is still somebody's identifier; file, line and key find it.
                    else Issue(file, r, id, "invalid RUN: kept, not used for matching");
                }
                var given = SgpValues.Proper(r["nombres"]!);
                var surnames = SgpValues.Proper(string.Join(' ', new[] { r["apellido_paterno"], r["apellido_materno"] }.Where(s => s is not null)));
                var nameKey = SgpValues.NameKey(given, surnames);
                var hash = SgpValues.RowHash(run?.ToString(), nameKey, birth, r["sexo"], r["genero"], r["nacionalidad"],
                    r["pueblo_originario"], r["discapacidad"], r["telefono"], r["email"], r["direccion"], r["comuna_cut"], r["programa"]);
                var before = Peek(known, id);
                var programme = Programme(r["programa"]);
                _persons[id] = new PersonLink(null, false, programme);
                if (before is { Link: Review })
                {
                    Track(known, Person, id, hash);
                    _review++;
                    _persons[id] = new PersonLink(null, InReview: true, programme);
                    continue;
                }
                if (before is { Target: { } linked })
                {
                    var changed = Track(known, Person, id, hash) is not null;
                    _persons[id] = new PersonLink(linked, false, programme);
                    if (changed) work.Add(new PersonRow(r, id, run, birth, given, surnames, nameKey, hash, before));
                    continue;
                }
                work.Add(new PersonRow(r, id, run, birth, given, surnames, nameKey, hash, before));
                if (_persons.Count % 200_000 == 0) await progress.ReportAsync("personas", file, _persons.Count, ct);
            }
            Phase("persons read");
            await MatchAsync(work, known, comunas, ct);
            Absent(known, Person);
        }

        private async Task MatchAsync(List<PersonRow> work, Dictionary<string, Known> known, Dictionary<string, string> comunas, CancellationToken ct)
        {
            const string file = "beneficiarias.csv";
            var toMatch = work.Where(p => p.Before is not { Target: not null }).ToList();
            var byRun = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            foreach (var chunk in toMatch.Where(p => p.Run is not null).Select(p => p.Run!.Value.ToString()).Distinct().Chunk(Batch))
                await foreach (var (id, run) in QueryAsync("SELECT id, run FROM survivors WHERE run = ANY(@p)", chunk,
                                   r => (r.GetGuid(0), r.GetString(1)), ct))
                    byRun[run] = new Candidate(id, "", null);
            var byBirth = new Dictionary<DateOnly, List<Candidate>>();
            foreach (var chunk in toMatch.Where(p => p.Run is null && p.BirthDate is not null).Select(p => p.BirthDate!.Value).Distinct().Chunk(Batch))
                await foreach (var (id, born, key) in QueryAsync("SELECT id, birth_date, given_names, surnames FROM survivors WHERE birth_date = ANY(@p)",
                                   chunk, r => (r.GetGuid(0), r.GetFieldValue<DateOnly>(1), SgpValues.NameKey(r.GetString(2), r.GetString(3))), ct))
                {
                    if (!byBirth.TryGetValue(born, out var list)) byBirth[born] = list = [];
                    list.Add(new Candidate(id, key, null));
                }
            await WrittenAsync();
            var pendingReviews = await db.SgpReviews.Where(r => r.Status == SgpReviewStatus.Pending).Select(r => r.SgpPersonId).ToHashSetAsync(ct);
            var describing = new List<Describing>();
            var created = new List<Survivor>();
            var handles = new List<Created>();
            Phase("persons candidates");

            // RUN first: a row without one can then find the woman a RUN row already created.
            foreach (var p in work.OrderBy(p => p.Run is null).ThenBy(p => p.Id, StringComparer.Ordinal))
            {
                var r = p.R;
                if (p.Before is { Target: { } linked })
                {
                    // Her values changed in SGP: a woman SGP registered takes them; one the registry knew first has only gaps filled.
                    describing.Add(new Describing(linked, p, null));
                    continue;
                }

                Candidate? match = null;
                (Candidate Candidate, string Reason)? uncertain = null;
                if (p.Run is { } run)
                {
                    byRun.TryGetValue(run.ToString(), out match);
                }
                else if (p.BirthDate is { } birth && byBirth.TryGetValue(birth, out var sameDay))
                {
                    var same = sameDay.Where(s => s.NameKey == p.NameKey).ToList();
                    if (same.Count == 1) match = same[0];
                    else if (same.Count > 1) uncertain = (same[0], "Varias sobrevivientes tienen estos nombres y esta fecha de nacimiento.");
                    else if (sameDay.FirstOrDefault(s => SgpValues.NamesClose(p.NameKey, s.NameKey)) is { } close)
                        uncertain = (close, "Misma fecha de nacimiento y nombres parecidos, no iguales.");
                }

                if (uncertain is { } doubt)
                {
                    var row = Track(known, Person, p.Id, p.Hash) ?? Touch(Person, p.Id, p.Before!.Value, null);
                    row.Link = Review;
                    row.Target = null;
                    _review++;
                    _persons[p.Id] = _persons[p.Id] with { Survivor = null, InReview = true };
                    if (pendingReviews.Add(p.Id))
                        db.SgpReviews.Add(new SgpReview
                        {
                            Id = Guid.NewGuid(), SgpPersonId = p.Id, CandidateSurvivorId = doubt.Candidate.Id, Reason = doubt.Reason,
                            Status = SgpReviewStatus.Pending, CreatedAt = now,
                            Person = JsonSerializer.Serialize(new SgpReviewPerson(p.Given, p.Surnames, p.BirthDate, r["comuna_cut"], r["programa"]), Json),
                        });
                    continue;
                }
                Guid survivor;
                if (match is not null)
                {
                    _matched++;
                    if (match.Created?.Entity is { } inMemory) Describe(inMemory, r, comunas, file, p.Id, fillOnly: true);
                    else describing.Add(new Describing(match.Id, p, true));
                    survivor = match.Id;
                }
                else
                {
                    Survivor registered;
                    try
                    {
                        registered = Survivor.Register(p.Run, null, p.Given, p.Surnames, p.BirthDate, SgpImporter.Actor, SnapshotAt, DataSource.Sgp);
                    }
                    catch (DomainException ex)
                    {
                        // Quarantined like a row refused before matching: not seen, not counted, no record kept for it.
                        Quarantine(file, r, p.Id, $"rejected: {ex.Message}");
                        continue;
                    }
                    Describe(registered, r, comunas, file, p.Id, fillOnly: false);
                    var handle = new Created(registered);
                    created.Add(registered);
                    handles.Add(handle);
                    var candidate = new Candidate(registered.Id, p.NameKey, handle);
                    if (registered.Run is not null) byRun[registered.Run] = candidate;
                    if (registered.BirthDate is { } born)
                    {
                        if (!byBirth.TryGetValue(born, out var list)) byBirth[born] = list = [];
                        // Her names as the registry keeps them, as a survivor read from the database would be compared.
                        list.Add(candidate with { NameKey = SgpValues.NameKey(registered.GivenNames, registered.Surnames) });
                    }
                    survivor = registered.Id;
                    if (created.Count >= Batch)
                    {
                        // Queued for writing: from now on a later row that matches her changes her in the database, not here.
                        foreach (var h in handles) h.Entity = null;
                        await CopyAsync(created, ct);
                        created.Clear();
                        handles.Clear();
                    }
                }
                var tracked = Track(known, Person, p.Id, p.Hash) ?? Touch(Person, p.Id, p.Before!.Value, null);
                tracked.Link = Linked;
                tracked.Target = survivor;
                _persons[p.Id] = _persons[p.Id] with { Survivor = survivor, InReview = false };
                if (_pending.Count >= Batch) await FlushAsync(ct);
            }
            await CopyAsync(created, ct);
            created.Clear();
            Phase("persons matched");
            await DescribeLoadedAsync(describing, comunas, ct);
            Phase("persons described");
        }

        /// <summary>Applies SGP's values to survivors registered before: loaded a batch at a time, in the order their rows were decided.</summary>
        private async Task DescribeLoadedAsync(List<Describing> describing, Dictionary<string, string> comunas, CancellationToken ct)
        {
            if (describing.Count == 0) return;
            await WrittenAsync();
            const string file = "beneficiarias.csv";
            foreach (var chunk in describing.Select(d => d.Survivor).Distinct().Chunk(5_000))
            {
                var ids = chunk.ToHashSet();
                var survivors = await db.Survivors.Where(s => chunk.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
                foreach (var d in describing.Where(d => ids.Contains(d.Survivor)))
                    if (survivors.TryGetValue(d.Survivor, out var s))
                        Describe(s, d.Row.R, comunas, file, d.Row.Id, d.FillOnly ?? s.RegisteredBy != SgpImporter.Actor);
                await db.SaveChangesAsync(ct);
                // Written: what the context still tracks of them is only what a later save would compare again.
                foreach (var s in survivors.Values) db.Entry(s).State = EntityState.Detached;
            }
        }

        private async IAsyncEnumerable<T> QueryAsync<T, TP>(string sql, TP[]? values, Func<NpgsqlDataReader, T> read,
            [EnumeratorCancellation] CancellationToken ct)
        {
            await WrittenAsync();
            await using var cmd = new NpgsqlCommand(sql, Connection);
            if (values is not null) cmd.Parameters.AddWithValue("p", values);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) yield return read(reader);
        }

        /// <summary>SGP's values on her record, with SGP as their source. For a woman the registry already knew, only gaps are filled.</summary>
        private void Describe(Survivor s, SgpCsvRecord r, Dictionary<string, string> comunas, string file, string id, bool fillOnly)
        {
            try
            {
                var sex = SgpValues.Sex(r["sexo"]);
                if (sex != RegisteredSex.Unknown && (!fillOnly || s.Sex == RegisteredSex.Unknown)) s.RecordRegisteredSex(sex, DataSource.Sgp, SnapshotAt);
                if (!fillOnly)
                    s.DescribeCharacterisation(r["genero"], r["nacionalidad"], r["pueblo_originario"], s.MigrationStatus, r["discapacidad"],
                        DataSource.Sgp, SnapshotAt);
                var comuna = r["comuna_cut"] is { } c && comunas.ContainsKey(c) ? c : null;
                if (!fillOnly || (s.Phone is null && s.Email is null && s.Address is null))
                    s.UpdateContact(r["telefono"], r["email"], r["direccion"], comuna ?? s.ComunaCode, DataSource.Sgp, SnapshotAt);
            }
            catch (DomainException ex)
            {
                Issue(file, r, id, $"value not taken: {ex.Message}");
            }
        }

        // ------------------------------------------------------------------ cases and their rows

        /// <summary>SGP's state for a case the registry already holds: applied once the changed cases are loaded.</summary>
        private sealed record Syncing(Guid Case, string Type, CaseState State, string? ExitReason, DateOnly Opened, RiskLevel? Risk, DateTimeOffset RiskAt);

        private sealed record Recording(Guid Case, Guid Milestone, CaseState State, DateOnly Day, string? Note);

        /// <summary>Cases this run creates (until their milestones are read and they are written) and what changes in those it holds.</summary>
        private sealed class CaseWork
        {
            public Dictionary<string, Case> Created { get; } = new(StringComparer.Ordinal);
            public List<Syncing> Syncing { get; } = [];
            public List<Recording> Recording { get; } = [];

            public void Clear()
            {
                Created.Clear();
                Syncing.Clear();
                Recording.Clear();
            }
        }

        private async Task<CaseWork> CasesAsync(Dictionary<string, Centre> centres, CancellationToken ct)
        {
            const string file = "casos.csv";
            var known = await KnownAsync(CaseKind, files.Counts[file], ct);
            // A case SGP brought that the registry no longer holds is created again (rare; one query instead of loading every case).
            var lost = new HashSet<string>(StringComparer.Ordinal);
            if (!bulk.Contains("sgp_records"))
                await foreach (var id in QueryAsync<string, int>($"""
                                   SELECT r.sgp_id FROM sgp_records r WHERE r.kind = '{CaseKind}' AND r.target_id IS NOT NULL
                                   AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = r.target_id)
                                   """, null, r => r.GetString(0), ct))
                    lost.Add(id);
            var personIds = _persons.Keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
            var work = new CaseWork();
            var done = 0;
            foreach (var (r, id) in Keyed(file, "id_sgp_caso"))
            {
                if (++done % 200_000 == 0) await progress.ReportAsync("casos", file, done, ct);
                if (r["id_sgp_persona"] is not { } personId || !personIds.TryGetValue(personId, out var person))
                { Quarantine(file, r, id, "parent person missing"); continue; }
                if (r["codigo_centro"] is not { } code || !centres.TryGetValue(code, out var centre))
                { Quarantine(file, r, id, $"unknown centre {r["codigo_centro"]}"); continue; }
                var (opened, ok) = SgpValues.Date(r["fecha_ingreso"]);
                if (!ok || opened is null) { Quarantine(file, r, id, $"unreadable date {r["fecha_ingreso"]}"); continue; }
                var (closed, closedOk) = SgpValues.Date(r["fecha_egreso"]);
                if (!closedOk) { Quarantine(file, r, id, $"unreadable date {r["fecha_egreso"]}"); continue; }
                if (SgpValues.CaseState(r["estado"]) is not { } state) { Quarantine(file, r, id, $"unknown state {r["estado"]}"); continue; }
                _cases[id] = new CaseInfo(person, centre.Code, opened.Value, null, Guid.Empty);
                if (_persons[person].Survivor is not { } survivor)
                {
                    Issue(file, r, id, "her person row waits in review: the case is imported once the match is decided");
                    continue;
                }
                var risk = SgpValues.Risk(r["nivel_riesgo"]);
                var updated = SgpValues.Date(r["fecha_actualizacion"]).Value;
                var riskAt = SgpValues.Noon(updated ?? Day);
                var type = r["tipo_intervencion"] ?? "SIN_INFORMACION";
                var programme = _persons[person].Programme ?? "SGP";
                // Before it counts as seen: a case the registry holds is refused whole, never half-changed at the save.
                if (Refuses(file, r, id, () => Case.CheckSgpValues(type, state, r["motivo_egreso"], risk))) continue;
                var before = Peek(known, id);
                var row = Track(known, CaseKind, id, SgpValues.RowHash(person, centre.Code, type, opened.Value, state, closed, r["motivo_egreso"], risk, programme), person);
                Guid entity;
                if (before is { Target: { } target } && !lost.Contains(id))
                {
                    if (row is not null) work.Syncing.Add(new Syncing(target, type, state, r["motivo_egreso"], opened.Value, risk, riskAt));
                    entity = target;
                }
                else
                {
                    try
                    {
                        var created = Case.ImportFromSgp(survivor, id, programme, type, centre.Code, centre.ExecutingEntityCode,
                            SgpValues.Noon(opened.Value), state, r["motivo_egreso"], risk, riskAt, SgpImporter.Actor);
                        (row ?? Touch(CaseKind, id, before!.Value, person)).Target = created.Id;
                        work.Created[id] = created;
                        entity = created.Id;
                    }
                    catch (DomainException ex)
                    {
                        Quarantine(file, r, id, $"rejected: {ex.Message}");
                        continue;
                    }
                }
                _cases[id] = new CaseInfo(person, centre.Code, opened.Value, entity, survivor);
                if (!_firstCentre.TryGetValue(person, out var first) || opened.Value < first.Opened) _firstCentre[person] = (opened.Value, centre.Code);
                if (_pending.Count >= Batch) await FlushAsync(ct);
            }
            Absent(known, CaseKind);
            Phase("cases read");
            return work;
        }

        private async Task MilestonesAsync(CaseWork work, CancellationToken ct)
        {
            const string file = "hitos.csv";
            var known = await KnownAsync(Milestone, files.Counts[file], ct);
            var done = 0;
            foreach (var (r, id) in Keyed(file, "id_sgp_hito"))
            {
                if (++done % 200_000 == 0) await progress.ReportAsync("casos", file, done, ct);
                if (r["id_sgp_caso"] is not { } caseId || !_cases.TryGetValue(caseId, out var c)) { Quarantine(file, r, id, "parent case missing"); continue; }
                var (day, ok) = SgpValues.Date(r["fecha"]);
                if (!ok || day is null) { Quarantine(file, r, id, $"unreadable date {r["fecha"]}"); continue; }
                if (SgpValues.MilestoneState(r["tipo_hito"]) is not { } state) { Quarantine(file, r, id, $"unknown milestone {r["tipo_hito"]}"); continue; }
                if (c.Entity is not { } entity) continue;
                if (Refuses(file, r, id, () => Case.CheckSgpMilestoneNote(r["observacion"]))) continue;
                var row = Track(known, Milestone, id, SgpValues.RowHash(caseId, state, day, r["observacion"]), caseId);
                if (row is null) continue;
                row.Target ??= Ids.NewVersion7();
                if (work.Created.TryGetValue(caseId, out var created))
                    created.RecordSgpMilestone(row.Target.Value, state, SgpValues.Noon(day.Value), SgpImporter.Actor, r["observacion"]);
                else work.Recording.Add(new Recording(entity, row.Target.Value, state, day.Value, r["observacion"]));
                if (_pending.Count >= Batch) await FlushAsync(ct);
            }
            Absent(known, Milestone);
            Phase("milestones read");
        }

        /// <summary>Writes the cases this run created (COPY) and applies SGP's changes to those it holds (loaded a batch at a time).</summary>
        private async Task SaveCasesAsync(CaseWork work, CancellationToken ct)
        {
            foreach (var chunk in work.Created.Values.Chunk(Batch)) await CopyAsync(chunk, ct);
            var touched = work.Syncing.Select(s => s.Case).Concat(work.Recording.Select(m => m.Case)).Distinct().ToList();
            if (touched.Count > 0) await WrittenAsync();
            foreach (var chunk in touched.Chunk(5_000))
            {
                var ids = chunk.ToHashSet();
                var cases = await db.Cases.Where(c => chunk.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
                foreach (var s in work.Syncing.Where(s => ids.Contains(s.Case)))
                    if (cases.TryGetValue(s.Case, out var c))
                        c.SyncFromSgp(s.Type, s.State, s.ExitReason, SgpValues.Noon(s.Opened), s.Risk, s.RiskAt, SgpImporter.Actor);
                foreach (var m in work.Recording.Where(m => ids.Contains(m.Case)))
                    if (cases.TryGetValue(m.Case, out var c))
                        c.RecordSgpMilestone(m.Milestone, m.State, SgpValues.Noon(m.Day), SgpImporter.Actor, m.Note);
                await db.SaveChangesAsync(ct);
                foreach (var c in cases.Values) db.Entry(c).State = EntityState.Detached;
            }
        }

        private async Task EpisodesAsync(Dictionary<string, string> comunas, CancellationToken ct)
        {
            const string file = "episodios.csv";
            var known = await KnownAsync(Episode, files.Counts[file], ct);
            var created = new List<ViolenceEpisode>();
            var stale = new List<Guid>();
            var done = 0;
            foreach (var (r, id) in Keyed(file, "id_sgp_episodio"))
            {
                await KeepFlatAsync(created, "episodios", ++done, file, ct);
                if (r["id_sgp_caso"] is not { } caseId || !_cases.TryGetValue(caseId, out var c)) { Quarantine(file, r, id, "parent case missing"); continue; }
                var (day, ok) = SgpValues.Date(r["fecha"]);
                if (!ok || day is null) { Quarantine(file, r, id, $"unreadable date {r["fecha"]}"); continue; }
                if (r["comuna_cut"] is not { } comuna || !comunas.ContainsKey(comuna)) { Quarantine(file, r, id, $"unknown comuna {r["comuna_cut"]}"); continue; }
                if (c.Entity is not { } @case) continue;
                var (types, unknown) = SgpValues.ViolenceTypes(r["tipos_violencia"], _catalogue.ViolenceTypeOf);
                foreach (var u in unknown) Issue(file, r, id, $"unknown violence type {u}: recorded as other");
                var time = SgpValues.Time(r["hora"]);
                var hash = SgpValues.RowHash(caseId, day, time, r["lugar"], comuna, types, r["relacion_agresor"], r["observaciones"]);
                Replace(known, Episode, file, r, id, hash, caseId, () => ViolenceEpisode.Register(c.Survivor, @case, c.Centre, day.Value,
                    time, r["lugar"], comuna, types == ViolenceTypes.None ? ViolenceTypes.Other : types, SgpValues.Relation(r["relacion_agresor"]),
                    r["observaciones"], null, now, SgpImporter.Actor), e => e.Id, stale, created);
            }
            await DeleteAsync("violence_episodes", stale, ct);
            await CopyAsync(created, ct);
            Absent(known, Episode);
            Phase("episodes");
        }

        private async Task DeleteAsync(string table, List<Guid> ids, CancellationToken ct)
        {
            if (ids.Count == 0) return;
            var stale = ids.ToArray();
            await WriteLaterAsync(async token =>
            {
                await using var cmd = new NpgsqlCommand($"DELETE FROM {table} WHERE id = ANY(@ids)", Connection);
                cmd.Parameters.AddWithValue("ids", stale);
                await cmd.ExecuteNonQueryAsync(token);
            }, ct);
        }

        private async Task ChildrenAsync(CancellationToken ct)
        {
            const string file = "nna.csv";
            var known = await KnownAsync(Child, files.Counts[file], ct);
            var created = new List<RelatedPerson>();
            var stale = new List<Guid>();
            var done = 0;
            foreach (var (r, id) in Keyed(file, "id_sgp_nna"))
            {
                await KeepFlatAsync(created, "nna y agresores", ++done, file, ct);
                if (r["id_sgp_persona"] is not { } personId || !_persons.TryGetValue(personId, out var person))
                { Quarantine(file, r, id, "parent person missing"); continue; }
                var (birth, ok) = SgpValues.Date(r["fecha_nacimiento"]);
                if (!ok) { Quarantine(file, r, id, $"unreadable date {r["fecha_nacimiento"]}"); continue; }
                if (person.Survivor is not { } survivor) continue;
                if (!_firstCentre.TryGetValue(personId, out var first)) { Issue(file, r, id, "her mother has no case in SGP: no centre holds the child"); continue; }
                var relation = r["relacion"] ?? "HIJO/A";
                var hash = SgpValues.RowHash(personId, r["nombres"], birth, relation);
                Replace(known, Child, file, r, id, hash, personId, () =>
                {
                    var firstName = SgpValues.Proper((r["nombres"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "");
                    var sex = relation.ToUpperInvariant() switch { "HIJA" or "NIETA" or "SOBRINA" => RegisteredSex.Female, "HIJO" or "NIETO" or "SOBRINO" => RegisteredSex.Male, _ => RegisteredSex.Unknown };
                    return RelatedPerson.RecordChild(survivor, first.Centre, firstName, birth?.Year ?? 0, sex, SgpValues.Proper(relation), now, SgpImporter.Actor);
                }, p => p.Id, stale, created);
            }
            await DeleteAsync("related_persons", stale, ct);
            await CopyAsync(created, ct);
            Absent(known, Child);
            Phase("children");
        }

        private async Task AggressorsAsync(CancellationToken ct)
        {
            const string file = "agresores.csv";
            var known = await KnownAsync(Aggressor, files.Counts[file], ct);
            var created = new List<RelatedPerson>();
            var stale = new List<Guid>();
            var done = 0;
            foreach (var (r, id) in Keyed(file, "id_sgp_agresor"))
            {
                await KeepFlatAsync(created, "nna y agresores", ++done, file, ct);
                if (r["id_sgp_caso"] is not { } caseId || !_cases.TryGetValue(caseId, out var c)) { Quarantine(file, r, id, "parent case missing"); continue; }
                if (c.Entity is null) continue;
                int? age = int.TryParse(r["edad"], out var a) ? a : null;
                var hash = SgpValues.RowHash(caseId, r["nombres"], r["sexo"], age, r["relacion"]);
                Replace(known, Aggressor, file, r, id, hash, caseId, () => RelatedPerson.RecordAggressor(c.Survivor, c.Centre, r["nombres"],
                    SgpValues.Relation(r["relacion"]), SgpValues.Sex(r["sexo"]), age, null, now, SgpImporter.Actor), p => p.Id, stale, created);
            }
            await DeleteAsync("related_persons", stale, ct);
            await CopyAsync(created, ct);
            Absent(known, Aggressor);
            Phase("aggressors");
        }
    }
}
