using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Plans;
using SIIVbG.Domain.Attachments;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

using SIIVbG.Infrastructure.Common;

namespace SIIVbG.Infrastructure.Survivors;

public static class PlanAuditActions
{
    public const string Read = "plan.read";
    public const string Drafted = "plan.drafted";
    public const string ObjectiveAdded = "plan.objective-added";
    public const string ObjectiveAchieved = "plan.objective-achieved";
    public const string ActionAdded = "plan.action-added";
    public const string ProgressRecorded = "plan.progress-recorded";
    public const string ActionCompleted = "plan.action-completed";
    public const string PdfAttached = "plan.pdf-attached";
}

public sealed record PlanActionRow(Guid Id, string Description, string Responsible, DateOnly? DueOn, int Progress, PlanActionStatus Status,
    bool IsOverdue);

public sealed record PlanObjectiveRow(Guid Id, string Description, bool IsAchieved, int Progress, IReadOnlyList<PlanActionRow> Actions);

public sealed record PlanView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt, Guid? PdfAttachmentId,
    IReadOnlyList<PlanObjectiveRow> Objectives, int OverdueActions, uint Version);

/// <summary>One of her cases the operator may read the plan of; <see cref="Plan"/> is null while nobody has drafted it.</summary>
public sealed record CasePlan(Guid CaseId, string CaseNumber, string CentreCode, CaseState State, bool IsOwnCentre, bool CanEdit, PlanView? Plan);

public sealed record PlanFile(
    IReadOnlyList<CasePlan> Cases,
    /// <summary>Plans of her cases at other centres the operator may not see: only how many.</summary>
    int HiddenPlans,
    DateOnly Today);

/// <summary><see cref="Version"/> is the plan's version as seen, or null when the case has no plan yet (the first objective drafts it).</summary>
public sealed record AddPlanObjective(Guid CaseId, uint? Version, string Description);
public sealed record AchievePlanObjective(Guid CaseId, uint Version, Guid ObjectiveId);
public sealed record AddPlanAction(Guid CaseId, uint Version, Guid ObjectiveId, string Description, string Responsible, DateOnly? DueOn);
public sealed record RecordPlanProgress(Guid CaseId, uint Version, Guid ActionId, int Percent);
public sealed record CompletePlanAction(Guid CaseId, uint Version, Guid ActionId);
/// <summary>Links the signed PDF (an annex of kind PII held by the case's centre); a case without a plan gets one drafted.</summary>
public sealed record AttachPlanPdf(Guid CaseId, uint? Version, Guid AttachmentId);

/// <summary>
/// The Plan de Intervención Individual tab: one structured plan per case, held by the case's centre
/// (<see cref="SurvivorTab.InterventionPlan"/>). Only the team of that centre changes it, and only while the case is open.
/// </summary>
public sealed class PlanService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts)
{
    private const string EditedRecord = "este plan";

    /// <summary>The plans of her cases this operator may read; plans of other centres' cases are only counted. Audited as a read.</summary>
    public async Task<PlanFile> ListAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var cases = await db.Cases.AsNoTracking().Where(c => c.SurvivorId == survivorId).OrderByDescending(c => c.OpenedAt)
            .Select(c => new { c.Id, c.CaseNumber, c.CentreCode, c.State }).ToListAsync(ct);
        var caseIds = cases.Select(c => c.Id).ToArray();
        var plans = await db.InterventionPlans.AsNoTracking().Where(p => caseIds.Contains(p.CaseId)).ToListAsync(ct);
        var versions = await db.InterventionPlans.Where(p => caseIds.Contains(p.CaseId))
            .Select(p => new { p.Id, V = EF.Property<uint>(p, "Version") }).ToDictionaryAsync(x => x.Id, x => x.V, ct);

