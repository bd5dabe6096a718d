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
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (args[0] != "demo-operators")
            builder.Services.AddInfrastructureServices(builder.Configuration);
        using var host = builder.Build();
        try
        {
            return await Commands[args[0]](host, args[1..]);
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {ex.Message}");
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

    private static Task<int> PrintDemoOperatorsAsync(IHost host, string[] args)
    {
        Console.WriteLine("Operadores/as de demostración (ficticios) — elíjalos en el simulador de ClaveÚnica:");
        foreach (var op in DemoData.Operators)
            Console.WriteLine($"  {op.Level}  {op.Run.ToDisplay(),-13} {op.GivenNames} {op.Surnames} — {op.Role}{(op.Active ? "" : " (desactivada: acceso denegado)")}");
        Console.WriteLine($"  —   {DemoData.UnregisteredRun.ToDisplay(),-13} RUN no registrado (escríbalo en el simulador: acceso denegado)");
        return Task.FromResult(0);
    }
}
