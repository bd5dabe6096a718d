using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

public static class OperatorAuditActions
{
    public const string Listed = "operator.listed";
    public const string Registered = "operator.registered";
    public const string AccessChanged = "operator.access-changed";
    public const string Deactivated = "operator.deactivated";
    public const string Reactivated = "operator.reactivated";
}

public sealed record OperatorRow(Guid Id, string Run, string GivenNames, string Surnames, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode,
    string? ScopeName, bool IsActive, DateTimeOffset? AgreementAcceptedAt, uint Version);

public sealed record RegisterOperator(string Run, string GivenNames, string Surnames, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode);

public sealed record ChangeOperatorAccess(Guid OperatorId, uint Version, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode);

/// <summary>
/// Registro de operadores/as (Panel de Administración): N2 registers operators by their RUN, changes their level and
/// scope, deactivates and reactivates them. A deactivated operator's open tabs lose access at the next revalidation
/// (one minute). Nobody deactivates or demotes herself (no lock-out by mistake). Every change is audited and announced.
/// </summary>
public sealed class OperatorAdministration(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, AccessGuard guard, TimeProvider clock)
{
    private const string EditedRecord = "este operador/a";

    public async Task<IReadOnlyList<OperatorRow>> ListAsync(SignedInOperator op, string? search = null, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.AdministerOperators, "operadores", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Operators.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            var run = Run.TryParse(text, out var parsed, out _) ? parsed.ToString() : null;
            q = q.Where(o => o.Run == run || EF.Functions.ILike(o.GivenNames + " " + o.Surnames, "%" + text.Replace("%", "") + "%"));
        }
        var rows = await q.OrderBy(o => o.Surnames).ThenBy(o => o.GivenNames).Take(500)
            .Select(o => new { Op = o, Version = EF.Property<uint>(o, "Version") }).ToListAsync(ct);
        var names = await ScopeNamesAsync(db, ct);
        await audit.AppendAsync(new AuditRecord(OperatorAuditActions.Listed, AuditOutcome.Allowed, op.Id, op.Run, Resource: "operadores",
            Details: JsonSerializer.Serialize(new { count = rows.Count, search = string.IsNullOrWhiteSpace(search) ? null : "…" })), ct);
        return rows.Select(r => new OperatorRow(r.Op.Id, r.Op.Run, r.Op.GivenNames, r.Op.Surnames, r.Op.Level, r.Op.ScopeKind, r.Op.ScopeCode,
            r.Op.ScopeCode is null ? null : names.GetValueOrDefault(r.Op.ScopeCode), r.Op.IsActive, r.Op.AgreementAcceptedAt, r.Version)).ToList();
    }

    public async Task<Guid> RegisterAsync(SignedInOperator op, RegisterOperator command, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.AdministerOperators, "operadores", ct);
        var run = Run.Parse(command.Run); // a clear Spanish message when it is not a valid RUN
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureScopeExistsAsync(db, command.ScopeKind, command.ScopeCode, ct);
        var created = Operator.Register(run, command.GivenNames, command.Surnames, command.Level, command.ScopeKind, command.ScopeCode, clock.GetUtcNow());
        db.Operators.Add(created);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DomainException("Ya existe un operador/a con ese RUN.");
        }
        await audit.AppendAsync(db, new AuditRecord(OperatorAuditActions.Registered, AuditOutcome.Allowed, op.Id, op.Run, Resource: $"operador/{created.Id}",
            Details: JsonSerializer.Serialize(new { run = created.Run, level = created.Level, scope = created.ScopeKind, code = created.ScopeCode })), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Operator, created.Id), ct);
        await tx.CommitAsync(ct);
        return created.Id;
    }

    public async Task ChangeAccessAsync(SignedInOperator op, ChangeOperatorAccess command, CancellationToken ct = default)
    {
        await ChangeAsync(op, command.OperatorId, command.Version, OperatorAuditActions.AccessChanged, async (db, target) =>
        {
            if (target.Id == op.Id) throw new DomainException("No puede cambiar su propio nivel o ámbito; pídalo a otra persona administradora.");
            await EnsureScopeExistsAsync(db, command.ScopeKind, command.ScopeCode, ct);
            target.ChangeAccess(command.Level, command.ScopeKind, command.ScopeCode);
            return new { level = command.Level, scope = command.ScopeKind, code = command.ScopeCode };
        }, ct);
    }

    public Task DeactivateAsync(SignedInOperator op, Guid operatorId, uint version, CancellationToken ct = default) =>
        ChangeAsync(op, operatorId, version, OperatorAuditActions.Deactivated, (_, target) =>
        {
            if (target.Id == op.Id) throw new DomainException("No puede desactivarse a sí misma; pídalo a otra persona administradora.");
            target.Deactivate();
            return Task.FromResult<object>(new { active = false });
        }, ct);

    public Task ReactivateAsync(SignedInOperator op, Guid operatorId, uint version, CancellationToken ct = default) =>
        ChangeAsync(op, operatorId, version, OperatorAuditActions.Reactivated, (_, target) =>
        {
            target.Reactivate();
            return Task.FromResult<object>(new { active = true });
        }, ct);

    private async Task ChangeAsync(SignedInOperator op, Guid operatorId, uint version, string action,
        Func<SiivbgDbContext, Operator, Task<object>> change, CancellationToken ct)
    {
        await guard.EnsureAsync(op, Capability.AdministerOperators, $"operador/{operatorId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Operators.SingleOrDefaultAsync(o => o.Id == operatorId, ct)
            ?? throw new DomainException("El operador/a ya no existe.");
        if (db.Entry(target).Property<uint>("Version").CurrentValue != version) throw new ConcurrentEditException(EditedRecord);
        db.Entry(target).Property<uint>("Version").OriginalValue = version;
        var details = await change(db, target);
        db.Entry(target).Property(o => o.RegisteredAt).IsModified = true;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException(EditedRecord); }
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, Resource: $"operador/{target.Id}",
            Details: JsonSerializer.Serialize(details)), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Operator, target.Id), ct);
        await tx.CommitAsync(ct);
    }

    private static async Task EnsureScopeExistsAsync(SiivbgDbContext db, ScopeKind kind, string? code, CancellationToken ct)
    {
        var exists = kind switch
        {
            ScopeKind.Nation => code is null,
            ScopeKind.Region => await db.Regions.AnyAsync(r => r.Code == code, ct),
            ScopeKind.ExecutingEntity => await db.ExecutingEntities.AnyAsync(e => e.Code == code, ct),
            ScopeKind.Centre => await db.Centres.AnyAsync(c => c.Code == code, ct),
            _ => false,
        };
        if (!exists) throw new DomainException("El código del ámbito no existe en el catálogo (región, ente ejecutor o centro).");
    }

    private static async Task<Dictionary<string, string>> ScopeNamesAsync(SiivbgDbContext db, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in await db.Regions.AsNoTracking().Select(r => new { r.Code, r.Name }).ToListAsync(ct)) names[r.Code] = r.Name;
        foreach (var e in await db.ExecutingEntities.AsNoTracking().Select(e => new { e.Code, e.Name }).ToListAsync(ct)) names[e.Code] = e.Name;
        foreach (var c in await db.Centres.AsNoTracking().Select(c => new { c.Code, c.Name }).ToListAsync(ct)) names[c.Code] = c.Name;
        return names;
    }
}
