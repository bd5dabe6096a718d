using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Infrastructure.Health;
using SIIVbG.Infrastructure.Jobs;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Jobs")]
public sealed class JobsHealthCheckTests
{
    private static PostgreSqlStorage Storage(TestDatabase db)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = DatabaseCommands.HangfireSchema, PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(db.AppConnectionString, options), options);
    }

    private static async Task<HealthCheckResult> CheckAsync(IServiceProvider services, PostgreSqlStorage storage, TimeProvider clock) =>
        await new JobsHealthCheck(storage, services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>(), clock)
            .CheckHealthAsync(new HealthCheckContext());

    private static async Task BeatAsync(TestDatabase db, DateTimeOffset at)
    {
        var clock = new ManualClock(at);
        await using var node = db.CreateServices(s => s.AddSingleton<TimeProvider>(clock).AddTransient<HeartbeatJob>(),
            new Dictionary<string, string?> { ["Node:Name"] = "nodo-a" });
        await node.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Check_IsUnhealthy_WhenNoJobServerIsAlive()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var now = DateTimeOffset.UtcNow;
        await BeatAsync(db, now);

        var result = await CheckAsync(services, Storage(db), new ManualClock(now));

        Assert.Equal((HealthStatus.Unhealthy, "Ningún servidor de trabajos activo"), (result.Status, result.Description));
    }

    [Fact]
    public async Task Check_IsHealthyWithARecentHeartbeat_AndDegradedWithAStaleOne()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var storage = Storage(db);
        using (var connection = storage.GetConnection())
            connection.AnnounceServer("nodo-a:1", new ServerContext { Queues = ["default"], WorkerCount = 1 });
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(services, storage, new ManualClock(now))).Status);

        await BeatAsync(db, now.AddMinutes(-4));
        var stale = await CheckAsync(services, storage, new ManualClock(now));
        Assert.Equal((HealthStatus.Degraded, "El trabajo de latido no se ha ejecutado recientemente"), (stale.Status, stale.Description));

        await BeatAsync(db, now.AddMinutes(-1));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(services, storage, new ManualClock(now))).Status);
    }
}
