using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Legal;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

using SIIVbG.Infrastructure.Common;

namespace SIIVbG.Infrastructure.Survivors;

public static class LegalAuditActions
{
    public const string Read = "legal.read";
    public const string ProcessRegistered = "legal.process-registered";
    public const string ProcessIdentified = "legal.process-identified";
    public const string ProcessResolved = "legal.process-resolved";
    public const string ProcessArchived = "legal.process-archived";
    public const string ProcessReopened = "legal.process-reopened";
    public const string MeasureOrdered = "legal.measure-ordered";
    public const string MeasureExtended = "legal.measure-extended";
    public const string MeasureLifted = "legal.measure-lifted";
}

/// <summary>How a measure stands on the day it is looked at.</summary>
public enum MeasureState
{
    /// <summary>Ordered from a later day: not yet in force.</summary>
    Upcoming = 1,
    /// <summary>Vigente.</summary>
    Active = 2,
    /// <summary>Vencida: past its last day.</summary>
    Expired = 3,
    /// <summary>Alzada by the court.</summary>
    Lifted = 4,
}

public sealed record MeasureRow(Guid Id, ProtectiveMeasureKind Kind, string? Description, string IssuedByCourt, DateOnly ValidFrom,
    DateOnly? ValidUntil, DateOnly? LiftedOn, MeasureState State);

public sealed record LegalProcessRow(
    Guid Id, Guid? CaseId, string? CaseNumber, LegalProcessType Type, LegalJurisdiction Jurisdiction, LegalSubject Subject, string Court,
    string? Rit, string? Ruc, LegalProcessStatus Status, DateOnly FiledOn, DateOnly? ResolvedOn, string? Outcome, DateOnly? ArchivedOn,
    string? ArchiveReason, string? HoldingCentreCode, bool IsOwnCentre, bool CanEdit, IReadOnlyList<MeasureRow> Measures, uint Version);

/// <summary>An open case of hers at the operator's centre, to which a new process can be linked.</summary>
public sealed record LegalCaseOption(Guid CaseId, string CaseNumber);

public sealed record LegalFile(
    IReadOnlyList<LegalProcessRow> Processes,
    /// <summary>Processes held by other centres that the operator may not see: only how many.</summary>
    int HiddenProcesses,
    IReadOnlyList<LegalCaseOption> OpenCasesHere,
    bool CanRegister,
    DateOnly Today);

public sealed record RegisterLegalProcess(Guid CaseId, LegalProcessType Type, LegalSubject Subject, string Court, string? Rit, string? Ruc,
    DateOnly FiledOn);

/// <summary>Every change names the <see cref="LegalProcessRow.Version"/> the operator saw; a stale one is refused.</summary>
public sealed record IdentifyLegalProcess(Guid ProcessId, uint Version, string? Rit, string? Ruc);
public sealed record ResolveLegalProcess(Guid ProcessId, uint Version, DateOnly On, string? Outcome);
public sealed record ArchiveLegalProcess(Guid ProcessId, uint Version, DateOnly On, string Reason);
public sealed record ReopenLegalProcess(Guid ProcessId, uint Version);
public sealed record OrderProtectiveMeasure(Guid ProcessId, uint Version, ProtectiveMeasureKind Kind, string? Description, DateOnly ValidFrom,
    DateOnly? ValidUntil, string? IssuedByCourt);
public sealed record ExtendProtectiveMeasure(Guid ProcessId, uint Version, Guid MeasureId, DateOnly Until);
public sealed record LiftProtectiveMeasure(Guid ProcessId, uint Version, Guid MeasureId, DateOnly On);

/// <summary>
/// The Procesos jurídicos tab: court and Fiscalía processes about her, her NNA or the aggressor, with their measures.
/// Centre-held data (<see cref="SurvivorTab.Legal"/>): the holding centre of a process is the centre of the case it belongs
/// to; a process without a case (imported, or recorded before cases existed) is held by the centre the operator who
/// registered it works at now — the only trace of its origin the schema keeps. Processes registered here always carry a case.
/// </summary>
public sealed class LegalService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts)
{
    private const string EditedRecord = "este proceso";

