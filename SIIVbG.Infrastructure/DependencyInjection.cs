using SIIVbG.Infrastructure.Registries;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Infrastructure.Health;
using SIIVbG.Infrastructure.Jobs;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Notices;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Siivbg";
    public const string OwnerConnectionStringName = "SiivbgOwner";

    public static string GetSiivbgConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? Environment.GetEnvironmentVariable("SIIVBG_DB")
        ?? throw new InvalidOperationException(
            "Falta la cadena de conexión: defina ConnectionStrings__Siivbg o SIIVBG_DB.");

    /// <summary>Schema changes need the owner; without a separate owner string, the app's own is used.</summary>
    public static string GetOwnerConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(OwnerConnectionStringName) ?? configuration.GetSiivbgConnectionString();

    internal static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>Data access, audit, access guard and seeding: what every host (web, commands, tests) needs.</summary>
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration)
    {
        var cs = configuration.GetSiivbgConnectionString();
        services.AddSingleton(TimeProvider.System);
        // Pooled: services open a context per operation, so reusing instances saves their set-up on every call.
        services.AddPooledDbContextFactory<SiivbgDbContext>(o => ConfigureDbContext(o, cs));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<OperatorDirectory>();
        services.AddSingleton<NoticeService>();
        services.AddSingleton<OperatorScopes>();
        services.AddSingleton<AuditViewer>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<AuditVerificationJob>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.SurvivorFacts>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.SurvivorRegistry>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.CaseService>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.RelatedPersonService>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.ConsentService>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.LegalService>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.PlanService>();
        services.AddSingleton<SIIVbG.Infrastructure.Survivors.TerritoryCatalogue>();
        services.AddSingleton<SIIVbG.Infrastructure.Referrals.ReferralService>();
        services.AddSingleton<SIIVbG.Infrastructure.Referrals.WaitingListService>();
        services.AddSingleton<SIIVbG.Infrastructure.Access.AccessRequestService>();
        services.AddSingleton<SIIVbG.Infrastructure.Operators.OperatorAdministration>();
        services.AddSingleton<SIIVbG.Infrastructure.Operators.FeatureSwitches>();
        services.AddSingleton<SIIVbG.Infrastructure.Operators.Catalogues>();
        services.AddSingleton<SIIVbG.Infrastructure.Operators.CatalogueLookup>();
        services.AddRegistryConnectors(configuration);
        services.AddTransient<SIIVbG.Infrastructure.Referrals.ReferralOverdueJob>();
        services.AddSingleton<SIIVbG.Infrastructure.Attachments.AttachmentService>();
        services.AddSingleton<Seeder>();
        services.AddSingleton<SIIVbG.Infrastructure.Sgp.SgpImporter>();
        services.AddHttpClient(nameof(SIIVbG.Infrastructure.Sgp.SgpSource), c => c.Timeout = TimeSpan.FromMinutes(10));
        services.AddSingleton<SIIVbG.Infrastructure.Sgp.SgpSource>();
        services.AddSingleton<SIIVbG.Infrastructure.Sgp.SgpImportJob>();
        services.AddSingleton<SIIVbG.Infrastructure.Sgp.SgpAdministration>();
        services.AddSingleton<SIIVbG.Infrastructure.Sgp.ISgpImportQueue, SIIVbG.Infrastructure.Sgp.NoSgpImportQueue>();
        return services;
    }

    /// <summary>What a running web node adds: the change feed, Hangfire with its server and jobs, data-protection keys, health.</summary>
    public static IServiceCollection AddInfrastructureHostServices(this IServiceCollection services, IConfiguration configuration)
    {
        var cs = configuration.GetSiivbgConnectionString();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<SIIVbG.Infrastructure.Sgp.ISgpImportQueue, SIIVbG.Infrastructure.Sgp.HangfireSgpImportQueue>();
        services.AddSingleton<SIIVbG.Infrastructure.Jobs.ConnectionsOverview>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());

        services.AddDataProtection()
            .SetApplicationName("SIIVbG")
            .PersistKeysToDbContext<SiivbgDbContext>();

        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(cs), new PostgreSqlStorageOptions
            {
                SchemaName = DatabaseCommands.HangfireSchema,
                // The schema is installed by `migrate` with the owner's rights; the app role cannot create it.
                PrepareSchemaIfNecessary = false,
            }));
        services.AddHangfireServer(o =>
        {
            o.ServerName = configuration["Node:Name"] ?? Environment.MachineName;
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
        });
        services.AddTransient<HeartbeatJob>();
        services.AddHostedService<RecurringJobsRegistration>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("base-de-datos")
            .AddCheck<JobsHealthCheck>("trabajos");
        return services;
    }
}
