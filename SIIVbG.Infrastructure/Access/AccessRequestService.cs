using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Alerts;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Referrals;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Infrastructure.Access;

public static class AccessRequestAuditActions
{
    public const string Submitted = "access-request.submitted";
    public const string Approved = "access-request.approved";
    public const string Rejected = "access-request.rejected";
    public const string Cancelled = "access-request.cancelled";
    public const string GrantRevoked = "access-grant.revoked";
}

/// <summary>A request as its approver sees it: who asks, for what, why — nothing about her beyond the survivor's id.</summary>
public sealed record PendingAccessRequest(Guid Id, Guid SurvivorId, string RequesterName, AccessLevel RequesterLevel, string? RequesterScopeCode,
    GrantScopeView Scope, string Justification, DateTimeOffset RequestedAt, bool SurvivorHasVitalRisk, uint Version);

public sealed record GrantScopeView(bool AllDetails, IReadOnlyList<SurvivorTab> Tabs);

/// <summary>The requester's own request about one survivor, and the grant it produced while in force.</summary>
public sealed record MyAccessRequest(Guid Id, AccessRequestState State, DateTimeOffset RequestedAt, string? DecisionReason, Guid? GrantId,
    DateTimeOffset? GrantValidUntil, bool GrantActive, uint Version);

