using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Seeding.Generation;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Bench;

internal sealed record RegistryBenchOptions(
    int Survivors = 1_000_000, bool Json = false, int RunLookups = 200, int NameSearches = 200, int FileOpens = 50, int Seed = 42);

/// <summary>
/// SurvivorRegistry against its own SQL run raw, on a generated registry: RUN look-up, name search and opening a file
/// with 20 cases and 100 episodes, as the N6 demo caseworker of CDM-13101-D. Targets (issue): service ≤ 1.5× raw,
/// name search p95 ≤ 100 ms.
/// </summary>
internal static class RegistryBenchmark
{
    private const string Centre = "CDM-13101-D";

    public static async Task<int> RunAsync(RegistryBenchOptions o)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var appCs = configuration.GetSiivbgConnectionString();
        var ownerCs = configuration.GetOwnerConnectionString();
        void Log(string line) => Console.Error.WriteLine(line);

        Log("Migrando…");
        await DatabaseCommands.MigrateAsync(ownerCs, configuration["Database:AppRole"]);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddInfrastructureServices(configuration).BuildServiceProvider();
        await using var _ = services;
        Log("Territorio, operadores y expedientes de demostración…");
        await services.GetRequiredService<Seeder>().SeedDemoAsync();
        var report = await CaseFileGenerator.EnsureAsync(ownerCs, o.Survivors, Log);
        if (!report.Reused)
            Log(string.Create(CultureInfo.GetCultureInfo("es-CL"),
                $"Cargados {report.Added:N0} sobrevivientes, {report.Cases:N0} casos, {report.Episodes:N0} episodios en {report.Elapsed.TotalSeconds:F0} s"));
        var survivors = (int)report.Survivors;

        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        Dictionary<string, Guid> operatorIds;
        await using (var db = await factory.CreateDbContextAsync())
            operatorIds = await db.Operators.ToDictionaryAsync(x => x.Run, x => x.Id);
        var caseworker = DemoData.Operators.First(x => x.Active && x.Level == AccessLevel.N6 && x.ScopeCode == Centre);
        var op = new SignedInOperator(operatorIds[caseworker.Run.ToString()], caseworker.Run.ToString(), caseworker.Level,
            caseworker.ScopeKind, caseworker.ScopeCode);

        var generator = new CaseFileGenerator(GenerationWorld.Create(operatorIds));
        var rng = new Random(o.Seed);
        var runs = SampleRuns(generator, survivors, o.RunLookups, rng);
        var names = SampleNames(generator, survivors, o.NameSearches, rng);
        await using var data = NpgsqlDataSource.Create(appCs);
        var files = await HeavyFileIdsAsync(data, generator, survivors, o.FileOpens);
        if (files.Count == 0) throw new InvalidOperationException("No hay sobrevivientes con 20 casos en el conjunto generado.");

        var registry = services.GetRequiredService<SurvivorRegistry>();
        var raw = new RawRegistry(data);
        Log($"Midiendo como {caseworker.GivenNames} {caseworker.Surnames} (N6, {Centre}): {runs.Count} RUN, {names.Count} nombres, {files.Count} expedientes…");
        var runResult = await MeasureAsync(runs, q => registry.SearchAsync(op, q), q => raw.LookUpRunAsync(op, q));
        var nameResult = await MeasureAsync(names, q => registry.SearchAsync(op, q), q => raw.SearchNamesAsync(op, q));
        var fileResult = await MeasureAsync(files, id => registry.OpenFileAsync(op, id), id => raw.OpenFileAsync(op, id));

