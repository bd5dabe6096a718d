using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Infrastructure;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Sgp;

namespace SIIVbG.Bench;

internal sealed record SgpBenchOptions(int Persons = 1_000_000, bool Json = false, string? Folder = null, int Seed = 7, bool Floor = false);

/// <summary>
/// Issue 6's figures: the SGP import of a generated snapshot against a raw PostgreSQL <c>COPY</c> of the same files into
/// plain tables, measured in one run (goal ≤ 5×), then the next night's snapshot with the same rows (goal ≤ 60 s), and the peak
/// memory of this process. Run on a fresh database (`./siivbg bench sgp` creates one). With <c>--floor</c> it also measures
/// PostgreSQL's own share of the first night, for the registry as it is and for a leaner one (<see cref="SgpFloor"/>).
/// </summary>
internal static class SgpBenchmark
{
    private static readonly string[] Files = ["centros.csv", "beneficiarias.csv", "casos.csv", "hitos.csv", "episodios.csv", "nna.csv", "agresores.csv"];

    public static async Task<int> RunAsync(SgpBenchOptions o)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var appCs = configuration.GetSiivbgConnectionString();
        var ownerCs = configuration.GetOwnerConnectionString();
        void Log(string line) => Console.Error.WriteLine(line);
        var trace = Environment.GetEnvironmentVariable("SIIVBG_BENCH_TRACE") == "1";
        // Where the time goes, phase by phase (the importer measures them; the verification before the transaction is "verify").
        void LogPhases(SgpImportResult r)
        {
            if (!trace) return;
            foreach (var p in r.Phases ?? []) Log(string.Create(CultureInfo.InvariantCulture, $"    {p.Phase,-20} {p.Seconds,7:F1} s"));
            Log(string.Create(CultureInfo.InvariantCulture, $"    memoria máxima hasta aquí {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576} MB"));
            Log(string.Create(CultureInfo.InvariantCulture,
                $"    pausas del recolector hasta aquí {GC.GetTotalPauseDuration().TotalSeconds:F1} s (gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)})"));
        }