    /// <summary>The processes this operator may read; those of other centres are only counted. Audited as a read.</summary>
    public async Task<LegalFile> ListAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var processes = await db.LegalProcesses.AsNoTracking().Where(p => p.SurvivorId == survivorId)
            .OrderByDescending(p => p.FiledOn).ThenByDescending(p => p.RegisteredAt).ToListAsync(ct);
        var holding = await HoldingCentresAsync(db, processes, ct);
        var readable = processes
            .Select(p => (Process: p, Decision: SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Legal, holding[p.Id], now)))
            .Where(x => x.Decision.IsAllowed).ToList();
        var tabDecision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Legal, op.ScopeCode, now);
        if (!tabDecision.IsAllowed && readable.Count == 0)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/procesos", tabDecision.Reason, ct);
            throw new AccessDeniedException();
        }

        var versions = await Versions(db, readable.Select(r => r.Process.Id).ToArray(), ct);
        var caseNumbers = await db.Cases.Where(c => c.SurvivorId == survivorId).Select(c => new { c.Id, c.CaseNumber, c.CentreCode, c.State })
            .ToListAsync(ct);
        var today = Today(now);
        var rows = readable.Select(x =>
        {
            var p = x.Process;
            var centre = holding[p.Id];
            return new LegalProcessRow(p.Id, p.CaseId, caseNumbers.FirstOrDefault(c => c.Id == p.CaseId)?.CaseNumber, p.Type, p.Jurisdiction,
                p.Subject, p.Court, p.Rit, p.Ruc, p.Status, p.FiledOn, p.ResolvedOn, p.Outcome, p.ArchivedOn, p.ArchiveReason, centre,
                centre is not null && centre == op.ScopeCode,
                SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Legal, centre).IsAllowed,
                p.Measures.OrderByDescending(m => m.ValidFrom).Select(m => Row(m, today)).ToList(), versions[p.Id]);
        }).ToList();
        var canRegister = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Legal, op.ScopeCode).IsAllowed;
        var openHere = canRegister
            ? caseNumbers.Where(c => c.CentreCode == op.ScopeCode && Case.IsOpenState(c.State)).Select(c => new LegalCaseOption(c.Id, c.CaseNumber)).ToList()
            : [];

        await audit.AppendAsync(new AuditRecord(LegalAuditActions.Read, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"sobreviviente/{survivorId}/procesos", Reason: readable.Count > 0 ? readable[0].Decision.Reason : tabDecision.Reason,
            Details: JsonSerializer.Serialize(new { processes = rows.Select(r => r.Id), hidden = processes.Count - rows.Count })), ct);
        return new LegalFile(rows, processes.Count - rows.Count, openHere, canRegister && openHere.Count > 0, today);
    }

    /// <summary>One process, when the operator may read it; any other (another centre's, another woman's, none) is a denial.</summary>
    public async Task<LegalProcessRow> GetAsync(SignedInOperator op, Guid survivorId, Guid processId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var p = await db.LegalProcesses.AsNoTracking().SingleOrDefaultAsync(x => x.Id == processId && x.SurvivorId == survivorId, ct);
        var centre = p is null ? null : (await HoldingCentresAsync(db, [p], ct))[p.Id];
        var decision = p is null ? AccessDecision.Deny(SurvivorAccessReason.CaseNotOfThisSurvivor)
            : SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Legal, centre, now);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"proceso/{processId}", ct);
        var version = (await Versions(db, [p!.Id], ct))[p.Id];
        var caseNumber = p.CaseId is null ? null : await db.Cases.Where(c => c.Id == p.CaseId).Select(c => c.CaseNumber).SingleOrDefaultAsync(ct);
        await audit.AppendAsync(new AuditRecord(LegalAuditActions.Read, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"proceso/{p.Id}",
            Reason: decision.Reason), ct);
        var today = Today(now);
        return new LegalProcessRow(p.Id, p.CaseId, caseNumber, p.Type, p.Jurisdiction, p.Subject, p.Court, p.Rit, p.Ruc, p.Status, p.FiledOn,
            p.ResolvedOn, p.Outcome, p.ArchivedOn, p.ArchiveReason, centre, centre is not null && centre == op.ScopeCode,
            SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Legal, centre).IsAllowed,
            p.Measures.OrderByDescending(m => m.ValidFrom).Select(m => Row(m, today)).ToList(), version);
    }

    /// <summary>Registers a process linked to one of her open cases at the operator's centre.</summary>
    public async Task<Guid> RegisterAsync(SignedInOperator op, Guid survivorId, RegisterLegalProcess command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Legal, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/procesos", ct);
        if (facts.Cases.FirstOrDefault(c => c.CaseId == command.CaseId) is not { } @case || @case.CentreCode != op.ScopeCode || !@case.IsOpen)
            throw new DomainException("Indique uno de sus casos abiertos en este centro.");
        Rit? rit = string.IsNullOrWhiteSpace(command.Rit) ? null : Rit.Parse(command.Rit);
        Ruc? ruc = string.IsNullOrWhiteSpace(command.Ruc) ? null : Ruc.Parse(command.Ruc);
        var now = clock.GetUtcNow();
        var process = LegalProcess.Register(survivorId, command.CaseId, command.Type, command.Subject, null, command.Court, rit, ruc,
            command.FiledOn, now, op.Id);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.LegalProcesses.Add(process);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(LegalAuditActions.ProcessRegistered, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"proceso/{process.Id}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, process.Id, op.ScopeCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
        return process.Id;
    }

    public Task IdentifyAsync(SignedInOperator op, Guid survivorId, IdentifyLegalProcess command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.ProcessIdentified, (p, _) =>
        {
            if (string.IsNullOrWhiteSpace(command.Rit) && string.IsNullOrWhiteSpace(command.Ruc))
                throw new DomainException("Ingrese el RIT o el RUC.");
            // Both parsed before either is applied: a wrong RUC must not leave a half-saved RIT behind.
            Rit? rit = string.IsNullOrWhiteSpace(command.Rit) ? null : Rit.Parse(command.Rit);
            Ruc? ruc = string.IsNullOrWhiteSpace(command.Ruc) ? null : Ruc.Parse(command.Ruc);
            if (rit is { } r) p.IdentifyRit(r);
            if (ruc is { } u) p.IdentifyRuc(u);
        }, ct);

    public Task ResolveAsync(SignedInOperator op, Guid survivorId, ResolveLegalProcess command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.ProcessResolved,
            (p, _) => p.Resolve(command.On, command.Outcome), ct);

    public Task ArchiveAsync(SignedInOperator op, Guid survivorId, ArchiveLegalProcess command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.ProcessArchived,
            (p, _) => p.Archive(command.On, command.Reason), ct);

    public Task ReopenAsync(SignedInOperator op, Guid survivorId, ReopenLegalProcess command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.ProcessReopened, (p, _) => p.Reopen(), ct);

    public Task OrderMeasureAsync(SignedInOperator op, Guid survivorId, OrderProtectiveMeasure command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.MeasureOrdered, (p, db) =>
        {
            var measure = p.OrderMeasure(command.Kind, command.Description, command.ValidFrom, command.ValidUntil, clock.GetUtcNow(), op.Id,
                command.IssuedByCourt);
            // Its id is set by the domain, so change detection would take it for an existing row and UPDATE it.
            db.Entry(measure).State = EntityState.Added;
        }, ct);

    public Task ExtendMeasureAsync(SignedInOperator op, Guid survivorId, ExtendProtectiveMeasure command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.MeasureExtended,
            (p, _) => p.ExtendMeasure(command.MeasureId, command.Until), ct);

    public Task LiftMeasureAsync(SignedInOperator op, Guid survivorId, LiftProtectiveMeasure command, CancellationToken ct = default) =>
        ChangeAsync(op, survivorId, command.ProcessId, command.Version, LegalAuditActions.MeasureLifted,
            (p, _) => p.LiftMeasure(command.MeasureId, command.On), ct);

    /// <summary>
    /// Loads the process, checks the operator may change it, applies <paramref name="change"/> against the version she saw
    /// and saves it with its audit entry and change notification, or nothing at all.
    /// </summary>
    private async Task ChangeAsync(SignedInOperator op, Guid survivorId, Guid processId, uint version, string action,
        Action<LegalProcess, SiivbgDbContext> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var process = await db.LegalProcesses.SingleOrDefaultAsync(p => p.Id == processId && p.SurvivorId == survivorId, ct);
        var centre = process is null ? null : (await HoldingCentresAsync(db, [process], ct))[process.Id];
        var decision = process is null ? AccessDecision.Deny(SurvivorAccessReason.CaseNotOfThisSurvivor)
            : SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Legal, centre);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"proceso/{processId}", ct);

        db.Entry(process!).Property<uint>("Version").OriginalValue = version;
        change(process!, db);
        // Measures live in their own table: touching the process row makes every change check (and bump) its version.
        db.Entry(process!).Property(p => p.Court).IsModified = true;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrentEditException(EditedRecord);
        }
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"proceso/{processId}"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, processId, centre, null, survivorId), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The centre holding each process: its case's centre, else the registering operator's centre (see the class remarks).</summary>
    internal static async Task<Dictionary<Guid, string?>> HoldingCentresAsync(SiivbgDbContext db, IReadOnlyCollection<LegalProcess> processes,
        CancellationToken ct)
    {
        var caseIds = processes.Where(p => p.CaseId is not null).Select(p => p.CaseId!.Value).Distinct().ToArray();
        var caseCentres = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CentreCode, ct);
        var registrars = processes.Where(p => p.CaseId is null).Select(p => p.RegisteredBy).Distinct().ToArray();
        var operatorCentres = await db.Operators.Where(o => registrars.Contains(o.Id) && o.ScopeKind == ScopeKind.Centre)
            .ToDictionaryAsync(o => o.Id, o => o.ScopeCode, ct);
        return processes.ToDictionary(p => p.Id, p => p.CaseId is { } c
            ? caseCentres.GetValueOrDefault(c)
            : operatorCentres.GetValueOrDefault(p.RegisteredBy));
    }

    private static async Task<Dictionary<Guid, uint>> Versions(SiivbgDbContext db, Guid[] ids, CancellationToken ct) =>
        await db.LegalProcesses.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, V = EF.Property<uint>(p, "Version") })
            .ToDictionaryAsync(x => x.Id, x => x.V, ct);

    internal static MeasureRow Row(ProtectiveMeasure m, DateOnly today) => new(m.Id, m.Kind, m.Description, m.IssuedByCourt, m.ValidFrom,
        m.ValidUntil, m.LiftedOn, StateOn(m, today));

    public static MeasureState StateOn(ProtectiveMeasure m, DateOnly today) =>
        m.IsActiveOn(today) ? MeasureState.Active
        : m.LiftedOn is { } lifted && today >= lifted ? MeasureState.Lifted
        : m.ValidUntil is { } until && today > until ? MeasureState.Expired
        : MeasureState.Upcoming;

    // Chile's calendar day: "vigente hoy" must not flip at 21:00 local time when UTC passes midnight.
    /// <summary>The calendar day in Chile (America/Santiago) at <paramref name="now"/>: dates she and the teams speak of.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Chile).DateTime);

    private static readonly TimeZoneInfo Chile = FindChile();

    private static TimeZoneInfo FindChile()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("America/Santiago"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

}
