using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Sgp;

namespace SIIVbG.Infrastructure.Jobs;

public sealed record ConnectorStatus(string Name, string Target, string Status, DateTimeOffset? LastRun, string? Detail);

public sealed record JobStatus(string Id, string Cron, DateTime? LastExecution, string? LastState, DateTime? NextExecution, string? Error);

public sealed record ConnectionsView(IReadOnlyList<ConnectorStatus> Connectors, IReadOnlyList<JobStatus> Jobs);

/// <summary>
/// The APIs y conexiones page (N2): the external connectors the portal uses and the scheduled jobs, with their last run,
/// state and last error, read from their own records (Hangfire's storage, the SGP runs).
/// </summary>
public sealed class ConnectionsOverview(JobStorage storage, IConfiguration configuration, SgpSource sgp, IDbContextFactory<SiivbgDbContext> dbFactory,
    AccessGuard access)
{
    public async Task<ConnectionsView> GetAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ViewJobsDashboard, "conexiones", ct);
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs()
            .Select(j => new JobStatus(j.Id, j.Cron, j.LastExecution, j.LastJobState, j.NextExecution, j.Error))
            .OrderBy(j => j.Id, StringComparer.Ordinal).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastImport = await db.SgpImportRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        var connectors = new List<ConnectorStatus>
        {
            new("ClaveÚnica (OpenID Connect)", configuration["ClaveUnica:Authority"] ?? "—",
                configuration["ClaveUnica:Authority"] is null ? "sin configurar" : "configurado", null, null),
            new("SGP — snapshot nocturno", sgp.Location ?? "—",
                sgp.Location is null ? "sin configurar" : lastImport?.Status ?? "sin corridas", lastImport?.FinishedAt, lastImport?.Reason),
        };
        return new ConnectionsView(connectors, jobs);
    }
}
