using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Catalogues;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Referrals;
using SIIVbG.Domain.Territory;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

public sealed record InstitutionRow(string Code, string Name, string Kind, bool Active);
public sealed record CentreRow(string Code, string Name, string Kind, string ExecutingEntityCode, string ComunaCode, string RegionCode);
public sealed record NewCentre(string Code, string Name, string Kind, string ExecutingEntityCode, string ComunaCode);
public sealed record ExecutingEntityRow(string Code, string Name, string RegionCode);
public sealed record CatalogueEntryRow(CatalogueKind Kind, string Code, string Name, bool Active, int? Bit, uint Version);

/// <summary>
/// Catalogues administrators maintain (Creación de nuevas funcionalidades): the institutions of the Ruta Crítica that
/// centres refer to, and the centres with their executing entity and comuna. Entries are never deleted — referrals and
/// cases point at them — institutions are deactivated instead. Also the executing entities, and the intervention and
/// violence types (ADR 024) that forms offer and the SGP import maps.
/// </summary>
public sealed class Catalogues(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, AccessGuard guard, CatalogueLookup lookup)
{
    public const string EntityAdded = "catalogue.entity-added";
    public const string EntryAdded = "catalogue.entry-added";
    public const string EntryChanged = "catalogue.entry-changed";

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

    public async Task<IReadOnlyList<ExecutingEntityRow>> ExecutingEntitiesAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ExecutingEntities.AsNoTracking().OrderBy(e => e.RegionCode).ThenBy(e => e.Name).Take(1000)
            .Select(e => new ExecutingEntityRow(e.Code, e.Name, e.RegionCode)).ToListAsync(ct);
    }

    public async Task AddExecutingEntityAsync(SignedInOperator op, string code, string name, string regionCode, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos/entes", ct);
        var normalised = CatalogueCode.Normalise(code);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) throw new DomainException("Indique el nombre del ente ejecutor (hasta 200 caracteres).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ExecutingEntities.AnyAsync(e => e.Code == normalised, ct)) throw new DomainException("Ya existe un ente ejecutor con ese código.");
        if (!await db.Regions.AnyAsync(r => r.Code == regionCode, ct)) throw new DomainException("La región no existe (use su código CUT, p. ej. 13).");
        db.ExecutingEntities.Add(new ExecutingEntity(normalised, name.Trim(), regionCode));
        await SaveAsync(db, op, EntityAdded, $"catalogos/entes/{normalised}", ct);
    }

    public async Task<IReadOnlyList<CatalogueEntryRow>> EntriesAsync(SignedInOperator op, CatalogueKind kind, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, "catalogos", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CatalogueEntries.AsNoTracking().Where(e => e.Kind == kind).OrderBy(e => e.Name)
            .Select(e => new { E = e, Version = EF.Property<uint>(e, "Version") }).ToListAsync(ct);
        return rows.Select(r => new CatalogueEntryRow(r.E.Kind, r.E.Code, r.E.Name, r.E.IsActive, r.E.Bit, r.Version)).ToList();
    }

    public async Task AddEntryAsync(SignedInOperator op, CatalogueKind kind, string code, string name, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, $"catalogos/{kind}", ct);
        if (!Enum.IsDefined(kind)) throw new DomainException("Catálogo desconocido.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two administrators adding violence types at once must not take the same flag.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('catalogue_entries'))", ct);
        var normalised = CatalogueEntry.NormaliseCode(code);
        if (await db.CatalogueEntries.AnyAsync(e => e.Kind == kind && e.Code == normalised, ct))
            throw new DomainException("Ya existe una entrada con ese código en el catálogo.");
        var entry = kind == CatalogueKind.ViolenceType
            ? CatalogueEntry.ViolenceType(normalised, name, await db.CatalogueEntries.Where(e => e.Kind == kind && e.Bit != null).Select(e => e.Bit!.Value).ToListAsync(ct))
            : CatalogueEntry.InterventionType(normalised, name);
        db.CatalogueEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(EntryAdded, AuditOutcome.Allowed, op.Id, op.Run, Resource: $"catalogos/{kind}/{entry.Code}",
            Details: entry.Name), ct);
        await tx.CommitAsync(ct);
        lookup.Forget();
    }

    /// <summary>Renames an entry and turns it on or off; a stale version is reported, not overwritten.</summary>
    public async Task ChangeEntryAsync(SignedInOperator op, CatalogueKind kind, string code, uint version, string name, bool active, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.ManageCatalogues, $"catalogos/{kind}/{code}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = await db.CatalogueEntries.SingleOrDefaultAsync(e => e.Kind == kind && e.Code == code, ct)
            ?? throw new DomainException("La entrada ya no existe en el catálogo.");
        db.ExpectVersion(entry, version, "esta entrada del catálogo");
        entry.Rename(name);
        if (active) entry.Reactivate(); else entry.Deactivate();
        if (kind == CatalogueKind.ViolenceType && !active
            && !await db.CatalogueEntries.AnyAsync(e => e.Kind == kind && e.IsActive && e.Code != code, ct))
            throw new DomainException("Debe quedar al menos un tipo de violencia activo.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException("esta entrada del catálogo"); }
        await audit.AppendAsync(db, new AuditRecord(EntryChanged, AuditOutcome.Allowed, op.Id, op.Run, Resource: $"catalogos/{kind}/{code}",
            Details: $"{entry.Name} · {(active ? "activa" : "inactiva")}"), ct);
        await tx.CommitAsync(ct);
        lookup.Forget();
    }

    private async Task SaveAsync(SiivbgDbContext db, SignedInOperator op, string action, string resource, CancellationToken ct, string? details = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, Resource: resource, Details: details), ct);
        await tx.CommitAsync(ct);
    }
}
