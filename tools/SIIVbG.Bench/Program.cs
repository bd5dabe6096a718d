using System.Globalization;
using SIIVbG.Bench;

// `./siivbg bench registry [--survivors N] [--json]` runs this with the bench database's connection strings in the
// environment (ConnectionStrings__SiivbgOwner / ConnectionStrings__Siivbg, or SIIVBG_DB for both).
if (args.Length > 0 && args[0] == "live")
{
    var live = new LiveBenchOptions();
    for (var i = 1; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} espera un valor");
        int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new ArgumentException($"{args[i - 1]} espera un número positivo");
        switch (args[i])
        {
            case "--circuits": live = live with { Circuits = Number() }; break;
            case "--commits": live = live with { Commits = Number() }; break;
            case "--json": live = live with { Json = true }; break;
            case "--node-a": live = live with { NodeA = Value().TrimEnd('/') }; break;
            case "--node-b": live = live with { NodeB = Value().TrimEnd('/') }; break;
            case "--node-a-pid": live = live with { NodeAPid = Number() }; break;
            case "--node-b-pid": live = live with { NodeBPid = Number() }; break;
            case "--page": live = live with { Page = Value() }; break;
            default:
                Console.Error.WriteLine($"Opción desconocida: {args[i]}");
                return 2;
        }
    }
    try
    {
        return await LiveBenchmark.RunAsync(live);
    }
    catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or HttpRequestException or Npgsql.NpgsqlException)
    {
        Console.Error.WriteLine(Environment.GetEnvironmentVariable("SIIVBG_BENCH_TRACE") is null ? $"bench: {ex.Message}" : $"bench: {ex}");
        return 1;
    }
}
if (args.Length > 0 && args[0] == "sgp")
{
    var sgp = new SgpBenchOptions();
    for (var i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--persons" when i + 1 < args.Length && int.TryParse(args[i + 1].Replace("_", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                sgp = sgp with { Persons = n }; i++; break;
            case "--folder" when i + 1 < args.Length: sgp = sgp with { Folder = args[++i] }; break;
            case "--json": sgp = sgp with { Json = true }; break;
            case "--floor": sgp = sgp with { Floor = true }; break;
            default:
                Console.Error.WriteLine($"Opción desconocida o sin valor: {args[i]}");
                return 2;
        }
    }
    try
    {
        return await SgpBenchmark.RunAsync(sgp);
    }
    catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or Npgsql.NpgsqlException)
    {
        Console.Error.WriteLine(Environment.GetEnvironmentVariable("SIIVBG_BENCH_TRACE") is null ? $"bench: {ex.Message}" : $"bench: {ex}");
        return 1;
    }
}
if (args.Length == 0 || args[0] != "registry")
{
    Console.Error.WriteLine("Uso: SIIVbG.Bench registry [--survivors N] [--json] [--runs N] [--names N] [--files N]");
    Console.Error.WriteLine("     SIIVbG.Bench live --node-a URL --node-b URL [--circuits N] [--commits N] [--json]");
    Console.Error.WriteLine("     SIIVbG.Bench sgp [--persons N] [--folder DIR] [--json]");
    return 2;
}
var options = new RegistryBenchOptions();
for (var i = 1; i < args.Length; i++)
{
    int Next() => i + 1 < args.Length && int.TryParse(args[++i].Replace("_", "").Replace(".", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n : throw new ArgumentException($"{args[i - 1]} espera un número positivo");
    switch (args[i])
    {
        case "--survivors": options = options with { Survivors = Next() }; break;
        case "--runs": options = options with { RunLookups = Next() }; break;
        case "--names": options = options with { NameSearches = Next() }; break;
        case "--files": options = options with { FileOpens = Next() }; break;
        case "--json": options = options with { Json = true }; break;
        default:
            Console.Error.WriteLine($"Opción desconocida: {args[i]}");
            return 2;
    }
}
try
{
    return await RegistryBenchmark.RunAsync(options);
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or Npgsql.NpgsqlException)
{
    Console.Error.WriteLine(Environment.GetEnvironmentVariable("SIIVBG_BENCH_TRACE") is null ? $"bench: {ex.Message}" : $"bench: {ex}");
    return 1;
}
