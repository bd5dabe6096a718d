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

namespace SIIVbG.Infrastructure.Sgp;

public sealed record SgpImportCounts(int Read, int Inserted, int Updated, int Unchanged, int Quarantined, int Matched, int Review);

/// <summary>What a person deciding a doubtful match sees of the SGP row: no more than that.</summary>
public sealed record SgpReviewPerson(string GivenNames, string Surnames, DateOnly? BirthDate, string? ComunaCode, string? Programme);

public sealed record SgpQuarantineEntry(string File, int Line, string Key, string Reason);

public sealed record SgpQualityIssue(string File, int Line, string Key, string Issue);

/// <param name="Links">Each SGP person id: the survivor it is, or <c>review</c> while a person must confirm the match.</param>
public sealed record SgpImportResult(Guid RunId, string? Snapshot, string Status, string? Reason, SgpImportCounts Counts,
    IReadOnlyList<SgpQuarantineEntry> Quarantine, IReadOnlyList<SgpQualityIssue> Issues, int Absent, int SurvivorsTotal,
    IReadOnlyDictionary<string, string> Links);

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

    public async Task<SgpImportResult> ImportAsync(string path, CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        SgpSnapshotFiles files;
        try
        {
            files = SgpSnapshotReader.Read(path);
        }
        catch (SgpSnapshotRejectedException ex)
        {
            return await RecordRejectedAsync(path, null, null, ex.Message, started, ct);
        }

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
            files.Files.ToDictionary(f => f.Key, f => f.Value.Count));
        var apply = new Apply(db, files, clock.GetUtcNow(), progress, latest);
        await apply.RunAsync(ct);
        var result = apply.Result(runId);
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

    private async Task<SgpImportResult> RecordRejectedAsync(string path, DateOnly? date, string? sha, string reason, DateTimeOffset started,
        CancellationToken ct)
    {
        var result = new SgpImportResult(Guid.NewGuid(), date?.ToString("yyyy-MM-dd"), "rejected", reason, new SgpImportCounts(0, 0, 0, 0, 0, 0, 0),
            [], [], 0, 0, new Dictionary<string, string>());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.SgpImportRuns.Add(new SgpImportRun
        {
            Id = result.RunId, SnapshotDate = date, ManifestSha256 = sha, Source = Truncate(path, 500), Status = "rejected",
            Reason = Truncate(reason, 1000), StartedAt = started, FinishedAt = clock.GetUtcNow(), Report = JsonSerializer.Serialize(Report(result), Json),
        });
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

    /// <summary>One application of one snapshot, inside the caller's transaction.</summary>
    /// <param name="previous">The latest snapshot applied before this one: what a row that leaves SGP tonight was last seen in.</param>
    private sealed class Apply(SiivbgDbContext db, SgpSnapshotFiles files, DateTimeOffset now, SgpProgress progress, DateOnly? previous)
    {
        private readonly List<SgpQuarantineEntry> _quarantine = [];
        private readonly List<SgpQualityIssue> _issues = [];
        private readonly Dictionary<(string Kind, string Id), SgpRecord> _records = [];
        private readonly HashSet<(string Kind, string Id)> _seen = [];
        private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
        private int _read, _inserted, _updated, _unchanged, _matched, _review, _absent;
        private Operators.CatalogueSnapshot _catalogue = new([]);
        /// <summary>The rows read from <c>sgp_records</c> as they were read (or last saved): a row that differs is updated.</summary>
        private readonly Dictionary<SgpRecord, RecordState> _loaded = new(ReferenceEqualityComparer.Instance);

        private readonly record struct RecordState(string RowHash, bool Present, DateOnly LastSeen, string? ParentSgpId, string? Link, Guid? TargetId);

        private static RecordState Snapshot(SgpRecord r) => new(r.RowHash, r.Present, r.LastSeen, r.ParentSgpId, r.Link, r.TargetId);
        private DateOnly Day => files.SnapshotDate;
        private DateTimeOffset SnapshotAt => SgpValues.Noon(files.SnapshotDate);

        private sealed record PersonRow(SgpCsvRecord R, string Id, Run? Run, DateOnly? BirthDate);
        private sealed record CaseRow(SgpCsvRecord R, string Id, PersonRow Person, string Centre, DateOnly Opened, CaseState State);

        public async Task RunAsync(CancellationToken ct)
        {
            _read = files.Files.Values.Sum(f => f.Count);
            // Read untracked: most nights leave most rows as they were, and EF comparing each of them at every save is the cost.
            foreach (var r in await db.SgpRecords.AsNoTracking().ToListAsync(ct))
            {
                _records[(r.Kind, r.SgpId)] = r;
                _loaded[r] = Snapshot(r);
            }
            var comunas = await db.Comunas.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.RegionCode, ct);
            _catalogue = new Operators.CatalogueSnapshot(await db.CatalogueEntries.AsNoTracking().ToListAsync(ct));

            await progress.ReportAsync("centros", "centros.csv", 0, ct);
            var centres = await CentresAsync(comunas, ct);
            await progress.ReportAsync("personas", "centros.csv", files["centros.csv"].Count, ct);
            var persons = ValidPersons();
            var cases = ValidCases(persons, centres);
            var survivorOf = await MatchPersonsAsync(persons, comunas, ct);
            await SaveAsync("persons", ct);
            await progress.ReportAsync("casos", "beneficiarias.csv", files["beneficiarias.csv"].Count, ct);
            var caseEntities = await CasesAsync(cases, survivorOf, centres, ct);
            Milestones(cases, caseEntities);
            await SaveAsync("cases", ct);
            await progress.ReportAsync("episodios", "casos.csv", files["casos.csv"].Count, ct);
            await progress.ReportAsync("episodios", "hitos.csv", files["hitos.csv"].Count, ct);
            await EpisodesAsync(cases, caseEntities, survivorOf, comunas, ct);
            await progress.ReportAsync("nna y agresores", "episodios.csv", files["episodios.csv"].Count, ct);
            await ChildrenAsync(persons, cases, caseEntities, survivorOf, ct);
            await AggressorsAsync(cases, caseEntities, survivorOf, ct);
            MarkAbsent();
            await SaveAsync("rows", ct);
            await progress.ReportAsync("guardando", "nna.csv", files["nna.csv"].Count, ct);
            await progress.ReportAsync("guardando", "agresores.csv", files["agresores.csv"].Count, ct);
        }

        /// <summary>Flat rows the import creates by the hundred thousand: written with COPY, not one INSERT each (ADR 018).</summary>
        private static readonly Type[] CopiedTypes =
            [typeof(Survivor), typeof(Case), typeof(SgpRecord), typeof(ViolenceEpisode), typeof(RelatedPerson)];

        /// <summary>Writes what is pending (still inside the one transaction), then offers a crash point to the tests.</summary>
        private async Task SaveAsync(string phase, CancellationToken ct)
        {
            var changed = _loaded.Where(kv => Snapshot(kv.Key) != kv.Value).Select(kv => kv.Key).ToList();
            foreach (var record in changed)
            {
                db.SgpRecords.Update(record);
                _loaded[record] = Snapshot(record);
            }
            await BulkInsert.CopyAddedAsync(db, CopiedTypes, ct, detach: true);
            await db.SaveChangesAsync(ct);
            SgpCrashPoint.Reach($"after-{phase}");
        }

        public SgpImportResult Result(Guid runId)
        {
            var changed = _inserted + _updated + _absent > 0;
            var survivors = _records.Values.Where(r => r.Kind == Person && r.Link == "linked" && r.TargetId is not null)
                .Select(r => r.TargetId!.Value).Distinct().Count();
            return new SgpImportResult(runId, Day.ToString("yyyy-MM-dd"), changed ? "applied" : "unchanged", null,
                new SgpImportCounts(_read, _inserted, _updated, _unchanged, _quarantine.Count, _matched, _review),
                _quarantine, _issues, _absent, survivors, _links);
        }

        // ------------------------------------------------------------------ bookkeeping

        private void Quarantine(string file, SgpCsvRecord r, string? key, string reason) =>
            _quarantine.Add(new SgpQuarantineEntry(file, r.Line, key ?? "", reason));

        private void Issue(string file, SgpCsvRecord r, string key, string issue) => _issues.Add(new SgpQualityIssue(file, r.Line, key, issue));

        /// <summary>Records that the row was seen tonight; says whether it is new, changed or the same as last time.</summary>
        private (SgpRecord Record, bool IsNew, bool Changed) Track(string kind, string id, string hash, string? parent = null)
        {
            _seen.Add((kind, id));
            if (_records.TryGetValue((kind, id), out var record))
            {
                record.ParentSgpId = parent;
                var changed = record.RowHash != hash || !record.Present;
                record.RowHash = hash;
                record.Present = true;
                // An unchanged row is not rewritten: while present, it was last seen in the latest snapshot (SgpRecord.LastSeen).
                if (changed) record.LastSeen = Day;
                if (changed) _updated++; else _unchanged++;
                return (record, false, changed);
            }
            record = new SgpRecord { Kind = kind, SgpId = id, RowHash = hash, ParentSgpId = parent, Present = true, FirstSeen = Day, LastSeen = Day };
            _records[(kind, id)] = record;
            db.SgpRecords.Add(record);
            _inserted++;
            return (record, true, true);
        }

        /// <summary>Takes back what <see cref="Track"/> did for a row that turned out to be quarantined.</summary>
        private void Untrack(string kind, string id, SgpRecord record, bool isNew, bool changed,
            (string RowHash, bool Present, DateOnly LastSeen) before)
        {
            _seen.Remove((kind, id));
            if (isNew)
            {
                _records.Remove((kind, id));
                db.Entry(record).State = EntityState.Detached;
                _inserted--;
                return;
            }
            (record.RowHash, record.Present, record.LastSeen) = before;
            if (changed) _updated--; else _unchanged--;
        }

        private void MarkAbsent()
        {
            foreach (var record in _records.Values.Where(r => r.Present && !_seen.Contains((r.Kind, r.SgpId))))
            {
                record.Present = false;
                if (previous is { } last && last > record.LastSeen) record.LastSeen = last;
                _absent++;
            }
        }

        /// <summary>Rows of a file with their key; a missing or repeated key is quarantined.</summary>
        private IEnumerable<(SgpCsvRecord R, string Id)> Keyed(string file, string keyColumn)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in files[file])
            {
                var id = r[keyColumn];
                if (id is null) { Quarantine(file, r, null, $"missing {keyColumn}"); continue; }
                if (!keys.Add(id)) { Quarantine(file, r, id, $"duplicate {keyColumn} {id}"); continue; }
                yield return (r, id);
            }
        }

        // ------------------------------------------------------------------ centres

        private async Task<Dictionary<string, Centre>> CentresAsync(Dictionary<string, string> comunas, CancellationToken ct)
        {
            const string file = "centros.csv";
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
                var (_, isNew, changed) = Track(CentreKind, code, SgpValues.Hash(r["nombre"], r["tipo"], r["ente_ejecutor"], entityCode, comuna));
                if (!existing.TryGetValue(code, out var centre))
                {
                    if (entities.Add(entityCode))
                        db.ExecutingEntities.Add(new ExecutingEntity(entityCode, r["ente_ejecutor"] ?? entityCode, region));
                    centre = new Centre(code, r["nombre"] ?? code, r["tipo"] ?? "OTRO", entityCode, comuna, region);
                    db.Centres.Add(centre);
                }
                else if (changed && !isNew)
                {
                    Issue(file, r, code, "centre changed in SGP; the registry keeps its name and entity until an administrator updates them");
                }
                centres[code] = centre;
            }
            return centres;
        }

        // ------------------------------------------------------------------ persons

        private Dictionary<string, PersonRow> ValidPersons()
        {
            const string file = "beneficiarias.csv";
            var persons = new Dictionary<string, PersonRow>(StringComparer.Ordinal);
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
                persons[id] = new PersonRow(r, id, run, birth);
            }
            return persons;
        }

        private async Task<Dictionary<string, Guid>> MatchPersonsAsync(Dictionary<string, PersonRow> persons, Dictionary<string, string> comunas,
            CancellationToken ct)
        {
            const string file = "beneficiarias.csv";
            var survivorOf = new Dictionary<string, Guid>(StringComparer.Ordinal);
            var runs = persons.Values.Where(p => p.Run is not null).Select(p => p.Run!.Value.ToString()).Distinct().ToArray();
            var byRun = await db.Survivors.Where(s => s.Run != null && runs.Contains(s.Run)).ToDictionaryAsync(s => s.Run!, ct);
            var births = persons.Values.Where(p => p.Run is null && p.BirthDate is not null).Select(p => p.BirthDate!.Value).Distinct().ToArray();
            var byBirth = (await db.Survivors.Where(s => s.BirthDate != null && births.Contains(s.BirthDate.Value)).ToListAsync(ct))
                .GroupBy(s => s.BirthDate!.Value).ToDictionary(g => g.Key, g => g.ToList());
            var pendingReviews = await db.SgpReviews.Where(r => r.Status == SgpReviewStatus.Pending).Select(r => r.SgpPersonId).ToHashSetAsync(ct);
            var linkedSurvivors = _records.Values.Where(r => r.Kind == Person && r.TargetId is not null).Select(r => r.TargetId!.Value).ToHashSet();
            var known = await db.Survivors.Where(s => linkedSurvivors.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);

            // RUN first: a row without one can then find the woman a RUN row already created.
            foreach (var p in persons.Values.OrderBy(p => p.Run is null).ThenBy(p => p.Id, StringComparer.Ordinal))
            {
                var r = p.R;
                var given = SgpValues.Proper(r["nombres"]!);
                var surnames = SgpValues.Proper(string.Join(' ', new[] { r["apellido_paterno"], r["apellido_materno"] }.Where(s => s is not null)));
                var nameKey = SgpValues.NameKey(given, surnames);
                var hash = SgpValues.Hash(p.Run?.ToString(), nameKey, p.BirthDate, r["sexo"], r["genero"], r["nacionalidad"],
                    r["pueblo_originario"], r["discapacidad"], r["telefono"], r["email"], r["direccion"], r["comuna_cut"], r["programa"]);
                var before = _records.TryGetValue((Person, p.Id), out var known0) ? (known0.RowHash, known0.Present, known0.LastSeen) : default;
                var (record, isNew, changed) = Track(Person, p.Id, hash);

                if (!isNew && record.Link == "review") { _review++; _links[p.Id] = "review"; continue; }
                if (!isNew && record.TargetId is { } linked)
                {
                    survivorOf[p.Id] = linked;
                    _links[p.Id] = linked.ToString();
                    if (changed && known.TryGetValue(linked, out var s)) Describe(s, r, comunas, file, p.Id, fillOnly: s.RegisteredBy != SgpImporter.Actor);
                    continue;
                }

                Survivor? match = null;
                (Survivor Candidate, string Reason)? uncertain = null;
                if (p.Run is { } run)
                {
                    byRun.TryGetValue(run.ToString(), out match);
                }
                else if (p.BirthDate is { } birth && byBirth.TryGetValue(birth, out var sameDay))
                {
                    var same = sameDay.Where(s => SgpValues.NameKey(s.GivenNames, s.Surnames) == nameKey).ToList();
                    if (same.Count == 1) match = same[0];
                    else if (same.Count > 1) uncertain = (same[0], "Varias sobrevivientes tienen estos nombres y esta fecha de nacimiento.");
                    else if (sameDay.FirstOrDefault(s => SgpValues.NamesClose(nameKey, SgpValues.NameKey(s.GivenNames, s.Surnames))) is { } close)
                        uncertain = (close, "Misma fecha de nacimiento y nombres parecidos, no iguales.");
                }

                if (uncertain is { } doubt)
                {
                    record.Link = "review";
                    record.TargetId = null;
                    _review++;
                    _links[p.Id] = "review";
                    if (pendingReviews.Add(p.Id))
                        db.SgpReviews.Add(new SgpReview
                        {
                            Id = Guid.NewGuid(), SgpPersonId = p.Id, CandidateSurvivorId = doubt.Candidate.Id, Reason = doubt.Reason,
                            Status = SgpReviewStatus.Pending, CreatedAt = now,
                            Person = JsonSerializer.Serialize(new SgpReviewPerson(given, surnames, p.BirthDate, r["comuna_cut"], r["programa"]), Json),
                        });
                    continue;
                }
                if (match is not null)
                {
                    _matched++;
                    Describe(match, r, comunas, file, p.Id, fillOnly: true);
                }
                else
                {
                    try
                    {
                        match = Survivor.Register(p.Run, null, given, surnames, p.BirthDate, SgpImporter.Actor, SnapshotAt, DataSource.Sgp);
                    }
                    catch (DomainException ex)
                    {
                        // Quarantined like a row refused before matching: not seen, not counted, no record kept for it.
                        Quarantine(file, r, p.Id, $"rejected: {ex.Message}");
                        Untrack(Person, p.Id, record, isNew, changed, before);
                        continue;
                    }
                    Describe(match, r, comunas, file, p.Id, fillOnly: false);
                    db.Survivors.Add(match);
                    if (match.Run is not null) byRun[match.Run] = match;
                    if (match.BirthDate is { } born)
                    {
                        if (!byBirth.TryGetValue(born, out var list)) byBirth[born] = list = [];
                        list.Add(match);
                    }
                }
                record.Link = "linked";
                record.TargetId = match.Id;
                survivorOf[p.Id] = match.Id;
                _links[p.Id] = match.Id.ToString();
            }
            return survivorOf;
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

        private Dictionary<string, CaseRow> ValidCases(Dictionary<string, PersonRow> persons, Dictionary<string, Centre> centres)
        {
            const string file = "casos.csv";
            var cases = new Dictionary<string, CaseRow>(StringComparer.Ordinal);
            foreach (var (r, id) in Keyed(file, "id_sgp_caso"))
            {
                if (r["id_sgp_persona"] is not { } personId || !persons.TryGetValue(personId, out var person))
                { Quarantine(file, r, id, "parent person missing"); continue; }
                if (r["codigo_centro"] is not { } centre || !centres.ContainsKey(centre))
                { Quarantine(file, r, id, $"unknown centre {r["codigo_centro"]}"); continue; }
                var (opened, ok) = SgpValues.Date(r["fecha_ingreso"]);
                if (!ok || opened is null) { Quarantine(file, r, id, $"unreadable date {r["fecha_ingreso"]}"); continue; }
                if (!SgpValues.Date(r["fecha_egreso"]).Ok) { Quarantine(file, r, id, $"unreadable date {r["fecha_egreso"]}"); continue; }
                if (SgpValues.CaseState(r["estado"]) is not { } state) { Quarantine(file, r, id, $"unknown state {r["estado"]}"); continue; }
                cases[id] = new CaseRow(r, id, person, centre, opened.Value, state);
            }
            return cases;
        }

        private async Task<Dictionary<string, Case>> CasesAsync(Dictionary<string, CaseRow> cases, Dictionary<string, Guid> survivorOf,
            Dictionary<string, Centre> centres, CancellationToken ct)
        {
            var ids = cases.Keys.Select(k => _records.GetValueOrDefault((CaseKind, k))?.TargetId).Where(t => t is not null).Select(t => t!.Value).ToArray();
            var loaded = await db.Cases.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var entities = new Dictionary<string, Case>(StringComparer.Ordinal);
            foreach (var c in cases.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                if (!survivorOf.TryGetValue(c.Person.Id, out var survivor))
                {
                    Issue("casos.csv", c.R, c.Id, "her person row waits in review: the case is imported once the match is decided");
                    continue;
                }
                var r = c.R;
                var risk = SgpValues.Risk(r["nivel_riesgo"]);
                var updated = SgpValues.Date(r["fecha_actualizacion"]).Value;
                var riskAt = SgpValues.Noon(updated ?? Day);
                var type = r["tipo_intervencion"] ?? "SIN_INFORMACION";
                var programme = c.Person.R["programa"] ?? "SGP";
                var hash = SgpValues.Hash(c.Person.Id, c.Centre, type, c.Opened, c.State, SgpValues.Date(r["fecha_egreso"]).Value,
                    r["motivo_egreso"], risk, programme);
                var (record, isNew, changed) = Track(CaseKind, c.Id, hash, c.Person.Id);
                try
                {
                    if (!isNew && record.TargetId is { } target && loaded.TryGetValue(target, out var existing))
                    {
                        if (changed) existing.SyncFromSgp(type, c.State, r["motivo_egreso"], SgpValues.Noon(c.Opened), risk, riskAt, SgpImporter.Actor);
                        entities[c.Id] = existing;
                        continue;
                    }
                    var created = Case.ImportFromSgp(survivor, c.Id, programme, type, c.Centre, centres[c.Centre].ExecutingEntityCode,
                        SgpValues.Noon(c.Opened), c.State, r["motivo_egreso"], risk, riskAt, SgpImporter.Actor);
                    db.Cases.Add(created);
                    record.TargetId = created.Id;
                    entities[c.Id] = created;
                }
                catch (DomainException ex)
                {
                    Quarantine("casos.csv", r, c.Id, $"rejected: {ex.Message}");
                }
            }
            return entities;
        }

        private void Milestones(Dictionary<string, CaseRow> cases, Dictionary<string, Case> entities)
        {
            const string file = "hitos.csv";
            foreach (var (r, id) in Keyed(file, "id_sgp_hito"))
            {
                if (r["id_sgp_caso"] is not { } caseId || !cases.ContainsKey(caseId)) { Quarantine(file, r, id, "parent case missing"); continue; }
                var (day, ok) = SgpValues.Date(r["fecha"]);
                if (!ok || day is null) { Quarantine(file, r, id, $"unreadable date {r["fecha"]}"); continue; }
                if (SgpValues.MilestoneState(r["tipo_hito"]) is not { } state) { Quarantine(file, r, id, $"unknown milestone {r["tipo_hito"]}"); continue; }
                if (!entities.TryGetValue(caseId, out var @case)) continue;
                var (record, _, changed) = Track(Milestone, id, SgpValues.Hash(caseId, state, day, r["observacion"]), caseId);
                if (!changed) continue;
                record.TargetId ??= Guid.NewGuid();
                @case.RecordSgpMilestone(record.TargetId.Value, state, SgpValues.Noon(day.Value), SgpImporter.Actor, r["observacion"]);
            }
        }

        private async Task EpisodesAsync(Dictionary<string, CaseRow> cases, Dictionary<string, Case> entities, Dictionary<string, Guid> survivorOf,
            Dictionary<string, string> comunas, CancellationToken ct)
        {
            const string file = "episodios.csv";
            var replace = new List<(SgpRecord Record, ViolenceEpisode Episode)>();
            foreach (var (r, id) in Keyed(file, "id_sgp_episodio"))
            {
                if (r["id_sgp_caso"] is not { } caseId || !cases.TryGetValue(caseId, out var c)) { Quarantine(file, r, id, "parent case missing"); continue; }
                var (day, ok) = SgpValues.Date(r["fecha"]);
                if (!ok || day is null) { Quarantine(file, r, id, $"unreadable date {r["fecha"]}"); continue; }
                if (r["comuna_cut"] is not { } comuna || !comunas.ContainsKey(comuna)) { Quarantine(file, r, id, $"unknown comuna {r["comuna_cut"]}"); continue; }
                if (!entities.TryGetValue(caseId, out var @case) || !survivorOf.TryGetValue(c.Person.Id, out var survivor)) continue;
                var (types, unknown) = SgpValues.ViolenceTypes(r["tipos_violencia"], _catalogue.ViolenceTypeOf);
                foreach (var u in unknown) Issue(file, r, id, $"unknown violence type {u}: recorded as other");
                var time = SgpValues.Time(r["hora"]);
                var (record, isNew, changed) = Track(Episode, id, SgpValues.Hash(caseId, day, time, r["lugar"], comuna, types, r["relacion_agresor"],
                    r["observaciones"]), caseId);
                if (!changed) continue;
                try
                {
                    var episode = ViolenceEpisode.Register(survivor, @case.Id, c.Centre, day.Value, time, r["lugar"], comuna,
                        types == ViolenceTypes.None ? ViolenceTypes.Other : types, SgpValues.Relation(r["relacion_agresor"]), r["observaciones"],
                        null, now, SgpImporter.Actor);
                    replace.Add((record, episode));
                }
                catch (DomainException ex)
                {
                    Quarantine(file, r, id, $"rejected: {ex.Message}");
                }
            }
            // A corrected episode replaces SGP's earlier version of it (SGP is its record); the registry keeps no stale copy.
            var stale = replace.Where(x => x.Record.TargetId is not null).Select(x => x.Record.TargetId!.Value).ToArray();
            db.ViolenceEpisodes.RemoveRange(await db.ViolenceEpisodes.Where(e => stale.Contains(e.Id)).ToListAsync(ct));
            foreach (var (record, episode) in replace)
            {
                db.ViolenceEpisodes.Add(episode);
                record.TargetId = episode.Id;
            }
        }

        private async Task ChildrenAsync(Dictionary<string, PersonRow> persons, Dictionary<string, CaseRow> cases, Dictionary<string, Case> entities,
            Dictionary<string, Guid> survivorOf, CancellationToken ct)
        {
            const string file = "nna.csv";
            // A child is held by the centre of her mother's first case.
            var firstCentre = cases.Values.Where(c => entities.ContainsKey(c.Id)).GroupBy(c => c.Person.Id)
                .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Opened).First().Centre, StringComparer.Ordinal);
            var replace = new List<(SgpRecord Record, RelatedPerson Person)>();
            foreach (var (r, id) in Keyed(file, "id_sgp_nna"))
            {
                if (r["id_sgp_persona"] is not { } personId || !persons.ContainsKey(personId)) { Quarantine(file, r, id, "parent person missing"); continue; }
                var (birth, ok) = SgpValues.Date(r["fecha_nacimiento"]);
                if (!ok) { Quarantine(file, r, id, $"unreadable date {r["fecha_nacimiento"]}"); continue; }
                if (!survivorOf.TryGetValue(personId, out var survivor)) continue;
                if (!firstCentre.TryGetValue(personId, out var centre)) { Issue(file, r, id, "her mother has no case in SGP: no centre holds the child"); continue; }
                var relation = r["relacion"] ?? "HIJO/A";
                var (record, _, changed) = Track(Child, id, SgpValues.Hash(personId, r["nombres"], birth, relation), personId);
                if (!changed) continue;
                try
                {
                    var firstName = SgpValues.Proper((r["nombres"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "");
                    var sex = relation.ToUpperInvariant() switch { "HIJA" or "NIETA" or "SOBRINA" => RegisteredSex.Female, "HIJO" or "NIETO" or "SOBRINO" => RegisteredSex.Male, _ => RegisteredSex.Unknown };
                    var child = RelatedPerson.RecordChild(survivor, centre, firstName, birth?.Year ?? 0, sex, SgpValues.Proper(relation), now, SgpImporter.Actor);
                    replace.Add((record, child));
                }
                catch (DomainException ex)
                {
                    Quarantine(file, r, id, $"rejected: {ex.Message}");
                }
            }
            await ReplaceRelatedAsync(replace, ct);
        }

        private async Task AggressorsAsync(Dictionary<string, CaseRow> cases, Dictionary<string, Case> entities, Dictionary<string, Guid> survivorOf,
            CancellationToken ct)
        {
            const string file = "agresores.csv";
            var replace = new List<(SgpRecord Record, RelatedPerson Person)>();
            foreach (var (r, id) in Keyed(file, "id_sgp_agresor"))
            {
                if (r["id_sgp_caso"] is not { } caseId || !cases.TryGetValue(caseId, out var c)) { Quarantine(file, r, id, "parent case missing"); continue; }
                if (!entities.ContainsKey(caseId) || !survivorOf.TryGetValue(c.Person.Id, out var survivor)) continue;
                int? age = int.TryParse(r["edad"], out var a) ? a : null;
                var (record, _, changed) = Track(Aggressor, id, SgpValues.Hash(caseId, r["nombres"], r["sexo"], age, r["relacion"]), caseId);
                if (!changed) continue;
                try
                {
                    replace.Add((record, RelatedPerson.RecordAggressor(survivor, c.Centre, r["nombres"], SgpValues.Relation(r["relacion"]),
                        SgpValues.Sex(r["sexo"]), age, null, now, SgpImporter.Actor)));
                }
                catch (DomainException ex)
                {
                    Quarantine(file, r, id, $"rejected: {ex.Message}");
                }
            }
            await ReplaceRelatedAsync(replace, ct);
        }

        private async Task ReplaceRelatedAsync(List<(SgpRecord Record, RelatedPerson Person)> replace, CancellationToken ct)
        {
            var stale = replace.Where(x => x.Record.TargetId is not null).Select(x => x.Record.TargetId!.Value).ToArray();
            db.RelatedPersons.RemoveRange(await db.RelatedPersons.Where(p => stale.Contains(p.Id)).ToListAsync(ct));
            foreach (var (record, person) in replace)
            {
                db.RelatedPersons.Add(person);
                record.TargetId = person.Id;
            }
        }
    }
}
