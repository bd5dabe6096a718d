using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Catalogues;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

/// <summary>The intervention and violence type catalogues as forms, files and the SGP import read them (not personal data).</summary>
public sealed class CatalogueSnapshot(IReadOnlyList<CatalogueEntry> entries)
{
    private readonly Dictionary<string, CatalogueEntry> _interventions = entries.Where(e => e.Kind == CatalogueKind.InterventionType)
        .ToDictionary(e => e.Code, StringComparer.Ordinal);
    private readonly CatalogueEntry[] _violence = entries.Where(e => e.Kind == CatalogueKind.ViolenceType && e.Bit is not null)
        .OrderBy(e => e.Bit).ToArray();

    /// <summary>Violence types a new episode may use, in form order.</summary>
    public IReadOnlyList<CatalogueEntry> ActiveViolenceTypes => _violence.Where(e => e.IsActive).ToArray();

    public IReadOnlyList<CatalogueEntry> ActiveInterventionTypes => _interventions.Values.Where(e => e.IsActive).OrderBy(e => e.Name).ToArray();

    /// <summary>The names of an episode's types, in catalogue order; a flag without an entry shows as its number.</summary>
    public string ViolenceNames(ViolenceTypes types)
    {
        var names = _violence.Where(e => ((int)types & e.Bit!.Value) != 0).Select(e => e.Name).ToList();
        var unknown = (int)types & ~_violence.Aggregate(0, (all, e) => all | e.Bit!.Value);
        if (unknown != 0) names.Add($"tipo {unknown}");
        return string.Join(", ", names);
    }

    public string InterventionName(string code) => _interventions.TryGetValue(code, out var e) ? e.Name : code;

    /// <summary>The flag of an SGP violence code, active or not (history keeps its meaning), or null when unknown.</summary>
    public ViolenceTypes? ViolenceTypeOf(string code) =>
        _violence.FirstOrDefault(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase)) is { } e ? (ViolenceTypes)e.Bit!.Value : null;

    /// <summary>New episodes only use active types of the catalogue.</summary>
    public void EnsureUsable(ViolenceTypes types)
    {
        var active = ActiveViolenceTypes.Aggregate(0, (all, e) => all | e.Bit!.Value);
        if (((int)types & ~active) != 0) throw new DomainException("El tipo de violencia no es válido o fue desactivado en el catálogo.");
    }
}

/// <summary>Each node keeps the catalogues for 30 seconds; the node that changes one forgets at once (like the switches).</summary>
public sealed class CatalogueLookup(IDbContextFactory<SiivbgDbContext> dbFactory, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private (CatalogueSnapshot Snapshot, DateTimeOffset Until)? _cached;

    public async Task<CatalogueSnapshot> CurrentAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } hit && hit.Until > now) return hit.Snapshot;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var snapshot = new CatalogueSnapshot(await db.CatalogueEntries.AsNoTracking().ToListAsync(ct));
        _cached = (snapshot, now + CacheFor);
        return snapshot;
    }

    public void Forget() => _cached = null;
}
