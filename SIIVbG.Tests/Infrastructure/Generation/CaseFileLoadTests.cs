using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Seeding.Generation;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure.Generation;

/// <summary>Both loaders write rows PostgreSQL accepts and EF Core reads back as domain objects, once.</summary>
[Trait("Area", "Registry")]
public sealed class CaseFileLoadTests
{
    private sealed record Counts(long Survivors, long Cases, long Episodes, long Consents, long Processes, long Measures);

    private static async Task<Counts> CountAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM survivors), (SELECT count(*) FROM cases), (SELECT count(*) FROM violence_episodes),
                   (SELECT count(*) FROM consents), (SELECT count(*) FROM legal_processes), (SELECT count(*) FROM protective_measures)
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new Counts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
    }

    private static Counts Expected(IEnumerable<GeneratedCaseFile> files)
    {
        var list = files.ToList();
        return new Counts(list.Count, list.Sum(f => f.Cases.Count), list.Sum(f => f.Episodes.Count), list.Count(f => f.Consent is not null),
            list.Sum(f => f.LegalProcesses.Count), list.Sum(f => f.LegalProcesses.Sum(p => p.Measures.Count)));
    }

    private static CaseFileGenerator GeneratorFor(IDictionary<string, Guid> ids) => new(GenerationWorld.Create(ids.AsReadOnly()));

    private static async Task<Dictionary<string, Guid>> DemoOperatorIdsAsync(SiivbgDbContext db) =>
        await db.Operators.ToDictionaryAsync(o => o.Run, o => o.Id);

    [Fact]
    public async Task SeedDemo_WritesTheDemoCaseFilesOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await using var owner = await db.OpenOwnerConnectionAsync();
        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        Dictionary<string, Guid> ids;
        await using (var ctx = await factory.CreateDbContextAsync()) ids = await DemoOperatorIdsAsync(ctx);
        var expected = Expected(GeneratorFor(ids).Generate(0, CaseFileGenerator.DemoSurvivors));
        Assert.Equal(expected, await CountAsync(owner));

        await services.GetRequiredService<Seeder>().SeedDemoAsync();
        await services.GetRequiredService<Seeder>().SeedDemoAsync();

        Assert.Equal(expected, await CountAsync(owner));
    }

    [Fact]
    public async Task CopyLoader_LoadsTheMissingSurvivors_AndEfReadsThemBack()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await using var owner = await db.OpenOwnerConnectionAsync();
        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        Dictionary<string, Guid> ids;
        await using (var ctx = await factory.CreateDbContextAsync()) ids = await DemoOperatorIdsAsync(ctx);
        var generator = GeneratorFor(ids);
        var demo = Expected(generator.Generate(0, CaseFileGenerator.DemoSurvivors));
        var copied = generator.Generate(CaseFileGenerator.DemoSurvivors, 1_000).ToList();
        var added = Expected(copied);

        var report = await CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 2_000);

        Assert.Equal((2_000L, 1_000L), (report.Survivors, report.Added));
        Assert.Equal(new Counts(demo.Survivors + added.Survivors, demo.Cases + added.Cases, demo.Episodes + added.Episodes,
            demo.Consents + added.Consents, demo.Processes + added.Processes, demo.Measures + added.Measures), await CountAsync(owner));

        await using var read = await factory.CreateDbContextAsync();
        var survivorIds = copied.Select(f => f.Survivor.Id).ToList();
        var survivors = await read.Survivors.Where(s => survivorIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        var cases = await read.Cases.Where(c => survivorIds.Contains(c.SurvivorId)).ToDictionaryAsync(c => c.Id);
        var episodes = await read.ViolenceEpisodes.Where(e => survivorIds.Contains(e.SurvivorId)).ToDictionaryAsync(e => e.Id);
        var consents = await read.Consents.Where(c => survivorIds.Contains(c.SurvivorId)).ToDictionaryAsync(c => c.Id);
        var processes = await read.LegalProcesses.Where(p => survivorIds.Contains(p.SurvivorId)).ToDictionaryAsync(p => p.Id);
        foreach (var f in copied)
        {
            var s = survivors[f.Survivor.Id];
            Assert.Equal((f.Survivor.Run, f.Survivor.GivenNames, f.Survivor.Surnames, f.Survivor.ComunaCode),
                (s.Run, s.GivenNames, s.Surnames, s.ComunaCode));
            Assert.Equal(DataSource.SelfReported, s.SourceOf(SurvivorFields.Names)!.Source);
            Assert.Equal(f.Survivor.RegisteredAt, s.SourceOf(SurvivorFields.Names)!.At);
            foreach (var gc in f.Cases)
            {
                var c = cases[gc.Id];
                Assert.Equal(gc.Milestones.Select(m => (m.Id, m.State, m.At, m.By, m.Note)),
                    c.Milestones.Select(m => (m.Id, m.State, m.At, m.By, m.Note)));
                Assert.Equal(gc.RiskEstimates.Select(r => (r.Level, r.At)), c.RiskEstimates.Select(r => (r.Level, r.At)));
                Assert.Equal((gc.State, gc.LatestRisk?.Level, gc.Admission?.At), (c.State, c.LatestRisk, c.AdmittedAt));
            }
            Assert.All(f.Episodes, e => Assert.Equal((e.CaseId, e.ViolenceTypes, e.OccurredOn),
                (episodes[e.Id].CaseId, episodes[e.Id].ViolenceTypes, episodes[e.Id].OccurredOn)));
            if (f.Consent is { } gk)
            {
                var k = consents[gk.Id];
                Assert.Equal((gk.Scopes, gk.ScopeChangeIds.Length, gk.Obtained), (k.Scopes, k.ScopeHistory.Count, k.Obtained));
                Assert.Equal(gk.ScopeChangeIds, k.ScopeHistory.Select(h => h.Id));
            }
            Assert.All(f.LegalProcesses, p => Assert.Equal(p.Measures.Select(m => m.Id).Order(), processes[p.Id].Measures.Select(m => m.Id).Order()));
        }

        await using var nameKeys = new NpgsqlCommand("SELECT count(*) FROM survivors WHERE name_key IS NULL", owner);
        Assert.Equal(0L, (long)(await nameKeys.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task EnsureTwice_ReusesTheDataSet()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var owner = await db.OpenOwnerConnectionAsync();
        await CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 1_500);
        var before = await CountAsync(owner);

        var again = await CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 1_500);
        var smaller = await CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 1_200);

        Assert.True(again.Reused && smaller.Reused);
        Assert.Equal(before, await CountAsync(owner));
    }

    [Fact]
    public async Task Ensure_RefusesADatabaseWithRealSurvivors()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var owner = await db.OpenOwnerConnectionAsync())
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO survivors (id, document_kind, run, given_names, surnames, sex, registered_at, registered_by)
            VALUES (gen_random_uuid(), 1, '15000001-7', 'Marta', 'Ficticia', 1, now(), gen_random_uuid())
            """, owner))
            await cmd.ExecuteNonQueryAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 1_500));
    }

    private static async Task<List<string>> SchemaAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'
            UNION ALL SELECT 'pending' WHERE to_regclass('siivbg_generator_pending_ddl') IS NOT NULL
            """, conn);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    [Fact]
    public async Task LargeLoad_RebuildsTheForeignKeysAndIndexesItDeferred_EvenAfterAnInterruption()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var owner = await db.OpenOwnerConnectionAsync();
        var schema = await SchemaAsync(owner);
        var threshold = CaseFileGenerator.DeferConstraintsFrom;
        try
        {
            CaseFileGenerator.DeferConstraintsFrom = 1;
            await CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 1_300);
            Assert.Equal(schema, await SchemaAsync(owner));

            await DeferredConstraints.DropAsync(owner, default); // as if a load had been killed
            Assert.NotEqual(schema, await SchemaAsync(owner));
            var report = await CaseFileGenerator.EnsureAsync(db.OwnerConnectionString, 1_300);

            Assert.True(report.Reused);
            Assert.Equal(schema, await SchemaAsync(owner));
        }
        finally
        {
            CaseFileGenerator.DeferConstraintsFrom = threshold;
        }
    }
}
