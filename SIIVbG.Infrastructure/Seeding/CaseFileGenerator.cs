using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding.Generation;

namespace SIIVbG.Infrastructure.Seeding;

/// <summary>What <see cref="CaseFileGenerator.EnsureAsync"/> found and did.</summary>
public sealed record GenerationReport(long Survivors, long Added, long Cases, long Episodes, TimeSpan Elapsed)
{
    public bool Reused => Added == 0;
}

/// <summary>
/// Fictitious case files for the demo and the registry benchmark (ADR 010). Survivor <c>i</c> is a pure function of
/// (seed, i): the data set of N survivors is the first N of one sequence, so a smaller set is a prefix of a larger one and
/// a load can be continued. The first <see cref="DemoSurvivors"/> happen at the three demo centres; the rest across the
/// country (<see cref="GenerationWorld"/>). People are invented: common Chilean names combined at random, RUNs from
/// 30.000.000–39.999.999 with a valid check digit, dates before <see cref="AsOf"/>.
/// </summary>
public sealed class CaseFileGenerator
{
    public const int DefaultSeed = 20_261_124;
    public const int DemoSurvivors = 1_000;
    public const string RevocationReason = "Lo solicitó la sobreviviente";
    /// <summary>Every generated date is before this instant, so the data set does not depend on the day it is generated.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public const int FirstRunNumber = 30_000_000;
    private const int RunSpan = 10_000_000;
    // Odd and not a multiple of 5: i ↦ i·stride mod 10⁷ is a permutation, so RUNs are unique and do not follow the index.
    private const long RunStride = 3_141_593;
    private const int BatchSize = 5_000;
    /// <summary>From how many survivors to add the foreign keys and secondary indexes are rebuilt after the load rather than maintained row by row.</summary>
    internal static int DeferConstraintsFrom { get; set; } = 50_000;
    private static readonly CultureInfo Chile = CultureInfo.GetCultureInfo("es-CL");

    private readonly CaseFileSynthesis _synthesis;

    public GenerationWorld World { get; }
    public int Seed { get; }

    public CaseFileGenerator(GenerationWorld world, int seed = DefaultSeed)
    {
        World = world;
        Seed = seed;
        _synthesis = new CaseFileSynthesis(world, seed);
    }

    public GeneratedCaseFile Generate(int index) => _synthesis.Generate(index);

    public IEnumerable<GeneratedCaseFile> Generate(int from, int count)
    {
        for (var i = from; i < from + count; i++) yield return _synthesis.Generate(i);
    }

    public static int RunNumberOf(int index) => FirstRunNumber + (int)((index * RunStride + 1_234_567) % RunSpan);

    /// <summary>Survivors with 20 cases and 100 episodes (the benchmark's "survivor file"), all with cases at CDM-13101-D.</summary>
    public static bool IsHeavy(int index) => index < DemoSurvivors ? index % 500 == 250 : index % 1_000 == 500;

    public static IEnumerable<int> HeavyIndexes(int survivors) => Enumerable.Range(0, survivors).Where(IsHeavy);

