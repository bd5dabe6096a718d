using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SIIVbG.Infrastructure.Jobs;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Health;

internal sealed class DatabaseHealthCheck(IDbContextFactory<SiivbgDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Sin conexión a la base de datos");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Sin conexión a la base de datos", ex);
        }
    }
}

/// <summary>Healthy when a Hangfire server is alive on the storage; degraded when the heartbeat job has not run lately.</summary>
internal sealed class JobsHealthCheck(JobStorage storage, IDbContextFactory<SiivbgDbContext> dbFactory, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            var now = clock.GetUtcNow().UtcDateTime;
            if (!servers.Any(s => s.Heartbeat is { } beat && now - beat < TimeSpan.FromMinutes(2)))
                return HealthCheckResult.Unhealthy("Ningún servidor de trabajos activo");
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var last = await HeartbeatJob.LastRunAsync(db, ct);
            return last is { } at && clock.GetUtcNow() - at < TimeSpan.FromMinutes(3)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded("El trabajo de latido no se ha ejecutado recientemente");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Almacenamiento de trabajos inaccesible", ex);
        }
    }
}
