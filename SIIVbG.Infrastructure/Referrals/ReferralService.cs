using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Alerts;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Referrals;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Infrastructure.Referrals;

/// <summary>
/// Derivaciones y contra-derivaciones (seed §II.1): a centre team refers a survivor with a consent-limited minimum
/// information package; the receiving side moves it along its state machine; both centres' queues update live. Every
/// method decides access explicitly (<see cref="ReferralPolicy"/>, <see cref="SurvivorAccessPolicy"/>) and audits what it
/// shows of a survivor or changes; a referral the operator may not see answers exactly like a missing one.
/// </summary>
public sealed class ReferralService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts,
    ChangeFeed? feed = null, SIIVbG.Infrastructure.Operators.FeatureSwitches? switches = null)
{
    private Task EnsureOnAsync(CancellationToken ct) =>
        switches?.EnsureEnabledAsync(SIIVbG.Domain.Features.Module.Referrals, ct) ?? Task.CompletedTask;

    /// <summary>
    /// Queue snapshots shared by every open tab of this node with the same level, scope and filter (ADR 020): when one
    /// referral changes, hundreds of tabs of a centre re-query at once, and they all want the same rows. A snapshot holds
    /// no personal data and is valid for one <see cref="ChangeFeed.Generation"/>; used only while the feed is live.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<QueueKey, Task<ReferralQueue>> _snapshots = new();
    private long _snapshotGeneration = -1;

    private sealed record QueueKey(AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode, ReferralQueueFilter Filter, DateOnly Today);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string EditedRecord = "esta derivación";

    /// <summary>The referral form for one survivor: only the team of a centre with an open case of hers refers her.</summary>
    public async Task<ReferralDraft> DraftAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        await EnsureMayReferAsync(op, facts, survivorId, ct);

        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.SurvivorId == survivorId && c.CentreCode == op.ScopeCode)
            .OrderByDescending(c => c.OpenedAt).Select(c => new { c.Id, c.CaseNumber, c.State, c.LatestRisk, c.LatestRiskAt }).ToListAsync(ct);
        var open = cases.Where(c => Case.IsOpenState(c.State)).Select(c => new CaseOption(c.Id, c.CaseNumber)).ToList();
        var latestRisk = await LatestRiskAsync(db, survivorId, ct);
        var centres = await db.Centres.AsNoTracking().Where(c => c.Code != op.ScopeCode).OrderBy(c => c.Name)
            .Select(c => new CentreOption(c.Code, c.Name, c.RegionCode)).ToListAsync(ct);
        var institutions = await db.Institutions.AsNoTracking().Where(i => i.Active).OrderBy(i => i.Name)
            .Select(i => new InstitutionOption(i.Code, i.Name, i.Kind)).ToListAsync(ct);
        return new ReferralDraft(survivorId, open, centres, institutions, facts.Consent.SharesWithSernamEgCentres,
            facts.Consent.SharesWithInstitutions, latestRisk?.Level, Referral.UrgencyFor(latestRisk?.Level), LegalService.Today(clock.GetUtcNow()));
    }

    /// <summary>Sends the referral with the package frozen now; both centres' queues are told in the same transaction.</summary>
    public async Task<Guid> SendAsync(SignedInOperator op, SendReferral command, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, command.SurvivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.CaseHistory, op.ScopeCode);
        var @case = facts.Cases.FirstOrDefault(c => c.CaseId == command.CaseId);
        if (@case is null) decision = AccessDecision.Deny(SurvivorAccessReason.CaseNotOfThisSurvivor);
        else if (@case.CentreCode != op.ScopeCode) decision = AccessDecision.Deny(SurvivorAccessReason.NotOwnCentre);
        await audit.EnsureAllowedAsync(op, decision, command.SurvivorId, $"caso/{command.CaseId}/derivacion", ct);
        if (!@case!.IsOpen) throw new DomainException("El caso está cerrado: solo se deriva desde un caso abierto.");

        var now = clock.GetUtcNow();
        var today = LegalService.Today(now);
        var origin = new ReferralOrigin(command.SurvivorId, @case.CaseId, @case.CentreCode, @case.RegionCode, @case.ExecutingEntityCode);
        ReferralDestination destination;
        bool consentAllows;
        if (command.Kind == ReferralKind.Internal)
        {
            var centre = await db.Centres.AsNoTracking().SingleOrDefaultAsync(c => c.Code == command.ToCentreCode, ct)
                ?? throw new DomainException("Elija el centro de destino.");
            destination = ReferralDestination.ToCentre(centre.Code, centre.RegionCode, centre.ExecutingEntityCode);
            consentAllows = facts.Consent.SharesWithSernamEgCentres;
        }
        else if (command.Kind == ReferralKind.External)
        {
            var institution = await db.Institutions.AsNoTracking().SingleOrDefaultAsync(i => i.Code == command.ToInstitutionCode && i.Active, ct)
                ?? throw new DomainException("Elija la institución de destino.");
            destination = ReferralDestination.ToInstitution(institution.Code, @case.RegionCode);
            consentAllows = facts.Consent.SharesWithInstitutions;
        }
        else throw new DomainException("Indique si la derivación es interna o externa.");

        var package = consentAllows && command.Fields.Count > 0
            ? await BuildPackageAsync(db, op, facts, command.SurvivorId, command.Fields.ToHashSet(), now, ct)
            : ReferralPackage.Empty;
        var referral = Referral.Send(origin, destination, command.Reason, command.Urgency, command.DueOn, today, command.Fields,
            JsonSerializer.Serialize(package, Json), consentAllows, now, op.Id);
        db.Referrals.Add(referral);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(ReferralAuditActions.Sent, AuditOutcome.Allowed, op.Id, op.Run, command.SurvivorId,
            $"derivacion/{referral.Id}", decision.Reason,
            JsonSerializer.Serialize(new { kind = referral.Kind, to = referral.ToCentreCode ?? referral.ToInstitutionCode, fields = referral.PackageFields },
                Json)), ct);
        await PublishAsync(db, referral, ct);
        await tx.CommitAsync(ct);
        _snapshots.Clear();
        return referral.Id;
    }

    /// <summary>
    /// The referral queue of the operator's centre (N5/N6), region (N3) or executing entity (N4), filtered. The rows carry no
    /// personal data, so reading the list is not a read of survivor data; opening one is, and is audited.
    /// </summary>
    public async Task<ReferralQueue> QueueAsync(SignedInOperator op, ReferralQueueFilter filter, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        if (!ReferralPolicy.CanListReferrals(op) || string.IsNullOrWhiteSpace(op.ScopeCode))
        {
            await audit.AppendDenialAsync(op, null, "derivaciones", ReferralPolicy.LevelHasNoReferralList, ct);
            throw new AccessDeniedException();
        }
        var today = LegalService.Today(clock.GetUtcNow());
        // Without a live feed (command-line tools, tests without one) nothing would tell the snapshot it went stale.
        if (feed is not { IsLive: true }) return await BuildQueueAsync(op, filter, today, ct);

        var generation = feed.Generation;
        if (Interlocked.Exchange(ref _snapshotGeneration, generation) != generation) _snapshots.Clear();
        var key = new QueueKey(op.Level, op.ScopeKind, op.ScopeCode, filter, today);
        var snapshot = _snapshots.GetOrAdd(key, _ => BuildQueueAsync(op, filter, today, CancellationToken.None));
        try
        {
            return await snapshot.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _snapshots.TryRemove(new KeyValuePair<QueueKey, Task<ReferralQueue>>(key, snapshot));
            throw;
        }
    }

    /// <summary>The queue for the operator's level and scope; depends on nothing else of hers (the key of the shared snapshot).</summary>
    private async Task<ReferralQueue> BuildQueueAsync(SignedInOperator op, ReferralQueueFilter filter, DateOnly today, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = op.ScopeCode;
        var q = db.Referrals.AsNoTracking();
        q = op.ScopeKind switch
        {
            ScopeKind.Centre => q.Where(r => r.FromCentreCode == scope || r.ToCentreCode == scope),
            ScopeKind.Region => q.Where(r => r.FromRegionCode == scope || r.ToRegionCode == scope),
            ScopeKind.ExecutingEntity => q.Where(r => r.FromExecutingEntityCode == scope || r.ToExecutingEntityCode == scope),
            _ => q.Where(_ => false),
        };
        if (op.ScopeKind == ScopeKind.Centre && filter.Direction == QueueDirection.Incoming) q = q.Where(r => r.ToCentreCode == scope);
        if (op.ScopeKind == ScopeKind.Centre && filter.Direction == QueueDirection.Outgoing) q = q.Where(r => r.FromCentreCode == scope);
        if (filter.State is { } state) q = q.Where(r => r.State == state);
        if (filter.OnlyPending) q = q.Where(r => r.State == ReferralState.Sent || r.State == ReferralState.Received
            || r.State == ReferralState.Accepted || r.State == ReferralState.Attended);
        if (filter.Urgency is { } urgency) q = q.Where(r => r.Urgency == urgency);
        if (!string.IsNullOrWhiteSpace(filter.Counterpart))
            q = q.Where(r => r.FromCentreCode == filter.Counterpart || r.ToCentreCode == filter.Counterpart || r.ToInstitutionCode == filter.Counterpart);
        if (!string.IsNullOrWhiteSpace(filter.RegionCode)) q = q.Where(r => r.FromRegionCode == filter.RegionCode || r.ToRegionCode == filter.RegionCode);
        if (filter.SentFrom is { } from) q = q.Where(r => r.SentAt >= StartOfDay(from));
        if (filter.SentTo is { } to) q = q.Where(r => r.SentAt < StartOfDay(to.AddDays(1)));
        if (filter.OnlyOverdue) q = q.Where(r => (r.State == ReferralState.Sent || r.State == ReferralState.Received) && r.DueOn < today);

        var referrals = await q.OrderByDescending(r => r.Urgency).ThenByDescending(r => r.SentAt).Take(500)
            .Select(r => new
            {
                r.Id, r.Kind, r.State, r.FromCentreCode, r.FromRegionCode, r.FromExecutingEntityCode, r.ToCentreCode, r.ToInstitutionCode,
                r.ToRegionCode, r.ToExecutingEntityCode, r.Urgency, r.SentAt, r.DueOn, r.UpdatedAt, r.CaseId,
            }).ToListAsync(ct);
        var names = await NamesAsync(db, ct);
        var senderCaseIds = referrals.Where(r => r.FromCentreCode == scope && op.ScopeKind == ScopeKind.Centre).Select(r => r.CaseId).ToArray();
        var caseNumbers = await db.Cases.AsNoTracking().Where(c => senderCaseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CaseNumber, ct);

        var rows = new List<ReferralQueueRow>(referrals.Count);
        foreach (var r in referrals)
        {
            var fact = new ReferralFact(r.Kind, r.State, r.FromCentreCode, r.FromRegionCode, r.FromExecutingEntityCode, r.ToCentreCode,
                r.ToRegionCode, r.ToExecutingEntityCode);
            if (!ReferralPolicy.CanSeeInQueue(op, fact).IsAllowed) continue;
            var side = ReferralPolicy.SideOf(op, fact);
            var toCode = r.ToCentreCode ?? r.ToInstitutionCode ?? "";
            rows.Add(new ReferralQueueRow(r.Id, r.Kind, side, r.FromCentreCode, names.GetValueOrDefault(r.FromCentreCode, r.FromCentreCode),
                r.FromRegionCode, toCode, names.GetValueOrDefault(toCode, toCode), r.ToRegionCode, r.State, r.Urgency, r.SentAt, r.DueOn,
                (r.State is ReferralState.Sent or ReferralState.Received) && today > r.DueOn, r.UpdatedAt,
                side == ReferralSide.Sender ? caseNumbers.GetValueOrDefault(r.CaseId) : null));
        }

        PendingWork? pending = null;
        IReadOnlyList<AlertRow> alerts = [];
        if (op.ScopeKind == ScopeKind.Centre && AccessPolicy.Can(op, Capability.OpenCasePanel))
        {
            pending = await PendingWorkAsync(db, scope!, today, ct);
            if (op.Level == AccessLevel.N5) alerts = await ReferralAlerts.OpenAlertsAsync(db, scope!, names, ct);
        }
        var counterparts = rows.SelectMany(r => new[] { (r.FromCentreCode, r.FromName, r.FromRegionCode), (r.ToCode, r.ToName, r.ToRegionCode) })
            .Where(c => c.Item1 != scope).Distinct().Select(c => new CentreOption(c.Item1, c.Item2, c.Item3)).OrderBy(c => c.Name).ToList();
        return new ReferralQueue(rows, pending, alerts, today, counterparts);
    }

    /// <summary>
    /// Opens one referral: the preview to both teams, the package to the sender and to the receiver after accepting.
    /// Audited as a read of survivor data; a referral the operator may not see is "no autorizado", like a missing one.
    /// </summary>
    public async Task<ReferralDetail> OpenAsync(SignedInOperator op, Guid referralId, CancellationToken ct = default)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var referral = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(r => r.Id == referralId, ct);
        var decision = referral is null ? AccessDecision.Deny(ReferralPolicy.NotInvolved) : ReferralPolicy.CanPreview(op, ReferralFact.Of(referral));
        await audit.EnsureAllowedAsync(op, decision, null, $"derivacion/{referralId}", ct);
        var r = referral!;
        var fact = ReferralFact.Of(r);
        var side = ReferralPolicy.SideOf(op, fact);
        var packageDecision = ReferralPolicy.CanReadPackage(op, fact);
        var package = packageDecision.IsAllowed ? JsonSerializer.Deserialize<ReferralPackage>(r.PackageJson, Json) ?? ReferralPackage.Empty : null;
        var version = await db.Referrals.Where(x => x.Id == referralId).Select(x => EF.Property<uint>(x, "Version")).SingleAsync(ct);
        var names = await NamesAsync(db, ct);
        var operatorIds = r.Steps.Select(s => s.By).Concat(r.FollowUps.Select(f => f.By)).Append(r.SentBy)
            .Concat(r.CounterReferral is null ? [] : [r.CounterReferral.By]).Distinct().ToArray();
        var operators = await SIIVbG.Infrastructure.Operators.OperatorNames.ByIdAsync(db, operatorIds, ct);
        string? caseNumber = side == ReferralSide.Sender
            ? await db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.CaseNumber).SingleAsync(ct)
            : null;
        string? survivorName = null;
        if (side == ReferralSide.Sender)
            survivorName = await db.Survivors.Where(s => s.Id == r.SurvivorId).Select(s => s.GivenNames + " " + s.Surnames).SingleAsync(ct);
        else if (package?.Identity is { } identity)
            survivorName = identity.GivenNames + " " + identity.Surnames;

        var today = LegalService.Today(clock.GetUtcNow());
        var actions = Enum.GetValues<ReferralAction>().Where(a => ReferralPolicy.CanAct(op, fact, a).IsAllowed && Possible(r, a)).ToHashSet();
        await audit.AppendAsync(new AuditRecord(ReferralAuditActions.Read, AuditOutcome.Allowed, op.Id, op.Run, r.SurvivorId,
            $"derivacion/{r.Id}", decision.Reason, JsonSerializer.Serialize(new { package = package is not null, side }, Json)), ct);
        return new ReferralDetail(r.Id, r.Kind, side, names.GetValueOrDefault(r.FromCentreCode, r.FromCentreCode), ToName(r, names), caseNumber,
            r.Reason, r.Urgency, r.DueOn, r.IsOverdueOn(today), r.State, r.SentAt, operators.GetValueOrDefault(r.SentBy, "—"), r.PackageFields,
            package, side == ReferralSide.Sender || package?.Identity is not null ? r.SurvivorId : null, survivorName,
            r.Steps.OrderBy(s => s.At).Select(s => new ReferralStepRow(s.State, s.At, operators.GetValueOrDefault(s.By, "—"), s.Note)).ToList(),
            r.FollowUps.OrderBy(f => f.DoneAt).Select(f => new FollowUpRow(f.Kind, f.DoneAt, f.Result, operators.GetValueOrDefault(f.By, "—"))).ToList(),
            Counter(r.CounterReferral, operators), actions, version);
    }

    /// <summary>
    /// Her referrals in her file: those the operator's centre sent or received. The file's own access decision already
    /// ran; this one is explicit again, per referral, and audited as one read.
    /// </summary>
    public async Task<IReadOnlyList<SurvivorReferralRow>> ForSurvivorAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        // Her file keeps working while the module is off; it just has no referrals to show.
        if (switches is not null && !await switches.IsEnabledAsync(SIIVbG.Domain.Features.Module.Referrals, ct)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var fileDecision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Summary, null, clock.GetUtcNow());
        await audit.EnsureAllowedAsync(op, fileDecision, survivorId, $"sobreviviente/{survivorId}/derivaciones", ct);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.SurvivorId == survivorId).OrderByDescending(r => r.SentAt).ToListAsync(ct);
        var visible = referrals.Where(r => ReferralPolicy.CanPreview(op, ReferralFact.Of(r)).IsAllowed).ToList();
        var names = await NamesAsync(db, ct);
        var operators = await SIIVbG.Infrastructure.Operators.OperatorNames.ByIdAsync(db,
            visible.Where(r => r.CounterReferral is not null).Select(r => r.CounterReferral!.By), ct);
        var caseIds = visible.Select(r => r.CaseId).ToArray();
        var caseNumbers = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CaseNumber, ct);
        var today = LegalService.Today(clock.GetUtcNow());
        var rows = visible.Select(r =>
        {
            var side = ReferralPolicy.SideOf(op, ReferralFact.Of(r));
            return new SurvivorReferralRow(r.Id, r.Kind, side, side == ReferralSide.Sender ? caseNumbers.GetValueOrDefault(r.CaseId) : null,
                names.GetValueOrDefault(r.FromCentreCode, r.FromCentreCode), ToName(r, names), r.State, r.Urgency, r.SentAt, r.DueOn,
                r.IsOverdueOn(today), Counter(r.CounterReferral, operators));
        }).ToList();
        if (rows.Count > 0)
            await audit.AppendAsync(new AuditRecord(ReferralAuditActions.ReadForSurvivor, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
                $"sobreviviente/{survivorId}/derivaciones", fileDecision.Reason,
                JsonSerializer.Serialize(new { referrals = rows.Select(r => r.Id), hidden = referrals.Count - rows.Count }, Json)), ct);
        return rows;
    }

    public Task ReceiveAsync(SignedInOperator op, ReceiveReferral c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.Receive, ReferralAuditActions.Received, (r, now) => r.Receive(now, op.Id), ct);

    public Task AcceptAsync(SignedInOperator op, AcceptReferral c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.Accept, ReferralAuditActions.Accepted, (r, now) => r.Accept(now, op.Id, c.Note), ct);

    public Task RejectAsync(SignedInOperator op, RejectReferral c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.Reject, ReferralAuditActions.Rejected, (r, now) => r.Reject(now, op.Id, c.Reason), ct);

    public Task WithdrawAsync(SignedInOperator op, WithdrawReferral c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.Withdraw, ReferralAuditActions.Withdrawn, (r, now) => r.Withdraw(now, op.Id, c.Reason), ct);

    public Task MarkAttendedAsync(SignedInOperator op, MarkReferralAttended c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.MarkAttended, ReferralAuditActions.Attended, (r, now) => r.MarkAttended(now, op.Id, c.Note), ct);

    public Task SendCounterReferralAsync(SignedInOperator op, SendCounterReferral c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.SendCounterReferral, ReferralAuditActions.CounterReferred,
            (r, now) => r.SendCounterReferral(c.Outcome, c.ServicesGiven, c.Recommendation, now, op.Id), ct);

    public Task CloseAsync(SignedInOperator op, CloseReferral c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.Close, ReferralAuditActions.Closed, (r, now) => r.Close(now, op.Id, c.Note), ct);

    public Task RecordFollowUpAsync(SignedInOperator op, RecordReferralFollowUp c, CancellationToken ct = default) =>
        ActAsync(op, c, ReferralAction.RecordFollowUp, ReferralAuditActions.FollowUpRecorded,
            (r, now) => r.RecordFollowUp(c.Kind, c.DoneAt, c.Result, now, op.Id), ct);

    /// <summary>A centre head takes note of an alert of her centre.</summary>
    public async Task AcknowledgeAlertAsync(SignedInOperator op, Guid alertId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null || op.Level != AccessLevel.N5 || op.ScopeKind != ScopeKind.Centre || alert.CentreCode != op.ScopeCode)
        {
            await audit.AppendDenialAsync(op, null, $"alerta/{alertId}", "alert-not-of-own-centre-head", ct);
            throw new AccessDeniedException();
        }
        var now = clock.GetUtcNow();
        alert.Acknowledge(op.Id, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(ReferralAuditActions.AlertAcknowledged, AuditOutcome.Allowed, op.Id, op.Run, null,
            $"alerta/{alert.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Referral, alert.SubjectId, alert.CentreCode), ct);
        await tx.CommitAsync(ct);
        _snapshots.Clear();
    }

    private async Task ActAsync(SignedInOperator op, ReferralCommand command, ReferralAction action, string auditAction,
        Action<Referral, DateTimeOffset> change, CancellationToken ct)
    {
        await EnsureOnAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == command.ReferralId, ct);
        var decision = referral is null ? AccessDecision.Deny(ReferralPolicy.NotInvolved) : ReferralPolicy.CanAct(op, ReferralFact.Of(referral), action);
        await audit.EnsureAllowedAsync(op, decision, referral?.SurvivorId, $"derivacion/{command.ReferralId}", ct);
        var r = referral!;
        db.ExpectVersion(r, command.Version, EditedRecord);
        var now = clock.GetUtcNow();
        change(r, now);
        // A step that changes nothing still checks the version: what she saw must be what is stored.
        db.Entry(r).Property(x => x.UpdatedAt).IsModified = true;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!r.IsOverdueOn(LegalService.Today(now))) await ReferralAlerts.ResolveForAsync(db, r.Id, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrentEditException(EditedRecord);
        }
        await audit.AppendAsync(db, new AuditRecord(auditAction, AuditOutcome.Allowed, op.Id, op.Run, r.SurvivorId, $"derivacion/{r.Id}",
            decision.Reason, JsonSerializer.Serialize(new { state = r.State }, Json)), ct);
        await PublishAsync(db, r, ct);
        await tx.CommitAsync(ct);
        _snapshots.Clear();
    }

    /// <summary>One notification per centre involved (ids and codes only): each queue listens for its own centre or region.</summary>
    internal static async Task PublishAsync(SiivbgDbContext db, Referral r, CancellationToken ct)
    {
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Referral, r.Id, r.FromCentreCode, r.FromRegionCode, r.SurvivorId), ct);
        if (r.ToCentreCode is not null || r.ToRegionCode != r.FromRegionCode)
            await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Referral, r.Id, r.ToCentreCode, r.ToRegionCode, r.SurvivorId), ct);
    }

    /// <summary>Whether the state machine lets <paramref name="action"/> run now (the buttons offered).</summary>
    private static bool Possible(Referral r, ReferralAction action) => action switch
    {
        ReferralAction.Receive => r.State == ReferralState.Sent,
        ReferralAction.Accept or ReferralAction.Reject => r.State is ReferralState.Sent or ReferralState.Received,
        ReferralAction.MarkAttended => r.State == ReferralState.Accepted,
        ReferralAction.SendCounterReferral => r.State == ReferralState.Attended,
        ReferralAction.Withdraw => r.State is ReferralState.Sent or ReferralState.Received or ReferralState.Accepted,
        ReferralAction.Close => r.State == ReferralState.Rejected,
        ReferralAction.RecordFollowUp => r.State != ReferralState.Withdrawn,
        _ => false,
    };

    private async Task EnsureMayReferAsync(SignedInOperator op, SurvivorAccessFacts facts, Guid survivorId, CancellationToken ct)
    {
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.CaseHistory, op.ScopeCode);
        if (decision.IsAllowed) return;
        await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/derivacion", decision.Reason, ct);
        throw new AccessDeniedException();
    }

    /// <summary>
    /// Freezes the chosen sections. Each section holds only what the sender herself may read of her (centre-held data of
    /// other centres stays out), and never free-text narratives.
    /// </summary>
    private static async Task<ReferralPackage> BuildPackageAsync(SiivbgDbContext db, SignedInOperator op, SurvivorAccessFacts facts,
        Guid survivorId, IReadOnlySet<PackageField> fields, DateTimeOffset now, CancellationToken ct)
    {
        var today = LegalService.Today(now);
        var survivor = await db.Survivors.AsNoTracking().SingleAsync(s => s.Id == survivorId, ct);
        bool May(SurvivorTab tab, string? centre) => SurvivorAccessPolicy.CanReadDetail(op, facts, tab, centre, now).IsAllowed;

        PackageIdentity? identity = fields.Contains(PackageField.Identification)
            ? new PackageIdentity(survivor.GivenNames, survivor.Surnames, survivor.Run, survivor.AgeOn(today))
            : null;
        PackageContact? contact = null;
        if (fields.Contains(PackageField.Contact))
        {
            var comuna = survivor.ComunaCode is null ? null
                : await db.Comunas.Where(c => c.Code == survivor.ComunaCode).Select(c => c.Name).SingleOrDefaultAsync(ct);
            contact = new PackageContact(survivor.Phone, survivor.Address, comuna);
        }
        var intersectional = fields.Contains(PackageField.Intersectional)
            ? new PackageIntersectional(survivor.Nationality, survivor.IndigenousPeople, survivor.MigrationStatus, survivor.Disability,
                survivor.Health, survivor.SubstanceUse)
            : null;
        PackageRisk? risk = fields.Contains(PackageField.LatestRisk) ? await LatestRiskAsync(db, survivorId, ct) : null;

        List<PackageEpisode>? episodes = null;
        if (fields.Contains(PackageField.RecentEpisodes))
            episodes = (await db.ViolenceEpisodes.AsNoTracking().Where(e => e.SurvivorId == survivorId).OrderByDescending(e => e.OccurredOn)
                    .Select(e => new { e.OccurredOn, e.ViolenceTypes, e.AggressorRelation, e.RegisteredByCentre }).Take(20).ToListAsync(ct))
                .Where(e => May(SurvivorTab.Episodes, e.RegisteredByCentre)).Take(5)
                .Select(e => new PackageEpisode(e.OccurredOn, e.ViolenceTypes, e.AggressorRelation)).ToList();

        List<PackageMeasure>? measures = null;
        if (fields.Contains(PackageField.ProtectiveMeasures))
        {
            var processes = await db.LegalProcesses.AsNoTracking().Where(p => p.SurvivorId == survivorId).ToListAsync(ct);
            var holding = await LegalService.HoldingCentresAsync(db, processes, ct);
            measures = processes.Where(p => May(SurvivorTab.Legal, holding[p.Id]))
                .SelectMany(p => p.MeasuresActiveOn(today))
                .Select(m => new PackageMeasure(m.Kind, m.IssuedByCourt, m.ValidFrom, m.ValidUntil)).ToList();
        }

        List<int?>? children = null;
        if (fields.Contains(PackageField.DependentChildren))
            children = (await db.RelatedPersons.AsNoTracking().Where(p => p.SurvivorId == survivorId && p.Kind == RelatedPersonKind.Child)
                    .Select(p => new { p.BirthYear, p.RecordedByCentre }).ToListAsync(ct))
                .Where(p => May(SurvivorTab.RelatedPersons, p.RecordedByCentre))
                .Select(p => p.BirthYear is { } y ? today.Year - y : (int?)null).ToList();

        return new ReferralPackage(identity, contact, intersectional, risk, episodes, measures, children);
    }

    private static async Task<PackageRisk?> LatestRiskAsync(SiivbgDbContext db, Guid survivorId, CancellationToken ct)
    {
        var latest = await db.Cases.AsNoTracking().Where(c => c.SurvivorId == survivorId && c.LatestRisk != null)
            .OrderByDescending(c => c.LatestRiskAt).Select(c => new { c.LatestRisk, c.LatestRiskAt }).FirstOrDefaultAsync(ct);
        return latest is null ? null : new PackageRisk(latest.LatestRisk!.Value, latest.LatestRiskAt!.Value);
    }

    private static async Task<PendingWork> PendingWorkAsync(SiivbgDbContext db, string centre, DateOnly today, CancellationToken ct)
    {
        var rows = await db.Referrals.AsNoTracking()
            .Where(r => (r.FromCentreCode == centre || r.ToCentreCode == centre)
                && (r.State == ReferralState.Sent || r.State == ReferralState.Received || r.State == ReferralState.Accepted || r.State == ReferralState.Attended))
            .Select(r => new { Incoming = r.ToCentreCode == centre, r.Kind, r.State, r.DueOn }).ToListAsync(ct);
        var openAlerts = await db.Alerts.CountAsync(a => a.CentreCode == centre && a.ResolvedAt == null
            && (a.Kind == SIIVbG.Domain.Alerts.AlertKind.ReferralOverdue || a.AcknowledgedAt == null), ct);
        // An external referral's receiving steps are the sender's to record, so they count as her own work.
        var incoming = rows.Where(r => r.Incoming || r.Kind == ReferralKind.External).ToList();
        var outgoing = rows.Where(r => !r.Incoming).ToList();
        return new PendingWork(
            incoming.Count(r => r.State == ReferralState.Sent),
            incoming.Count(r => r.State == ReferralState.Received),
            incoming.Count(r => r.State is ReferralState.Accepted or ReferralState.Attended),
            outgoing.Count(r => r.Kind == ReferralKind.Internal && r.State is ReferralState.Sent or ReferralState.Received),
            rows.Count(r => r.Incoming && r.State is ReferralState.Sent or ReferralState.Received && today > r.DueOn),
            rows.Count(r => !r.Incoming && r.State is ReferralState.Sent or ReferralState.Received && today > r.DueOn),
            openAlerts);
    }

    internal static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Names of centres and institutions by code (public catalogue data).</summary>
    internal static async Task<Dictionary<string, string>> NamesAsync(SiivbgDbContext db, CancellationToken ct)
    {
        var centres = await db.Centres.AsNoTracking().Select(c => new { c.Code, c.Name }).ToListAsync(ct);
        var institutions = await db.Institutions.AsNoTracking().Select(i => new { i.Code, i.Name }).ToListAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in centres) names[c.Code] = c.Name;
        foreach (var i in institutions) names.TryAdd(i.Code, i.Name);
        return names;
    }

    private static string ToName(Referral r, IReadOnlyDictionary<string, string> names)
    {
        var code = r.ToCentreCode ?? r.ToInstitutionCode ?? "";
        return names.GetValueOrDefault(code, code);
    }

    private static CounterReferralRow? Counter(CounterReferral? c, IReadOnlyDictionary<Guid, string> operators) =>
        c is null ? null : new CounterReferralRow(c.Outcome, c.ServicesGiven, c.Recommendation, c.At, operators.GetValueOrDefault(c.By, "—"));
}
