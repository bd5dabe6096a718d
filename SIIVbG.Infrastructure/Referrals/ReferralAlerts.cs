using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Alerts;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Referrals;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Infrastructure.Referrals;

/// <summary>
/// The overdue-referral rule (Hangfire job <c>derivaciones-vencidas</c>, hourly): a referral not received or answered by
/// its due date raises one alert to the head of each centre involved — the receiver must answer, the sender must chase —
/// and the alert resolves itself once the referral is answered or withdrawn.
/// </summary>
public sealed class ReferralOverdueJob(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    public const string RecurringId = "derivaciones-vencidas";

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<OverdueRun> RunAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = LegalService.Today(now);
        var overdue = await db.Referrals.AsNoTracking()
            .Where(r => (r.State == ReferralState.Sent || r.State == ReferralState.Received) && r.DueOn < today)
            .Select(r => new { r.Id, r.FromCentreCode, r.ToCentreCode, r.FromRegionCode, r.ToRegionCode }).ToListAsync(ct);
        var overdueIds = overdue.Select(r => r.Id).ToArray();
        var existing = await db.Alerts.Where(a => a.Kind == AlertKind.ReferralOverdue && overdueIds.Contains(a.SubjectId))
            .Select(a => new { a.SubjectId, a.CentreCode }).ToListAsync(ct);
        var have = existing.Select(a => (a.SubjectId, a.CentreCode)).ToHashSet();

        var raised = new List<Alert>();
        foreach (var r in overdue)
            foreach (var centre in new[] { r.ToCentreCode, r.FromCentreCode }.OfType<string>())
                if (!have.Contains((r.Id, centre)))
                    raised.Add(Alert.Raise(AlertKind.ReferralOverdue, centre, r.Id, now));

        // Alerts whose referral was answered meanwhile (by a path that did not resolve them) go too.
        var stale = await db.Alerts.Where(a => a.Kind == AlertKind.ReferralOverdue && a.ResolvedAt == null && !overdueIds.Contains(a.SubjectId))
            .ToListAsync(ct);
        if (raised.Count == 0 && stale.Count == 0) return new OverdueRun(overdue.Count, 0, 0);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Alerts.AddRange(raised);
        foreach (var a in stale) a.Resolve(now);
        await db.SaveChangesAsync(ct);
        if (raised.Count > 0)
            await audit.AppendAsync(db, new AuditRecord(ReferralAuditActions.AlertRaised, AuditOutcome.Allowed, Resource: "alertas",
                Details: JsonSerializer.Serialize(new { kind = AlertKind.ReferralOverdue, referrals = raised.Select(a => a.SubjectId).Distinct() },
                    ReferralService.Json)), ct);
        foreach (var centre in raised.Concat(stale).Select(a => a.CentreCode).Distinct())
            await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Referral, null, centre), ct);
        await tx.CommitAsync(ct);
        return new OverdueRun(overdue.Count, raised.Count, stale.Count);
    }

    /// <summary>Resolves the open alerts about one referral (it was just answered or withdrawn), inside the caller's transaction.</summary>
    internal static async Task ResolveForAsync(SiivbgDbContext db, Guid referralId, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Alerts.Where(a => a.SubjectId == referralId && a.ResolvedAt == null).ToListAsync(ct);
        foreach (var a in open) a.Resolve(now);
    }
}

public sealed record OverdueRun(int Overdue, int Raised, int Resolved);

internal static class ReferralAlerts
{
    internal static Task ResolveForAsync(SiivbgDbContext db, Guid referralId, DateTimeOffset now, CancellationToken ct) =>
        ReferralOverdueJob.ResolveForAsync(db, referralId, now, ct);

    /// <summary>The open alerts of a centre, newest first, with what they are about in a line (no personal data).</summary>
    internal static async Task<IReadOnlyList<AlertRow>> OpenAlertsAsync(SiivbgDbContext db, string centre,
        IReadOnlyDictionary<string, string> names, CancellationToken ct)
    {
        // A notice that someone was granted access is done once a head took note; an overdue referral, once answered.
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.CentreCode == centre && a.ResolvedAt == null
                && (a.Kind == AlertKind.ReferralOverdue || a.AcknowledgedAt == null))
            .OrderByDescending(a => a.RaisedAt).Take(100).ToListAsync(ct);
        var subjectIds = alerts.Select(a => a.SubjectId).ToArray();
        var referrals = await db.Referrals.AsNoTracking().Where(r => subjectIds.Contains(r.Id))
            .Select(r => new { r.Id, r.FromCentreCode, r.ToCentreCode, r.ToInstitutionCode, r.DueOn }).ToDictionaryAsync(r => r.Id, ct);
        var grants = await db.AccessGrants.AsNoTracking().Where(g => subjectIds.Contains(g.Id))
            .Join(db.Operators, g => g.OperatorId, o => o.Id, (g, o) => new { g.Id, Name = o.GivenNames + " " + o.Surnames, o.Level, g.ValidUntil })
            .ToDictionaryAsync(g => g.Id, ct);
        var ackNames = await SIIVbG.Infrastructure.Operators.OperatorNames.ByIdAsync(db,
            alerts.Where(a => a.AcknowledgedBy != null).Select(a => a.AcknowledgedBy!.Value), ct);
        return alerts.Select(a =>
        {
            var summary = referrals.TryGetValue(a.SubjectId, out var r)
                ? $"{names.GetValueOrDefault(r.FromCentreCode, r.FromCentreCode)} → {names.GetValueOrDefault(r.ToCentreCode ?? r.ToInstitutionCode ?? "", r.ToCentreCode ?? r.ToInstitutionCode ?? "")} · {r.DueOn:dd-MM-yyyy}"
                : grants.TryGetValue(a.SubjectId, out var g)
                    ? $"{g.Name} ({g.Level}) · {LegalService.Today(g.ValidUntil):dd-MM-yyyy}"
                    : "";
            return new AlertRow(a.Id, a.Kind, a.SubjectId, a.RaisedAt, a.AcknowledgedAt,
                a.AcknowledgedBy is { } by ? ackNames.GetValueOrDefault(by) : null, summary);
        }).ToList();
    }
}
