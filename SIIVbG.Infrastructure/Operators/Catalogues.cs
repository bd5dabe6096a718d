using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Referrals;
using SIIVbG.Domain.Territory;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

public sealed record InstitutionRow(string Code, string Name, string Kind, bool Active);
public sealed record CentreRow(string Code, string Name, string Kind, string ExecutingEntityCode, string ComunaCode, string RegionCode);
public sealed record NewCentre(string Code, string Name, string Kind, string ExecutingEntityCode, string ComunaCode);

/// <summary>
/// Catalogues administrators maintain (Creación de nuevas funcionalidades): the institutions of the Ruta Crítica that
/// centres refer to, and the centres with their executing entity and comuna. Entries are never deleted — referrals and
/// cases point at them — institutions are deactivated instead.
/// </summary>
public sealed class Catalogues(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, AccessGuard guard)
{
    public const string InstitutionAdded = "catalogue.institution-added";
    public const string InstitutionSwitched = "catalogue.institution-switched";
    public const string CentreAdded = "catalogue.centre-added";

    public async Task<IReadOnlyList<InstitutionRow>> InstitutionsAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Institutions.AsNoTracking().OrderBy(i => i.Name).Select(i => new InstitutionRow(i.Code, i.Name, i.Kind, i.Active)).ToListAsync(ct);
    }

    public async Task AddInstitutionAsync(SignedInOperator op, string code, string name, string kind, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos/instituciones", ct);
        var institution = Institution.Create(code, name, kind);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Institutions.AnyAsync(i => i.Code == institution.Code, ct)) throw new DomainException("Ya existe una institución con ese código.");
        db.Institutions.Add(institution);
        await SaveAsync(db, op, InstitutionAdded, $"catalogos/instituciones/{institution.Code}", ct);
    }

    public async Task SetInstitutionActiveAsync(SignedInOperator op, string code, bool active, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos/instituciones", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var institution = await db.Institutions.SingleOrDefaultAsync(i => i.Code == code, ct) ?? throw new DomainException("La institución no existe.");
        institution.SetActive(active);
        await SaveAsync(db, op, InstitutionSwitched, $"catalogos/instituciones/{code}", ct, active ? "on" : "off");
    }

    public async Task<IReadOnlyList<CentreRow>> CentresAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Centres.AsNoTracking().OrderBy(c => c.RegionCode).ThenBy(c => c.Name).Take(1000)
            .Select(c => new CentreRow(c.Code, c.Name, c.Kind, c.ExecutingEntityCode, c.ComunaCode, c.RegionCode)).ToListAsync(ct);
    }

    public async Task AddCentreAsync(SignedInOperator op, NewCentre centre, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos/centros", ct);
        var code = CatalogueCode.Normalise(centre.Code);
        if (string.IsNullOrWhiteSpace(centre.Name) || string.IsNullOrWhiteSpace(centre.Kind)) throw new DomainException("Indique nombre y tipo del centro.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Centres.AnyAsync(c => c.Code == code, ct)) throw new DomainException("Ya existe un centro con ese código.");
        if (!await db.ExecutingEntities.AnyAsync(e => e.Code == centre.ExecutingEntityCode, ct)) throw new DomainException("El ente ejecutor no existe.");
        var comuna = await db.Comunas.SingleOrDefaultAsync(c => c.Code == centre.ComunaCode, ct)
            ?? throw new DomainException("La comuna no existe (use su código CUT, p. ej. 13101).");
        db.Centres.Add(new Centre(code, centre.Name.Trim(), centre.Kind.Trim(), centre.ExecutingEntityCode, comuna.Code, comuna.RegionCode));
        await SaveAsync(db, op, CentreAdded, $"catalogos/centros/{code}", ct);
    }

    private async Task SaveAsync(SiivbgDbContext db, SignedInOperator op, string action, string resource, CancellationToken ct, string? details = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, Resource: resource, Details: details), ct);
        await tx.CommitAsync(ct);
    }
}
