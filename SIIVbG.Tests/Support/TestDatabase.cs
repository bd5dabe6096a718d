using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Infrastructure;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL database per test, cloned from a template that was migrated and seeded once per run.
/// The server comes from SIIVBG_TEST_DB (set by `./siivbg test`), else SIIVBG_DB; it must allow CREATE DATABASE.
/// The app connects as a restricted role, exactly as in production; the owner string is for schema-level checks.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string AppRole = "siivbg_test_app";
    private const string AppPassword = "siivbg_test_app";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..10];

    public string Name { get; }
    public string OwnerConnectionString { get; }
    public string AppConnectionString { get; }

    private TestDatabase(string name)
    {
        Name = name;
        OwnerConnectionString = WithDatabase(ServerConnectionString, name);
        AppConnectionString = new NpgsqlConnectionStringBuilder(OwnerConnectionString)
        {
            Username = AppRole,
            Password = AppPassword,
        }.ConnectionString;
    }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("SIIVBG_TEST_DB")
        ?? Environment.GetEnvironmentVariable("SIIVBG_DB")
        ?? throw new InvalidOperationException(
            "Tests need a PostgreSQL server: run them with `./siivbg test`, or set SIIVBG_TEST_DB to a connection string that may CREATE DATABASE.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = $"siivbg_t_{Guid.NewGuid():N}"[..40];
        await ExecuteOnServerAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return new TestDatabase(name);
    }

    /// <summary>Services as a web node would have them, against this database, connected as the app role.</summary>
    public ServiceProvider CreateServices(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = AppConnectionString,
        };
        if (settings is not null) foreach (var (k, v) in settings) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddInfrastructureServices(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async Task<NpgsqlConnection> OpenOwnerConnectionAsync()
    {
        var conn = new NpgsqlConnection(OwnerConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task<NpgsqlConnection> OpenAppConnectionAsync()
    {
        var conn = new NpgsqlConnection(AppConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)"); }
        catch (NpgsqlException) { /* the throwaway cluster goes away with the run anyway */ }
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        if (_templateName is not null) return _templateName;
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateName is not null) return _templateName;
            var name = $"siivbg_tpl_{RunId}";
            await ExecuteOnServerAsync($"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN
                    CREATE ROLE {AppRole} LOGIN PASSWORD '{AppPassword}';
                  END IF;
                END $$;
                """);
            await ExecuteOnServerAsync($"CREATE DATABASE {name}");
            var owner = WithDatabase(ServerConnectionString, name);
            await DatabaseCommands.MigrateAsync(owner, AppRole);

            var options = new DbContextOptionsBuilder<SiivbgDbContext>();
            DependencyInjection.ConfigureDbContext(options, owner);
            var factory = new PooledFactory(options.Options);
            await new Seeder(factory, TimeProvider.System).SeedDemoAsync();

            NpgsqlConnection.ClearAllPools();
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult(); }
                catch (NpgsqlException) { }
            };
            _templateName = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(WithDatabase(ServerConnectionString, "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed class PooledFactory(DbContextOptions<SiivbgDbContext> options) : IDbContextFactory<SiivbgDbContext>
    {
        public SiivbgDbContext CreateDbContext() => new(options);
    }
}