        var result = new
        {
            survivors,
            run_lookup = new { service_ms_p50 = runResult.Service.P50, raw_ms_p50 = runResult.Raw.P50, ratio = Ratio(runResult.Service.P50, runResult.Raw.P50) },
            name_search = new { service_ms_p95 = nameResult.Service.P95, raw_ms_p95 = nameResult.Raw.P95, ratio = Ratio(nameResult.Service.P95, nameResult.Raw.P95) },
            survivor_file = new { service_ms_p50 = fileResult.Service.P50, raw_ms_p50 = fileResult.Raw.P50, ratio = Ratio(fileResult.Service.P50, fileResult.Raw.P50) },
        };
        if (o.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Registro de sobrevivientes: {survivors:N0} sobrevivientes (N6 de {Centre})
                                       servicio p50 / p95       SQL directo p50 / p95    razón    meta
              búsqueda por RUN      {runResult.Service}    {runResult.Raw}    {result.run_lookup.ratio,5:F2}×   ≤ 1,5× (p50)
              búsqueda por nombres  {nameResult.Service}    {nameResult.Raw}    {result.name_search.ratio,5:F2}×   ≤ 1,5× y p95 ≤ 100 ms
              expediente (20 casos, 100 episodios)
                                    {fileResult.Service}    {fileResult.Raw}    {result.survivor_file.ratio,5:F2}×   ≤ 1,5× (p50)
            """));
        return 0;
    }

    private static double Ratio(double service, double raw) => raw <= 0 ? 0 : Math.Round(service / raw, 2);

    private sealed record Percentiles(double P50, double P95)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P50,8:F2} / {P95,8:F2} ms");
    }

    private static async Task<(Percentiles Service, Percentiles Raw)> MeasureAsync<T>(IReadOnlyList<T> items, Func<T, Task> service, Func<T, Task> raw)
    {
        // Warm-up: JIT, connection pools, plan caches and the pages of a few items, for both sides alike.
        foreach (var item in items.Take(Math.Max(5, items.Count / 10)))
        {
            await service(item);
            await raw(item);
        }
        var s = new List<double>(items.Count);
        var r = new List<double>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            // Alternating who goes first, so neither side always finds the other's pages in cache.
            if (i % 2 == 0)
            {
                s.Add(await TimeAsync(() => service(items[i])));
                r.Add(await TimeAsync(() => raw(items[i])));
            }
            else
            {
                r.Add(await TimeAsync(() => raw(items[i])));
                s.Add(await TimeAsync(() => service(items[i])));
            }
        }
        return (Of(s), Of(r));
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var t = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    private static Percentiles Of(List<double> samples)
    {
        samples.Sort();
        double At(double q) => Math.Round(samples[Math.Clamp((int)Math.Ceiling(q * samples.Count) - 1, 0, samples.Count - 1)], 2);
        return new Percentiles(At(0.50), At(0.95));
    }

    /// <summary>RUNs of random survivors, written as people type them; some are not registered at all.</summary>
    private static List<string> SampleRuns(CaseFileGenerator generator, int survivors, int count, Random rng)
    {
        var list = new List<string>(count);
        while (list.Count < count)
        {
            var index = rng.Next(survivors);
            var number = CaseFileGenerator.RunNumberOf(index);
            if (generator.Generate(index).Survivor.Run is null || rng.NextDouble() < 0.1) number = 40_000_000 + rng.Next(1_000_000); // not registered
            var run = SIIVbG.Domain.Identity.Run.FromNumber(number);
            list.Add((list.Count % 4) switch
            {
                0 => run.ToDisplay(),
                1 => run.ToString(),
                2 => $"{run.Number}{char.ToLowerInvariant(run.CheckDigit)}",
                _ => run.ToDisplay().Replace('.', ' '),
            });
        }
        return list;
    }

    /// <summary>Names of survivors with a case at the caseworker's centre, typed the way people do.</summary>
    private static List<string> SampleNames(CaseFileGenerator generator, int survivors, int count, Random rng)
    {
        var list = new List<string>(count);
        while (list.Count < count)
        {
            var file = generator.Generate(rng.Next(survivors));
            if (!file.Cases.Any(c => c.CentreCode == Centre)) continue;
            var given = file.Survivor.GivenNames;
            var surnames = file.Survivor.Surnames;
            list.Add((list.Count % 5) switch
            {
                0 => $"{given} {surnames}",
                1 => StripAccents($"{given} {surnames}").ToLowerInvariant(),
                2 => $"{surnames} {given}",
                3 => Typo($"{given.Split(' ')[0]} {surnames}", rng),
                _ => $"{given.Split(' ')[0]} {surnames.Split(' ')[0]}",
            });
        }
        return list;
    }

    private static string StripAccents(string s) =>
        new(s.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());

    private static string Typo(string s, Random rng)
    {
        var i = rng.Next(1, s.Length - 2);
        if (s[i] == ' ' || s[i + 1] == ' ') return s.Remove(i + 2, 1);
        var chars = s.ToCharArray();
        (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        return new string(chars);
    }

    private static async Task<List<Guid>> HeavyFileIdsAsync(NpgsqlDataSource data, CaseFileGenerator generator, int survivors, int count)
    {
        var runs = CaseFileGenerator.HeavyIndexes(survivors).Reverse().Take(count)
            .Select(i => generator.Generate(i).Survivor.Run!).ToArray();
        await using var cmd = data.CreateCommand("SELECT id FROM survivors WHERE run = ANY(@runs)");
        cmd.Parameters.AddWithValue("runs", runs);
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }
}
