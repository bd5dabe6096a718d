using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Siivbg";

    public static string GetSiivbgConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? Environment.GetEnvironmentVariable("SIIVBG_DB")
        ?? throw new InvalidOperationException(
            "Falta la cadena de conexión: defina ConnectionStrings__Siivbg o SIIVBG_DB.");

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration)
    {
        var cs = configuration.GetSiivbgConnectionString();
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<SiivbgDbContext>(o => ConfigureDbContext(o, cs));
        services.AddSingleton<Seeder>();
        return services;
    }
}
