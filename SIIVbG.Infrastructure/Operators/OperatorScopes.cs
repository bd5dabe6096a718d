using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

/// <summary>Names the region, executing entity or centre an operator works for (catalogue data, no personal data).</summary>
public sealed class OperatorScopes(IDbContextFactory<SiivbgDbContext> dbFactory)
{
    public async Task<string?> DescribeAsync(ScopeKind kind, string? code, CancellationToken ct = default)
    {
        if (code is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return kind switch
        {
            ScopeKind.Region => await db.Regions.Where(r => r.Code == code).Select(r => r.Name).SingleOrDefaultAsync(ct),
            ScopeKind.ExecutingEntity => await db.ExecutingEntities.Where(e => e.Code == code).Select(e => e.Name).SingleOrDefaultAsync(ct),
            ScopeKind.Centre => await db.Centres.Where(c => c.Code == code).Select(c => c.Name).SingleOrDefaultAsync(ct),
            _ => null,
        };
    }
}
