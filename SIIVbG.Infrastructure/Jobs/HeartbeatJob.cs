using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Jobs;

/// <summary>A recurring job whose only work is to prove that jobs run: /health reads its last run.</summary>
public sealed class HeartbeatJob(IDbContextFactory<SiivbgDbContext> dbFactory, TimeProvider clock, IConfiguration configuration)
{
    public const string RecurringId = "latido";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var node = configuration["Node:Name"] ?? Environment.MachineName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO job_heartbeats (job, node, last_run_at) VALUES ({RecurringId}, {node}, {clock.GetUtcNow()})
            ON CONFLICT (job, node) DO UPDATE SET last_run_at = excluded.last_run_at
            """, ct);
    }

    public static async Task<DateTimeOffset?> LastRunAsync(SiivbgDbContext db, CancellationToken ct) =>
        await db.JobHeartbeats.Where(h => h.Job == RecurringId).MaxAsync(h => (DateTimeOffset?)h.LastRunAt, ct);
}

/// <summary>Registers the recurring jobs at start-up (idempotent: AddOrUpdate) and runs the heartbeat once at once.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<HeartbeatJob>(HeartbeatJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        // SGP exports at 02:00 (Chile); the import follows at 03:30. Without a source configured it finds nothing to do.
        recurring.AddOrUpdate<SIIVbG.Infrastructure.Sgp.SgpImportJob>(SIIVbG.Infrastructure.Sgp.SgpImportJob.RecurringId,
            j => j.RunAsync(CancellationToken.None), "30 3 * * *", new RecurringJobOptions { TimeZone = ChileTime() });
        recurring.AddOrUpdate<SIIVbG.Infrastructure.Audit.AuditVerificationJob>(SIIVbG.Infrastructure.Audit.AuditVerificationJob.RecurringId,
            j => j.RunAsync(CancellationToken.None), "0 5 * * *", new RecurringJobOptions { TimeZone = ChileTime() });
        recurring.AddOrUpdate<SIIVbG.Infrastructure.Referrals.ReferralOverdueJob>(SIIVbG.Infrastructure.Referrals.ReferralOverdueJob.RecurringId,
            j => j.RunAsync(CancellationToken.None), Cron.Hourly(), new RecurringJobOptions { TimeZone = ChileTime() });
        recurring.Trigger(HeartbeatJob.RecurringId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static TimeZoneInfo ChileTime()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("America/Santiago"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
