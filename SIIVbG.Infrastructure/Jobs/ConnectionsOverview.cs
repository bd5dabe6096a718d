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
    AccessGuard access, Registries.RegistryStatusBoard registries, Microsoft.Extensions.Options.IOptions<Registries.RegistriesOptions> registryOptions)
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
        var o = registryOptions.Value;
        foreach (var (key, name, url) in new[]
                 {
                     ("registro-civil", "Registro Civil (identidad y estado vital)", o.RegistroCivilUrl),
                     ("rsh", "Registro Social de Hogares", o.RshUrl), ("ris", "Registro de Información Social (beneficios)", o.RisUrl),
                 })
        {
            var last = registries.Last(key);
            var status = !o.Enabled || string.IsNullOrWhiteSpace(url) ? "deshabilitado"
                : last is null ? "sin consultas en este nodo"
                : last.Value.Outcome == Registries.RegistryOutcome.Unavailable ? "no responde" : "disponible";
            connectors.Add(new ConnectorStatus(name, url ?? "—", status, last?.At, last?.Detail));
        }
        return new ConnectionsView(connectors, jobs);
    }
}