    /// <summary>The first <see cref="DemoSurvivors"/> case files, written through the domain objects; only into a registry without survivors.</summary>
    public static async Task SeedDemoCaseFilesAsync(IDbContextFactory<SiivbgDbContext> dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Survivors.AnyAsync(ct)) return;
        var runs = DemoData.Operators.Select(o => o.Run.ToString()).ToList();
        var ids = await db.Operators.Where(o => runs.Contains(o.Run)).ToDictionaryAsync(o => o.Run, o => o.Id, ct);
        var generator = new CaseFileGenerator(GenerationWorld.Create(ids));
        foreach (var file in generator.Generate(0, DemoSurvivors))
            db.AddRange(DomainReplay.Replay(file).All());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Makes the database hold at least <paramref name="survivors"/> generated survivors: reuses what is there and COPYs the
    /// missing tail in batches (constant memory), then ANALYZEs. Meant for a database of generated data only (the benchmark's):
    /// it refuses one holding survivors with RUNs outside the generator's range. Run <c>seed</c> first (territory, demo operators).
    /// </summary>
    public static async Task<GenerationReport> EnsureAsync(string connectionString, int survivors, Action<string>? log = null,
        int seed = DefaultSeed, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await DeferredConstraints.RestoreAsync(conn, log, ct);
        var (present, foreign) = await CountAsync(conn, ct);
        if (foreign > 0)
            throw new InvalidOperationException(
                $"La base de datos tiene {foreign} sobrevivientes que no fueron generados; use una base de datos aparte para el benchmark.");
        if (present >= survivors)
        {
            log?.Invoke(string.Create(Chile, $"Reutilizando {present:N0} sobrevivientes generados."));
            return new GenerationReport(present, 0, 0, 0, clock.Elapsed);
        }

        var world = GenerationWorld.Create(await DemoOperatorIdsAsync(conn, ct));
        if (survivors > DemoSurvivors) await EnsureNationalWorldAsync(conn, world, ct);
        var generator = new CaseFileGenerator(world, seed);
        var from = (int)present;
        log?.Invoke(string.Create(Chile, $"Generando sobrevivientes {from:N0}–{survivors:N0} (lotes de {BatchSize:N0}, COPY binario)…"));
        var deferred = survivors - from >= DeferConstraintsFrom;
        if (deferred) await DeferredConstraints.DropAsync(conn, ct);

        // Generation runs one batch ahead of the COPY on the other core; two batches in memory at most.
        var channel = Channel.CreateBounded<List<GeneratedCaseFile>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var start = from; start < survivors; start += BatchSize)
                    await channel.Writer.WriteAsync(generator.Generate(start, Math.Min(BatchSize, survivors - start)).ToList(), ct);
                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.Complete(ex);
            }
        }, ct);

        var copy = new CaseFileCopy();
        long added = 0, cases = 0, episodes = 0;
        var lastLog = TimeSpan.Zero;
        await foreach (var batch in channel.Reader.ReadAllAsync(ct))
        {
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                var (c, e) = await copy.WriteAsync(conn, batch, ct);
                await tx.CommitAsync(ct);
                cases += c;
                episodes += e;
            }
            added += batch.Count;
            if (log is not null && (clock.Elapsed - lastLog > TimeSpan.FromSeconds(10) || present + added >= survivors))
            {
                lastLog = clock.Elapsed;
                var rate = added / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                log(string.Create(Chile,
                    $"  {present + added,10:N0} / {survivors:N0} sobrevivientes, {cases:N0} casos, {episodes:N0} episodios — {clock.Elapsed.TotalSeconds:F0} s ({rate:F0}/s)"));
            }
        }
        await producer;
        if (deferred)
        {
            log?.Invoke(string.Create(Chile, $"Índices y claves foráneas ({clock.Elapsed.TotalSeconds:F0} s)…"));
            await DeferredConstraints.RestoreAsync(conn, log, ct);
        }

        log?.Invoke(string.Create(Chile, $"ANALYZE ({clock.Elapsed.TotalSeconds:F0} s)…"));
        await using (var analyze = new NpgsqlCommand(
            "ANALYZE survivors, cases, violence_episodes, consents, legal_processes, protective_measures", conn))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }
        return new GenerationReport(present + added, added, cases, episodes, clock.Elapsed);
    }

    private static async Task<(long Present, long Foreign)> CountAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE run IS NOT NULL AND run !~ '^3[0-9]{7}-[0-9K]$') FROM survivors
            """, conn);
        cmd.CommandTimeout = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<Dictionary<string, Guid>> DemoOperatorIdsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT run, id FROM operators WHERE run = ANY(@runs)", conn);
        cmd.Parameters.AddWithValue("runs", DemoData.Operators.Select(o => o.Run.ToString()).ToArray());
        var ids = new Dictionary<string, Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids[reader.GetString(0)] = reader.GetGuid(1);
        return ids;
    }

    /// <summary>The generated executing entities, centres and their caseworkers; adds only what is missing.</summary>
    private static async Task EnsureNationalWorldAsync(NpgsqlConnection conn, GenerationWorld world, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(conn);
        foreach (var e in world.NationalEntities)
            batch.BatchCommands.Add(Command("INSERT INTO executing_entities (code, name, region_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                e.Code, e.Name, e.RegionCode));
        foreach (var c in world.NationalCentres.Where(c => !DemoData.Centres.Any(d => d.Code == c.Code)))
            batch.BatchCommands.Add(Command("""
                INSERT INTO centres (code, name, kind, executing_entity_code, comuna_code, region_code) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT DO NOTHING
                """, c.Code, c.Name, c.Kind, c.ExecutingEntityCode, c.ComunaCode, c.RegionCode));
        foreach (var o in world.NationalOperators)
            batch.BatchCommands.Add(Command("""
                INSERT INTO operators (id, run, given_names, surnames, level, scope_kind, scope_code, is_active, registered_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8) ON CONFLICT DO NOTHING
                """, o.Id, o.Run.ToString(), o.GivenNames, o.Surnames, (int)AccessLevel.N6, (int)ScopeKind.Centre, o.CentreCode, AsOf));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var v in values) command.Parameters.Add(new NpgsqlParameter { Value = v });
        return command;
    }
}
