using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>What a caseworker does to her centre's case: move it along its life cycle, estimate risk.</summary>
public enum CaseStep { Admit, StartIntervention, Discharge, StartFollowUp, RecordDropout, Close }

public sealed record CaseTransition(Guid CaseId, uint Version, CaseStep Step, string? Reason);

public sealed record RecordServiceGiven(Guid CaseId, uint Version, string Description, bool InGuidelines, DateOnly GivenOn);

public sealed record ServiceGivenRow(Guid CaseId, string CaseNumber, string CentreCode, string Description, bool InGuidelines, DateOnly GivenOn,
    string RecordedByName);

/// <summary>Case life cycle from the file. The domain refuses illegal moves; the policy keeps each case to its own centre.</summary>
public sealed class CaseService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts)
{
    public const string CaseTransitioned = "case.transitioned";
    public const string RiskRecorded = "case.risk-recorded";
    public const string ServiceRecorded = "case.service-recorded";
    public const string ServicesRead = "case.services-read";

    /// <summary>Records a service given in one of her cases at the operator's centre (open, not final).</summary>
    public async Task RecordServiceGivenAsync(SignedInOperator op, RecordServiceGiven command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var @case = await LoadEditableAsync(db, op, command.CaseId, command.Version, ct);
        var now = clock.GetUtcNow();
        @case.RecordServiceGiven(command.Description, command.InGuidelines, command.GivenOn, LegalService.Today(now), now, op.Id);
        await SaveAsync(db, op, @case, ServiceRecorded, command.InGuidelines ? "in-guidelines" : "outside-guidelines", ct);
    }

    /// <summary>The services given in her cases whose history the operator may read (per case row), newest first. Audited.</summary>
    public async Task<IReadOnlyList<ServiceGivenRow>> ServicesGivenAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var now = clock.GetUtcNow();
        var cases = await db.Cases.AsNoTracking().Where(c => c.SurvivorId == survivorId).ToListAsync(ct);
        var readable = cases.Where(c => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.CaseHistory, c.CentreCode, now).IsAllowed).ToList();
        if (readable.Count == 0)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/prestaciones", SurvivorAccessReason.NoCaseAtOwnCentre, ct);
            throw new AccessDeniedException();
        }
        var names = await SIIVbG.Infrastructure.Operators.OperatorNames.ByIdAsync(db, readable.SelectMany(c => c.ServicesGiven).Select(s => s.RecordedBy), ct);
        var rows = readable.SelectMany(c => c.ServicesGiven.Select(s => new ServiceGivenRow(c.Id, c.CaseNumber, c.CentreCode, s.Description,
                s.InGuidelines, s.GivenOn, names.GetValueOrDefault(s.RecordedBy, "—"))))
            .OrderByDescending(r => r.GivenOn).ToList();
        if (rows.Count > 0)
            await audit.AppendAsync(new AuditRecord(ServicesRead, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"sobreviviente/{survivorId}/prestaciones",
                Details: $"{rows.Count}"), ct);
        return rows;
    }

    /// <summary>Row version of each of her cases, so forms can send back what they were loaded with.</summary>
    public async Task<IReadOnlyDictionary<Guid, uint>> VersionsAsync(Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Cases.Where(c => c.SurvivorId == survivorId)
            .Select(c => new { c.Id, Version = EF.Property<uint>(c, "Version") }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Version);
    }

    public async Task MoveAsync(SignedInOperator op, CaseTransition command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var @case = await LoadEditableAsync(db, op, command.CaseId, command.Version, ct);
        var now = clock.GetUtcNow();
        switch (command.Step)
        {
            case CaseStep.Admit: @case.Admit(now, op.Id); break;
            case CaseStep.StartIntervention: @case.StartIntervention(now, op.Id); break;
            case CaseStep.Discharge: @case.Discharge(now, op.Id, command.Reason); break;
            case CaseStep.StartFollowUp: @case.StartFollowUp(now, op.Id); break;
            case CaseStep.RecordDropout: @case.RecordDropout(now, op.Id, command.Reason ?? ""); break;
            case CaseStep.Close: @case.Close(now, op.Id, command.Reason); break;
        }
        await SaveAsync(db, op, @case, CaseTransitioned, $"{command.Step}", ct);
    }

    public async Task RecordRiskAsync(SignedInOperator op, Guid caseId, uint version, RiskLevel level, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var @case = await LoadEditableAsync(db, op, caseId, version, ct);
        @case.RecordRiskEstimate(level, clock.GetUtcNow(), op.Id);
        await SaveAsync(db, op, @case, RiskRecorded, level.ToString(), ct);
    }

    private async Task<Case> LoadEditableAsync(SiivbgDbContext db, SignedInOperator op, Guid caseId, uint version, CancellationToken ct)
    {
        var @case = await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var facts = @case is null ? null : await survivorFacts.LoadAsync(db, op, @case.SurvivorId, ct);
        AccessDecision? decision = facts is null ? null : SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.CaseHistory, @case!.CentreCode);
        if (@case is null || decision is not { IsAllowed: true })
        {
            await audit.AppendDenialAsync(op, @case?.SurvivorId, $"caso/{caseId}", decision?.Reason, ct);
            throw new AccessDeniedException();
        }
        db.Entry(@case).Property("Version").OriginalValue = version;
        return @case;
    }

    private async Task SaveAsync(SiivbgDbContext db, SignedInOperator op, Case @case, string action, string details, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException("el caso"); }
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, @case.SurvivorId, $"caso/{@case.Id}", Details: details), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, @case.Id, @case.CentreCode, null, @case.SurvivorId), ct);
        await tx.CommitAsync(ct);
    }
}
