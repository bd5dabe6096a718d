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
    public const string ChangeRequested = "operator.change-requested";
    public const string ChangeApplied = "operator.change-applied";
    public const string ChangeRejected = "operator.change-rejected";
    public const string FunctionsAssigned = "operator.functions-assigned";
}

public sealed record RequestOperatorAddition(string Run, string GivenNames, string Surnames, AccessLevel Level, string CentreCode, string Reason);

public sealed record OperatorChangeRow(Guid Id, OperatorChangeKind Kind, OperatorChangeState State, string RequestedByName, DateTimeOffset RequestedAt,
    string Reason, string Subject, AccessLevel Level, string CentreCode, string? DecisionReason, uint Version);

/// <summary>An operator a head may ask to remove: her centre's (N5) or her entity's (N4) N6/N5.</summary>
public sealed record RemovableOperator(Guid Id, string Name, AccessLevel Level, string CentreCode);

public sealed record OperatorRow(Guid Id, string Run, string GivenNames, string Surnames, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode,
    string? ScopeName, bool IsActive, DateTimeOffset? AgreementAcceptedAt, uint Version, AdminFunctions Functions = AdminFunctions.None);

public sealed record RegisterOperator(string Run, string GivenNames, string Surnames, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode);

public sealed record ChangeOperatorAccess(Guid OperatorId, uint Version, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode);