        var decisions = cases.ToDictionary(c => c.Id,
            c => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.InterventionPlan, c.CentreCode, now));
        var tabDecision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.InterventionPlan, op.ScopeCode, now);
        var readable = cases.Where(c => decisions[c.Id].IsAllowed).ToList();
        if (!tabDecision.IsAllowed && readable.Count == 0)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/pii", tabDecision.Reason, ct);
            throw new AccessDeniedException();
        }

        var today = LegalService.Today(now);
        var rows = readable
            // Another centre's case matters here only for its plan; own cases show even before a plan exists.
            .Where(c => c.CentreCode == op.ScopeCode || plans.Any(p => p.CaseId == c.Id))
            .Select(c =>
            {
                var plan = plans.FirstOrDefault(p => p.CaseId == c.Id);
                var canEdit = Case.IsOpenState(c.State) && SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.InterventionPlan, c.CentreCode).IsAllowed;
                return new CasePlan(c.Id, c.CaseNumber, c.CentreCode, c.State, c.CentreCode == op.ScopeCode, canEdit,
                    plan is null ? null : View(plan, versions[plan.Id], today));
            }).ToList();
        var hidden = plans.Count(p => !decisions[p.CaseId].IsAllowed);

        await audit.AppendAsync(new AuditRecord(PlanAuditActions.Read, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"sobreviviente/{survivorId}/pii", Reason: readable.Count > 0 ? decisions[readable[0].Id].Reason : tabDecision.Reason,
            Details: JsonSerializer.Serialize(new { plans = rows.Where(r => r.Plan is not null).Select(r => r.Plan!.Id), hidden })), ct);
        return new PlanFile(rows, hidden, today);
    }

    /// <summary>Adds an objective; the case's first objective drafts its plan.</summary>
    public Task AddObjectiveAsync(SignedInOperator op, Guid survivorId, AddPlanObjective command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.CaseId, command.Version, PlanAuditActions.ObjectiveAdded,
            (plan, now) => plan.AddObjective(command.Description, now, op.Id), ct);

    public Task AchieveObjectiveAsync(SignedInOperator op, Guid survivorId, AchievePlanObjective command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.CaseId, command.Version, PlanAuditActions.ObjectiveAchieved,
            (plan, now) => plan.AchieveObjective(command.ObjectiveId, now, op.Id), ct);

    public Task AddActionAsync(SignedInOperator op, Guid survivorId, AddPlanAction command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.CaseId, command.Version, PlanAuditActions.ActionAdded,
            (plan, now) => plan.AddAction(command.ObjectiveId, command.Description, command.Responsible, command.DueOn, now, op.Id), ct);

    public Task RecordProgressAsync(SignedInOperator op, Guid survivorId, RecordPlanProgress command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.CaseId, command.Version, PlanAuditActions.ProgressRecorded,
            (plan, now) => plan.RecordProgress(command.ActionId, command.Percent, now, op.Id), ct);

    public Task CompleteActionAsync(SignedInOperator op, Guid survivorId, CompletePlanAction command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.CaseId, command.Version, PlanAuditActions.ActionCompleted,
            (plan, now) => plan.CompleteAction(command.ActionId, now, op.Id), ct);

    public async Task AttachPdfAsync(SignedInOperator op, Guid survivorId, AttachPlanPdf command, CancellationToken ct = default)
    {
        // Editing the plan needs the case's centre to be the operator's: the annex must be held there too.
        await ChangeAsync(op, survivorId, command.CaseId, command.Version, PlanAuditActions.PdfAttached,
            (plan, now) => plan.AttachPdf(command.AttachmentId, now, op.Id), ct,
            db => AnnexLinks.EnsureLinkableAsync(db, survivorId, command.AttachmentId, AttachmentKind.InterventionPlan, op.ScopeCode, ct));
    }

    private async Task ChangeAsync(SignedInOperator op, Guid survivorId, Guid caseId, uint? version, string action,
        Action<InterventionPlan, DateTimeOffset> change, CancellationToken ct, Func<SiivbgDbContext, Task>? validate = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var @case = facts.Cases.FirstOrDefault(c => c.CaseId == caseId);
        var decision = @case is null ? AccessDecision.Deny(SurvivorAccessReason.CaseNotOfThisSurvivor)
            : SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.InterventionPlan, @case.CentreCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"caso/{caseId}/pii", ct);
        if (!@case!.IsOpen) throw new DomainException("El caso está cerrado: su plan de intervención ya no se modifica.");
        if (validate is not null) await validate(db);

        var now = clock.GetUtcNow();
        var plan = await db.InterventionPlans.SingleOrDefaultAsync(p => p.CaseId == caseId, ct);
        var drafted = false;
        if (plan is null)
        {
            // Someone else drafted it meanwhile when she believed there was one, and vice versa below.
            if (version is not null) throw new ConcurrentEditException(EditedRecord);
            plan = InterventionPlan.Draft(caseId, now, op.Id);
            db.InterventionPlans.Add(plan);
            drafted = true;
        }
        else
        {
            if (version is null) throw new ConcurrentEditException(EditedRecord);
            db.Entry(plan).Property<uint>("Version").OriginalValue = version.Value;
        }
        change(plan, now);
        // A change that turns out to change nothing still checks the version: what she saw must be what is stored.
        if (!drafted) db.Entry(plan).Property(p => p.CreatedAt).IsModified = true;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrentEditException(EditedRecord);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two operators drafted the same case's plan at once: the first one stays.
            throw new ConcurrentEditException(EditedRecord);
        }
        if (drafted)
            await audit.AppendAsync(db, new AuditRecord(PlanAuditActions.Drafted, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"pii/{plan.Id}"), ct);
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"pii/{plan.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, plan.Id, @case.CentreCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
    }

    private static PlanView View(InterventionPlan plan, uint version, DateOnly today) => new(plan.Id, plan.CreatedAt, plan.UpdatedAt,
        plan.PdfAttachmentId,
        plan.Objectives.Select(o => new PlanObjectiveRow(o.Id, o.Description, o.IsAchieved, o.Progress,
            o.Actions.Select(a => new PlanActionRow(a.Id, a.Description, a.Responsible, a.DueOn, a.Progress, a.Status, a.IsOverdueOn(today)))
                .ToList())).ToList(),
        plan.OverdueActionsOn(today).Count(), version);

}