/// <summary>
/// Authorisation requests (seed §II.2): an operator asks, with a written legal justification, for what the policy hides
/// about one survivor; the approver the seed names decides; an approval issues a time-limited grant (24 h unless
/// configured, <c>Access:GrantHours</c>) that the policy then honours, and the centres holding her data are told. Every
/// step is audited and announced on the change feed, so the requester's open tab unlocks — and locks — by itself.
/// </summary>
public sealed class AccessRequestService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock,
    SurvivorFacts survivorFacts, IConfiguration configuration, SIIVbG.Infrastructure.Operators.FeatureSwitches? switches = null)
{
    // Off means no new requests and no decisions; grants already issued keep their window (the policy honours them).
    private Task EnsureOnAsync(CancellationToken ct) =>
        switches?.EnsureEnabledAsync(SIIVbG.Domain.Features.Module.AccessRequests, ct) ?? Task.CompletedTask;

    private const string EditedRecord = "esta solicitud";

    /// <summary>How long an approval opens her details: <c>Access:GrantHours</c> (24 by default), between five seconds and 30 days.</summary>
    public TimeSpan GrantDuration => TimeSpan.FromHours(Math.Clamp(configuration.GetValue("Access:GrantHours", 24.0), 5.0 / 3600, 24 * 30));

    public async Task<Guid> SubmitAsync(SignedInOperator op, Guid survivorId, GrantScope scope, string justification, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var relation = await RelationAsync(db, op, survivorId, facts, ct);
        if (!relation.IsAllowed)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/solicitud-acceso", relation.Reason, ct);
            throw new AccessDeniedException();
        }
        var (entity, region) = await RequesterPlaceAsync(db, op, ct);
        var request = AccessRequest.Submit(op, entity, region, survivorId, scope, justification, clock.GetUtcNow());
        db.AccessRequests.Add(request);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DomainException("Ya tiene una solicitud pendiente para esta sobreviviente.");
        }
        await audit.AppendAsync(db, new AuditRecord(AccessRequestAuditActions.Submitted, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"solicitud-acceso/{request.Id}", relation.Reason, JsonSerializer.Serialize(new { scope = scope.ToString() })), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.AccessRequest, request.Id, op.ScopeCode, region, survivorId), ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }

    /// <summary>The requests this operator may decide, oldest first.</summary>
    public async Task<IReadOnlyList<PendingAccessRequest>> PendingAsync(SignedInOperator op, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        if (!AccessRequestPolicy.IsApprover(op))
        {
            await audit.AppendDenialAsync(op, null, "solicitudes-acceso", AccessRequestPolicy.NotTheApprover, ct);
            throw new AccessDeniedException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.AccessRequests.AsNoTracking().Where(r => r.State == AccessRequestState.Pending).OrderBy(r => r.RequestedAt)
            .Select(r => new { Request = r, Version = EF.Property<uint>(r, "Version") }).Take(500).ToListAsync(ct);
        var vital = await VitalRiskAsync(db, pending.Select(p => p.Request.SurvivorId).Distinct().ToArray(), ct);
        var mine = pending.Where(p => AccessRequestPolicy.CanApprove(op, p.Request.ToFact(), vital.Contains(p.Request.SurvivorId)).IsAllowed).ToList();
        var names = await SIIVbG.Infrastructure.Operators.OperatorNames.ByIdAsync(db, mine.Select(p => p.Request.RequesterId), ct);
        return mine.Select(p => new PendingAccessRequest(p.Request.Id, p.Request.SurvivorId, names.GetValueOrDefault(p.Request.RequesterId, "—"),
            p.Request.RequesterLevel, p.Request.RequesterScopeCode, new GrantScopeView(p.Request.AllDetails, p.Request.Tabs),
            p.Request.Justification, p.Request.RequestedAt, vital.Contains(p.Request.SurvivorId), p.Version)).ToList();
    }

    /// <summary>Approves: the grant starts now and lasts <see cref="GrantDuration"/>; the centres holding her data get an alert.</summary>
    public async Task<Guid> ApproveAsync(SignedInOperator op, Guid requestId, uint version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (request, decision) = await LoadForDecisionAsync(db, op, requestId, version, ct);
        var now = clock.GetUtcNow();
        var grant = request.Approve(op.Id, now, GrantDuration);
        db.AccessGrants.Add(grant);
        var holders = await db.Cases.Where(c => c.SurvivorId == request.SurvivorId && c.CentreCode != request.RequesterScopeCode)
            .Select(c => c.CentreCode).Distinct().ToListAsync(ct);
        foreach (var centre in holders) db.Alerts.Add(Alert.Raise(AlertKind.AccessGranted, centre, grant.Id, now));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, ct);
        await audit.AppendAsync(db, new AuditRecord(AccessRequestAuditActions.Approved, AuditOutcome.Allowed, op.Id, op.Run, request.SurvivorId,
            $"solicitud-acceso/{request.Id}", decision.Reason,
            JsonSerializer.Serialize(new { grant = grant.Id, requester = request.RequesterId, until = grant.ValidUntil, told = holders })), ct);
        await AnnounceAsync(db, request, holders, ct);
        await tx.CommitAsync(ct);
        return grant.Id;
    }

    public async Task RejectAsync(SignedInOperator op, Guid requestId, uint version, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (request, decision) = await LoadForDecisionAsync(db, op, requestId, version, ct);
        request.Reject(op.Id, reason, clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, ct);
        await audit.AppendAsync(db, new AuditRecord(AccessRequestAuditActions.Rejected, AuditOutcome.Allowed, op.Id, op.Run, request.SurvivorId,
            $"solicitud-acceso/{request.Id}", decision.Reason), ct);
        await AnnounceAsync(db, request, [], ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Ends a grant before its time: by whoever may approve its request, or by its holder.</summary>
    public async Task RevokeAsync(SignedInOperator op, Guid grantId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grant = await db.AccessGrants.SingleOrDefaultAsync(g => g.Id == grantId, ct);
        var request = grant is null ? null : await db.AccessRequests.SingleOrDefaultAsync(r => r.GrantId == grantId, ct);
        var decision = grant is null ? AccessDecision.Deny(AccessRequestPolicy.NotTheApprover)
            : grant.OperatorId == op.Id ? AccessDecision.Allow("grant-holder")
            : request is null ? AccessDecision.Deny(AccessRequestPolicy.NotTheApprover)
            : AccessRequestPolicy.CanApprove(op, request.ToFact(), (await VitalRiskAsync(db, [grant.SurvivorId], ct)).Count > 0);
        await audit.EnsureAllowedAsync(op, decision, grant?.SurvivorId, $"autorizacion/{grantId}", ct);
        grant!.Revoke(clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(AccessRequestAuditActions.GrantRevoked, AuditOutcome.Allowed, op.Id, op.Run, grant.SurvivorId,
            $"autorizacion/{grant.Id}", decision.Reason), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, grant.Id, null, null, grant.SurvivorId), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The operator's latest request about her (if any), with its grant's window. No survivor data.</summary>
    public async Task<MyAccessRequest?> MyLatestAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.AccessRequests.AsNoTracking().Where(r => r.RequesterId == op.Id && r.SurvivorId == survivorId)
            .OrderByDescending(r => r.RequestedAt).Select(r => new { Request = r, Version = EF.Property<uint>(r, "Version") }).FirstOrDefaultAsync(ct);
        if (latest is null) return null;
        var grant = latest.Request.GrantId is { } gid ? await db.AccessGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == gid, ct) : null;
        var now = clock.GetUtcNow();
        return new MyAccessRequest(latest.Request.Id, latest.Request.State, latest.Request.RequestedAt, latest.Request.DecisionReason,
            latest.Request.GrantId, grant?.ValidUntil, grant is not null && grant.ToFact().StateAt(now) == GrantState.Active, latest.Version);
    }

    /// <summary>When this operator's earliest active grant for her ends (the open file locks again then), or null.</summary>
    public async Task<DateTimeOffset?> ActiveGrantEndsAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.AccessGrants.AsNoTracking()
            .Where(g => g.OperatorId == op.Id && g.SurvivorId == survivorId && g.RevokedAt == null && g.ValidFrom <= now && g.ValidUntil > now)
            .MinAsync(g => (DateTimeOffset?)g.ValidUntil, ct);
    }

    private async Task<(AccessRequest Request, AccessDecision Decision)> LoadForDecisionAsync(SiivbgDbContext db, SignedInOperator op, Guid requestId,
        uint version, CancellationToken ct)
    {
        await EnsureOnAsync(ct);
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == requestId, ct);
        var decision = request is null ? AccessDecision.Deny(AccessRequestPolicy.NotTheApprover)
            : AccessRequestPolicy.CanApprove(op, request.ToFact(), (await VitalRiskAsync(db, [request.SurvivorId], ct)).Count > 0);
        await audit.EnsureAllowedAsync(op, decision, request?.SurvivorId, $"solicitud-acceso/{requestId}", ct);
        db.ExpectVersion(request!, version, EditedRecord);
        return (request!, decision);
    }

    private static async Task SaveAsync(SiivbgDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException(EditedRecord); }
    }

    /// <summary>The requester's open file re-reads (survivor event); approvers' queues and the holders' alerts refresh.</summary>
    private static async Task AnnounceAsync(SiivbgDbContext db, AccessRequest request, IReadOnlyList<string> holders, CancellationToken ct)
    {
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, request.Id, null, null, request.SurvivorId), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.AccessRequest, request.Id, request.RequesterScopeCode,
            request.RequesterRegionCode, request.SurvivorId), ct);
        foreach (var centre in holders)
            await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Referral, null, centre), ct);
    }

    /// <summary>
    /// Whether the operator stands where the seed lets her ask about this woman: a centre team with a case of hers at its
    /// centre; N3/N4 with a referral of hers from or to their territory; N1 when she is at grave or vital risk.
    /// </summary>
    private static async Task<AccessDecision> RelationAsync(SiivbgDbContext db, SignedInOperator op, Guid survivorId, SurvivorAccessFacts facts,
        CancellationToken ct)
    {
        switch (op.Level)
        {
            case AccessLevel.N5 or AccessLevel.N6:
                return facts.Cases.Any(c => c.CentreCode == op.ScopeCode)
                    ? AccessDecision.Allow(SurvivorAccessReason.CaseAtOwnCentre)
                    : AccessDecision.Deny(SurvivorAccessReason.NoCaseAtOwnCentre);
            case AccessLevel.N3 or AccessLevel.N4:
                var referrals = await db.Referrals.AsNoTracking().Where(r => r.SurvivorId == survivorId).ToListAsync(ct);
                return referrals.Any(r => ReferralPolicy.SideOf(op, ReferralFact.Of(r)) == ReferralSide.Oversight)
                    ? AccessDecision.Allow(ReferralPolicy.OversightList)
                    : AccessDecision.Deny("no-referral-in-territory");
            case AccessLevel.N1:
                return (await VitalRiskAsync(db, [survivorId], ct)).Count > 0
                    ? AccessDecision.Allow("grave-or-vital-risk")
                    : AccessDecision.Deny(AccessRequestPolicy.TopAuthorityNeedsVitalRisk);
            default:
                return AccessDecision.Deny(SurvivorAccessReason.AdministratorsNeverReadSurvivors);
        }
    }

    private static async Task<(string? Entity, string? Region)> RequesterPlaceAsync(SiivbgDbContext db, SignedInOperator op, CancellationToken ct) =>
        op.ScopeKind switch
        {
            ScopeKind.Centre => await db.Centres.Where(c => c.Code == op.ScopeCode).Select(c => new ValueTuple<string?, string?>(c.ExecutingEntityCode, c.RegionCode))
                .SingleOrDefaultAsync(ct),
            ScopeKind.ExecutingEntity => (op.ScopeCode, await db.ExecutingEntities.Where(e => e.Code == op.ScopeCode).Select(e => e.RegionCode).SingleOrDefaultAsync(ct)),
            ScopeKind.Region => (null, op.ScopeCode),
            _ => (null, null),
        };

    /// <summary>Survivors among <paramref name="ids"/> whose latest risk in any case is grave or vital.</summary>
    private static async Task<HashSet<Guid>> VitalRiskAsync(SiivbgDbContext db, Guid[] ids, CancellationToken ct) =>
        (await db.Cases.AsNoTracking().Where(c => ids.Contains(c.SurvivorId) && c.LatestRisk == RiskLevel.Vital).Select(c => c.SurvivorId)
            .Distinct().ToListAsync(ct)).ToHashSet();
}