        Log("Migrando y cargando el territorio…");
        await DatabaseCommands.MigrateAsync(ownerCs, configuration["Database:AppRole"]);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddInfrastructureServices(configuration).BuildServiceProvider();
        await using var _ = services;
        await services.GetRequiredService<Seeder>().SeedTerritoryAsync();
        List<string> comunas;
        await using (var conn = new NpgsqlConnection(appCs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT code FROM comunas ORDER BY code", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            comunas = [];
            while (await reader.ReadAsync()) comunas.Add(reader.GetString(0));
        }

        var parent = o.Folder ?? Path.Combine(Path.GetTempPath(), "siivbg-bench-sgp");
        Log(string.Create(CultureInfo.InvariantCulture, $"Generando un snapshot de {o.Persons:N0} personas en {parent}…"));
        var watch = Stopwatch.StartNew();
        var snapshot = SgpSnapshotWriter.Write(parent, new DateOnly(2026, 11, 23), o.Persons, comunas, o.Seed);
        Log(string.Create(CultureInfo.InvariantCulture, $"  {snapshot.Rows.Values.Sum():N0} filas, {snapshot.Bytes / 1_048_576.0:F0} MB en {watch.Elapsed.TotalSeconds:F0} s"));

        Log("COPY crudo de los mismos archivos en tablas simples…");
        var copy = await RawCopyAsync(ownerCs, snapshot.Folder);
        Log($"  {copy.TotalSeconds:F1} s");

        GC.Collect();
        var importer = services.GetRequiredService<SgpImporter>();
        Log("Importación (primera noche)…");
        watch.Restart();
        var first = await importer.ImportAsync(snapshot.Folder);
        var import = watch.Elapsed;
        Log($"  {first.Status} en {import.TotalSeconds:F1} s; sobrevivientes {first.SurvivorsTotal:N0}");
        LogPhases(first);
        if (first.Status != "applied") { Log($"  motivo: {first.Reason}"); return 1; }

        Log("La noche siguiente, sin cambios (mismas filas, snapshot del día siguiente)…");
        var next = SgpSnapshotWriter.Write(parent, new DateOnly(2026, 11, 24), o.Persons, comunas, o.Seed);
        watch.Restart();
        var second = await importer.ImportAsync(next.Folder);
        var unchanged = watch.Elapsed;
        Log($"  {second.Status} en {unchanged.TotalSeconds:F1} s");
        LogPhases(second);

        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576.0;
        // With --floor: PostgreSQL's own share of that first night, and of a leaner registry (SgpFloor).
        IReadOnlyList<SgpFloor.FloorFigures> floors = [];
        if (o.Floor)
        {
            Log("Piso: lo que PostgreSQL solo tarda en escribir el registro de la primera noche (COPY binario, índices, claves)…");
            floors = await SgpFloor.MeasureAsync(ownerCs, parent, Log);
            foreach (var f in floors)
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"  {f.Shape}: {f.Seconds:F1} s ({f.CopySeconds:F1} COPY + {f.IndexSeconds:F1} índices) = {f.Seconds / copy.TotalSeconds:F2}× el COPY crudo"));
        }
        var result = new
        {
            persons = o.Persons, rows = snapshot.Rows.Values.Sum(), mb = Math.Round(snapshot.Bytes / 1_048_576.0, 1),
            copy_s = Math.Round(copy.TotalSeconds, 1), import_s = Math.Round(import.TotalSeconds, 1),
            ratio = Math.Round(import.TotalSeconds / copy.TotalSeconds, 2), unchanged_s = Math.Round(unchanged.TotalSeconds, 1),
            unchanged_status = second.Status, peak_mb = Math.Round(peakMb), survivors = first.SurvivorsTotal,
            counts = first.Counts,
            floor = floors.Select(f => new
            {
                shape = f.Shape, seconds = Math.Round(f.Seconds, 1), copy_s = Math.Round(f.CopySeconds, 1), index_s = Math.Round(f.IndexSeconds, 1),
                mb = Math.Round(f.Bytes / 1_048_576.0), ratio = Math.Round(f.Seconds / copy.TotalSeconds, 2),
            }),
        };
        if (o.Json) Console.WriteLine(JsonSerializer.Serialize(result));
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Snapshot: {result.persons:N0} personas, {result.rows:N0} filas, {result.mb} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"COPY crudo {result.copy_s} s · importación {result.import_s} s · razón {result.ratio}× (meta ≤ 5×)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Segunda noche sin cambios: {result.unchanged_s} s ({result.unchanged_status}; meta ≤ 60 s) · memoria máxima {result.peak_mb} MB"));
        }
        return 0;
    }

    /// <summary>The baseline: each CSV into a plain table of text columns with PostgreSQL's own COPY, in one transaction.</summary>
    private static async Task<TimeSpan> RawCopyAsync(string cs, string folder)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using (var drop = new NpgsqlCommand("DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw;", conn))
            await drop.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var file in Files)
        {
            var path = Path.Combine(folder, file);
            string header;
            using (var r = new StreamReader(path)) header = (await r.ReadLineAsync())!.TrimStart('\uFEFF');
            var table = Path.GetFileNameWithoutExtension(file);
            var columns = string.Join(", ", header.Split(';').Select(c => $"\"{c}\" text"));
            await using (var create = new NpgsqlCommand($"CREATE TABLE bench_raw.{table} ({columns})", conn, tx))
                await create.ExecuteNonQueryAsync();
            await using var writer = await conn.BeginTextImportAsync(
                $"COPY bench_raw.{table} FROM STDIN (FORMAT csv, DELIMITER ';', QUOTE '\"', HEADER true, ENCODING 'UTF8')");
            using var reader = new StreamReader(path);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer, 0, read);
        }
        await tx.CommitAsync();
        return watch.Elapsed;
    }
}
