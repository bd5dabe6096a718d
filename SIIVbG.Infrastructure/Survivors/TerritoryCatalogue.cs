using Microsoft.EntityFrameworkCore;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

public sealed record ComunaOption(string Code, string Name, string RegionName);

/// <summary>The official territory (public catalogue data) for pickers.</summary>
public sealed class TerritoryCatalogue(IDbContextFactory<SiivbgDbContext> dbFactory)
{
    private IReadOnlyList<ComunaOption>? _comunas;

    public async Task<IReadOnlyList<ComunaOption>> ComunasAsync(CancellationToken ct = default)
    {
        if (_comunas is not null) return _comunas;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        _comunas = await (from c in db.Comunas join r in db.Regions on c.RegionCode equals r.Code
                          orderby c.Name select new ComunaOption(c.Code, c.Name, r.Name)).ToListAsync(ct);
        return _comunas;
    }

    public async Task<string?> CentreComunaAsync(string? centreCode, CancellationToken ct = default)
    {
        if (centreCode is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Centres.Where(c => c.Code == centreCode).Select(c => c.ComunaCode).SingleOrDefaultAsync(ct);
    }
}
