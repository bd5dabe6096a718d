using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Operators;

/// <summary>The operator's current standing, re-read at login, on each request and by circuit revalidation.</summary>
public sealed record OperatorStanding(
    Guid Id, string Run, string FullName, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode,
    bool IsActive, DateTimeOffset? AgreementAcceptedAt, AdminFunctions Functions = AdminFunctions.None)
{
    public SignedInOperator ToSignedIn() => new(Id, Run, Level, ScopeKind, ScopeCode, Functions);
}

public enum LoginDenial { Unregistered, Deactivated }

public sealed record LoginResolution(OperatorStanding? Operator, LoginDenial? Denial)
{
    public bool Allowed => Operator is not null;
}

/// <summary>Operators' full names by id, for showing who did what (operators are staff, not survivors).</summary>
public static class OperatorNames
{
    public static async Task<Dictionary<Guid, string>> ByIdAsync(SiivbgDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        return await db.Operators.AsNoTracking().Where(o => wanted.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.GivenNames + " " + o.Surnames, ct);
    }
}

/// <summary>Maps a ClaveÚnica-certified RUN to an operator and keeps the login trail.</summary>
public sealed class OperatorDirectory(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    public async Task<LoginResolution> ResolveLoginAsync(Run run, CancellationToken ct = default)
    {
        var standing = await FindAsync(o => o.Run == run.ToString(), ct);
        if (standing is null)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.LoginDenied, AuditOutcome.Denied,
                OperatorRun: run.ToString(), Reason: "RUN no registrado"), ct);
            return new LoginResolution(null, LoginDenial.Unregistered);
        }
        if (!standing.IsActive)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.LoginDenied, AuditOutcome.Denied,
                standing.Id, standing.Run, Reason: "Operador/a desactivado"), ct);
            return new LoginResolution(null, LoginDenial.Deactivated);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.Login, AuditOutcome.Allowed, standing.Id, standing.Run), ct);
        return new LoginResolution(standing, null);
    }

    public Task<OperatorStanding?> GetStandingAsync(Guid operatorId, CancellationToken ct = default) =>
        FindAsync(o => o.Id == operatorId, ct);

    public async Task<OperatorStanding> AcceptAgreementAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two tabs accepting at once: the second waits for the first, then sees the date and changes nothing.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM operators WHERE id = {op.Id} FOR UPDATE", ct);
        var entity = await db.Operators.SingleOrDefaultAsync(o => o.Id == op.Id, ct);
        if (entity is null || !entity.IsActive)
        {
            await audit.AppendAsync(db, new AuditRecord(AuditActions.AccessDenied, AuditOutcome.Denied, op.Id, op.Run,
                Resource: "acuerdo-confidencialidad"), ct);
            await tx.CommitAsync(ct);
            throw new AccessDeniedException();
        }
        var firstTime = entity.AgreementAcceptedAt is null;
        entity.AcceptAgreement(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        if (firstTime)
            await audit.AppendAsync(db, new AuditRecord(AuditActions.AgreementAccepted, AuditOutcome.Allowed, op.Id, op.Run), ct);
        await tx.CommitAsync(ct);
        return ToStanding(entity);
    }

    public Task RecordLogoutAsync(SignedInOperator op, CancellationToken ct = default) =>
        audit.AppendAsync(new AuditRecord(AuditActions.Logout, AuditOutcome.Allowed, op.Id, op.Run), ct);

    private async Task<OperatorStanding?> FindAsync(System.Linq.Expressions.Expression<Func<Operator, bool>> predicate, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Operators.AsNoTracking().SingleOrDefaultAsync(predicate, ct);
        return entity is null ? null : ToStanding(entity);
    }

    private static OperatorStanding ToStanding(Operator o) =>
        new(o.Id, o.Run, o.FullName, o.Level, o.ScopeKind, o.ScopeCode, o.IsActive, o.AgreementAcceptedAt, o.Functions);
}