/// <summary>
/// Registro de operadores/as (Panel de Administración): N2 registers operators by their RUN, changes their level and
/// scope, deactivates and reactivates them. A deactivated operator's open tabs lose access at the next revalidation
/// (one minute). Nobody deactivates or demotes herself (no lock-out by mistake). Every change is audited and announced.
/// Administrators (N2) are registered, changed, deactivated and given functions by the IT head alone (ADR 023): an N2
/// with the operators function cannot make an administrator, nor widen anyone's administration rights.
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
            r.Op.ScopeCode is null ? null : names.GetValueOrDefault(r.Op.ScopeCode), r.Op.IsActive, r.Op.AgreementAcceptedAt, r.Version,
            r.Op.Functions)).ToList();
    }

    public async Task<Guid> RegisterAsync(SignedInOperator op, RegisterOperator command, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.AdministerOperators, "operadores", ct);
        if (command.Level == AccessLevel.N2) await guard.EnsureAsync(op, Capability.AssignAdminFunctions, "operadores/administradores", ct);
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
            if (command.Level == AccessLevel.N2) await EnsureItHeadAsync(op, target.Id, ct);
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

    /// <summary>N5/N4 ask for an addition; N2 applies it later (or rejects it).</summary>
    public async Task<Guid> RequestAdditionAsync(SignedInOperator op, RequestOperatorAddition command, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.RequestOperatorChanges, "operadores/solicitudes", ct);
        var run = Run.Parse(command.Run);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await CentreEntityAsync(db, command.CentreCode, ct);
        var request = OperatorChangeRequest.RequestAddition(op, run, command.GivenNames, command.Surnames, command.Level, command.CentreCode,
            entity, command.Reason, clock.GetUtcNow());
        return await SaveRequestAsync(db, op, request, ct);
    }

    public async Task<Guid> RequestRemovalAsync(SignedInOperator op, Guid operatorId, string reason, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.RequestOperatorChanges, "operadores/solicitudes", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Operators.AsNoTracking().SingleOrDefaultAsync(o => o.Id == operatorId && o.ScopeKind == ScopeKind.Centre, ct)
            ?? throw new DomainException("Esa persona no trabaja en un centro.");
        var entity = await CentreEntityAsync(db, target.ScopeCode!, ct);
        var request = OperatorChangeRequest.RequestRemoval(op, target.Id, target.Level, target.ScopeCode!, entity, reason, clock.GetUtcNow());
        return await SaveRequestAsync(db, op, request, ct);
    }

    /// <summary>Who this head may ask to remove: active N6 of her centre (N5), active N5/N6 of her entity's centres (N4).</summary>
    public async Task<IReadOnlyList<RemovableOperator>> RemovableAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.RequestOperatorChanges, "operadores/solicitudes", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var centres = await db.Centres.AsNoTracking().Select(c => new { c.Code, c.ExecutingEntityCode }).ToDictionaryAsync(c => c.Code, c => c.ExecutingEntityCode, ct);
        var candidates = await db.Operators.AsNoTracking().Where(o => o.IsActive && o.ScopeKind == ScopeKind.Centre && o.Id != op.Id).ToListAsync(ct);
        return candidates.Where(o => centres.TryGetValue(o.ScopeCode!, out var entity) && OperatorChangeRequest.MayRequest(op, o.Level, o.ScopeCode!, entity))
            .OrderBy(o => o.Surnames).Select(o => new RemovableOperator(o.Id, o.FullName, o.Level, o.ScopeCode!)).ToList();
    }

    /// <summary>N2: every pending request; N4/N5: their own requests, newest first.</summary>
    public async Task<IReadOnlyList<OperatorChangeRow>> ChangeRequestsAsync(SignedInOperator op, CancellationToken ct = default)
    {
        var administrator = AccessPolicy.Can(op, Capability.AdministerOperators);
        if (!administrator) await guard.EnsureAsync(op, Capability.RequestOperatorChanges, "operadores/solicitudes", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.OperatorChangeRequests.AsNoTracking();
        q = administrator ? q.Where(r => r.State == OperatorChangeState.Pending) : q.Where(r => r.RequestedBy == op.Id);
        var rows = await q.OrderByDescending(r => r.RequestedAt).Take(200).Select(r => new { R = r, Version = EF.Property<uint>(r, "Version") }).ToListAsync(ct);
        var ids = rows.Select(r => r.R.RequestedBy).Concat(rows.Where(r => r.R.OperatorId != null).Select(r => r.R.OperatorId!.Value)).Distinct().ToArray();
        var names = await OperatorNames.ByIdAsync(db, ids, ct);
        return rows.Select(x => new OperatorChangeRow(x.R.Id, x.R.Kind, x.R.State, names.GetValueOrDefault(x.R.RequestedBy, "—"), x.R.RequestedAt,
            x.R.Reason, x.R.Kind == OperatorChangeKind.Add ? $"{x.R.GivenNames} {x.R.Surnames} ({Run.Parse(x.R.Run).ToDisplay()})"
                : names.GetValueOrDefault(x.R.OperatorId!.Value, "—"),
            x.R.Level, x.R.CentreCode, x.R.DecisionReason, x.Version)).ToList();
    }

    /// <summary>N2 applies a request: registers the new operator, or deactivates the one to remove.</summary>
    public async Task ApplyChangeAsync(SignedInOperator op, Guid requestId, uint version, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.AdministerOperators, $"operadores/solicitudes/{requestId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadRequestAsync(db, requestId, version, ct);
        var now = clock.GetUtcNow();
        Guid subject;
        if (request.Kind == OperatorChangeKind.Add)
        {
            if (await db.Operators.AnyAsync(o => o.Run == request.Run, ct)) throw new DomainException("Ya existe un operador/a con ese RUN.");
            var created = Operator.Register(Run.Parse(request.Run), request.GivenNames!, request.Surnames!, request.Level, ScopeKind.Centre, request.CentreCode, now);
            db.Operators.Add(created);
            subject = created.Id;
        }
        else
        {
            var target = await db.Operators.SingleAsync(o => o.Id == request.OperatorId, ct);
            target.Deactivate();
            subject = target.Id;
        }
        request.MarkDone(op.Id, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException("esta solicitud"); }
        await audit.AppendAsync(db, new AuditRecord(OperatorAuditActions.ChangeApplied, AuditOutcome.Allowed, op.Id, op.Run, Resource: $"operador/{subject}",
            Details: JsonSerializer.Serialize(new { request = request.Id, kind = request.Kind })), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Operator, subject), ct);
        await tx.CommitAsync(ct);
    }

    public async Task RejectChangeAsync(SignedInOperator op, Guid requestId, uint version, string reason, CancellationToken ct = default)
    {
        await guard.EnsureAsync(op, Capability.AdministerOperators, $"operadores/solicitudes/{requestId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await LoadRequestAsync(db, requestId, version, ct);
        request.Reject(op.Id, reason, clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException("esta solicitud"); }
        await audit.AppendAsync(db, new AuditRecord(OperatorAuditActions.ChangeRejected, AuditOutcome.Allowed, op.Id, op.Run,
            Resource: $"operadores/solicitudes/{request.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Operator, request.Id), ct);
        await tx.CommitAsync(ct);
    }

    private async Task<Guid> SaveRequestAsync(SiivbgDbContext db, SignedInOperator op, OperatorChangeRequest request, CancellationToken ct)
    {
        db.OperatorChangeRequests.Add(request);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(OperatorAuditActions.ChangeRequested, AuditOutcome.Allowed, op.Id, op.Run,
            Resource: $"operadores/solicitudes/{request.Id}", Details: JsonSerializer.Serialize(new { kind = request.Kind, level = request.Level, centre = request.CentreCode })), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Operator, request.Id), ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }

    private static async Task<OperatorChangeRequest> LoadRequestAsync(SiivbgDbContext db, Guid requestId, uint version, CancellationToken ct)
    {
        var request = await db.OperatorChangeRequests.SingleOrDefaultAsync(r => r.Id == requestId, ct) ?? throw new DomainException("La solicitud ya no existe.");
        db.ExpectVersion(request, version, "esta solicitud");
        return request;
    }

    private static async Task<string> CentreEntityAsync(SiivbgDbContext db, string centreCode, CancellationToken ct) =>
        await db.Centres.Where(c => c.Code == centreCode).Select(c => c.ExecutingEntityCode).SingleOrDefaultAsync(ct)
        ?? throw new DomainException("El centro no existe en el catálogo.");

    /// <summary>The IT head sets an administrator's functions (none to all); nobody sets her own.</summary>
    public Task AssignFunctionsAsync(SignedInOperator op, Guid operatorId, uint version, AdminFunctions functions, CancellationToken ct = default) =>
        ChangeAsync(op, operatorId, version, OperatorAuditActions.FunctionsAssigned, async (_, target) =>
        {
            await EnsureItHeadAsync(op, target.Id, ct);
            if (target.Id == op.Id) throw new DomainException("No puede cambiar sus propias funciones; pídalo a otra jefatura TI.");
            target.AssignFunctions(functions);
            return new { functions = target.Functions.ToString() };
        }, ct, functions: true);

    private Task EnsureItHeadAsync(SignedInOperator op, Guid targetId, CancellationToken ct) =>
        guard.EnsureAsync(op, Capability.AssignAdminFunctions, $"operador/{targetId}", ct);

    private async Task ChangeAsync(SignedInOperator op, Guid operatorId, uint version, string action,
        Func<SiivbgDbContext, Operator, Task<object>> change, CancellationToken ct, bool functions = false)
    {
        // Functions are the IT head's; every other change needs the operators function (and the IT head for an administrator).
        await guard.EnsureAsync(op, functions ? Capability.AssignAdminFunctions : Capability.AdministerOperators, $"operador/{operatorId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Operators.SingleOrDefaultAsync(o => o.Id == operatorId, ct)
            ?? throw new DomainException("El operador/a ya no existe.");
        db.ExpectVersion(target, version, EditedRecord);
        if (target.Level == AccessLevel.N2) await EnsureItHeadAsync(op, target.Id, ct);
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
