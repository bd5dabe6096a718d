using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Features;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

public sealed record ModuleState(Module Module, bool Enabled, DateTimeOffset? UpdatedAt);

/// <summary>
/// Feature switches: N2 turns modules off and on without a deploy; the module's services refuse to work while it is off
/// (the pages only say so). Each node keeps the switches for a few seconds and forgets them at once when it changes one.
/// </summary>
public sealed class FeatureSwitches(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, AccessGuard guard, TimeProvider clock)
{
    public const string SwitchedAction = "feature.switched";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Module, (bool Enabled, DateTimeOffset Until)> _cache = new();

    public async Task<bool> IsEnabledAsync(Module module, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(module, out var hit) && hit.Until > now) return hit.Enabled;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enabled = await db.FeatureSwitches.AsNoTracking().Where(f => f.Module == module).Select(f => (bool?)f.Enabled).SingleOrDefaultAsync(ct) ?? true;
        _cache[module] = (enabled, now + CacheFor);
        return enabled;
    }

    /// <summary>Throws the Spanish message the module's pages show when it is off.</summary>
    public async Task EnsureEnabledAsync(Module module, CancellationToken ct = default)
    {
        if (!await IsEnabledAsync(module, ct))
            throw new DomainException($"El módulo de {Name(module)} está desactivado por la administración del sistema.");
    }

    public async Task<IReadOnlyList<ModuleState>> ListAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "funcionalidades", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.FeatureSwitches.AsNoTracking().ToDictionaryAsync(f => f.Module, ct);
        return Enum.GetValues<Module>().Select(m => rows.TryGetValue(m, out var f) ? new ModuleState(m, f.Enabled, f.UpdatedAt) : new ModuleState(m, true, null)).ToList();
    }

    public async Task SetAsync(SignedInOperator op, Module module, bool enabled, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, $"funcionalidades/{module}", ct);
        if (!Enum.IsDefined(module)) throw new DomainException("Módulo desconocido.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var row = await db.FeatureSwitches.SingleOrDefaultAsync(f => f.Module == module, ct);
        if (row is null) db.FeatureSwitches.Add(new FeatureSwitch(module, enabled, now, op.Id));
        else row.Set(enabled, now, op.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(SwitchedAction, AuditOutcome.Allowed, op.Id, op.Run, Resource: $"funcionalidades/{module}",
            Details: enabled ? "on" : "off"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.FeatureSwitch), ct);
        await tx.CommitAsync(ct);
        _cache.Clear();
    }

    public static string Name(Module module) => module switch
    {
        Module.Referrals => "derivaciones",
        Module.WaitingLists => "listas de espera",
        Module.AccessRequests => "solicitudes de acceso",
        Module.SgpImport => "importación SGP",
        _ => module.ToString(),
    };
}
