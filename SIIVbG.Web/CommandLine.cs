using SIIVbG.Infrastructure;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Web;

/// <summary>
/// Operator commands run by the same binary as the portal (<c>dotnet SIIVbG.Web.dll migrate</c>), so production has
/// them without the SDK. Later features add theirs (import-sgp, audit-verify).
/// </summary>
internal static class CommandLine
{
    private static readonly Dictionary<string, Func<IHost, string[], Task<int>>> Commands = new()
    {
        ["migrate"] = MigrateAsync,
        ["seed"] = SeedAsync,
        ["demo-operators"] = PrintDemoOperatorsAsync,
        ["import-sgp"] = ImportSgpAsync,
        ["audit-verify"] = AuditVerifyAsync,
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Standard output is the command's own answer (import-sgp --json prints one JSON object): logs go to standard error.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (args[0] != "demo-operators")
            builder.Services.AddInfrastructureServices(builder.Configuration);
        using var host = builder.Build();
        try
        {
            return await Commands[args[0]](host, args[1..]);
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IHost host, string[] args)
    {
        var config = host.Services.GetRequiredService<IConfiguration>();
        await DatabaseCommands.MigrateAsync(config.GetOwnerConnectionString(), config["Database:AppRole"]);
        Console.WriteLine("migrate: esquema al día");
        return 0;
    }

    private static async Task<int> SeedAsync(IHost host, string[] args)
    {
        await host.Services.GetRequiredService<Seeder>().SeedDemoAsync();
        Console.WriteLine("seed: territorio y datos de demostración ficticios cargados");
        return 0;
    }

    /// <summary>
    /// <c>import-sgp PATH [--json] [--links]</c>: exit 0 when the snapshot was applied or unchanged, 2 when rejected. The
    /// territory is loaded first (imported comunas and centres refer to it); nothing else of the demo data is.
    /// </summary>
    private static async Task<int> ImportSgpAsync(IHost host, string[] args)
    {
        var path = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (path is null)
        {
            await Console.Error.WriteLineAsync("uso: import-sgp CARPETA|ARCHIVO.zip [--json] [--links]");
            return 64;
        }
        await host.Services.GetRequiredService<Seeder>().SeedTerritoryAsync();
        var result = await host.Services.GetRequiredService<SIIVbG.Infrastructure.Sgp.SgpImporter>().ImportAsync(Path.GetFullPath(path));
        if (args.Contains("--json"))
        {
            var json = new Dictionary<string, object?>
            {
                ["snapshot"] = result.Snapshot,
                ["status"] = result.Status,
                ["reason"] = result.Reason,
                ["counts"] = new
                {
                    read = result.Counts.Read, inserted = result.Counts.Inserted, updated = result.Counts.Updated,
                    unchanged = result.Counts.Unchanged, quarantined = result.Counts.Quarantined, matched = result.Counts.Matched,
                    review = result.Counts.Review,
                },
                ["quarantine"] = result.Quarantine.Select(q => new { file = q.File, line = q.Line, key = q.Key, reason = q.Reason }),
                ["survivors_total"] = result.SurvivorsTotal,
            };
            if (args.Contains("--links")) json["links"] = result.Links;
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(json));
        }
        else
        {
            var c = result.Counts;
            Console.WriteLine(result.Status == "rejected"
                ? $"import-sgp: rechazado — {result.Reason}"
                : $"import-sgp: snapshot {result.Snapshot} {(result.Status == "applied" ? "aplicado" : "sin cambios")} — leídas {c.Read}, " +
                  $"nuevas {c.Inserted}, actualizadas {c.Updated}, sin cambios {c.Unchanged}, en cuarentena {c.Quarantined}, " +
                  $"vinculadas {c.Matched}, a revisión {c.Review}, ausentes {result.Absent}; sobrevivientes {result.SurvivorsTotal}");
            foreach (var q in result.Quarantine) Console.WriteLine($"  cuarentena {q.File}:{q.Line} {q.Key} — {q.Reason}");
        }
        return result.Status == "rejected" ? 2 : 0;
    }

    /// <summary><c>audit-verify</c>: one line; exit 0 when the chain and the external head are intact, 3 naming the first broken row.</summary>
    private static async Task<int> AuditVerifyAsync(IHost host, string[] args)
    {
        var check = await host.Services.GetRequiredService<SIIVbG.Infrastructure.Audit.AuditVerifier>().VerifyAndRecordAsync();
        Console.WriteLine($"audit-verify: {check.Summary}");
        return check.Intact ? 0 : 3;
    }

    private static Task<int> PrintDemoOperatorsAsync(IHost host, string[] args)
    {
        Console.WriteLine("Operadores/as de demostración (ficticios) — elíjalos en el simulador de ClaveÚnica:");
        foreach (var op in DemoData.Operators)
            Console.WriteLine($"  {op.Level}  {op.Run.ToDisplay(),-13} {op.GivenNames} {op.Surnames} — {op.Role}{(op.Active ? "" : " (desactivada: acceso denegado)")}");
        Console.WriteLine($"  —   {DemoData.UnregisteredRun.ToDisplay(),-13} RUN no registrado (escríbalo en el simulador: acceso denegado)");
        return Task.FromResult(0);
    }
}
