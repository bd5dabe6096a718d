using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

public sealed record RelatedPersonView(Guid Id, RelatedPersonKind Kind, string? Names, int? BirthYear, RegisteredSex Sex,
    string? ChildRelation, AggressorRelation? AggressorRelation, string? Notes, string CentreCode);

public sealed record RelatedPeople(IReadOnlyList<RelatedPersonView> Visible, int Hidden, bool CanEdit);

public sealed record RecordChild(string FirstName, int BirthYear, RegisteredSex Sex, string Relation);

public sealed record RecordAggressor(string? Names, AggressorRelation Relation, RegisteredSex Sex, int? ApproximateAge, string? Notes);

/// <summary>Her NNA and the alleged aggressor(s): a section of their own, held by the recording centre, every read audited.</summary>
public sealed class RelatedPersonService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts)
{
    public const string Viewed = "related-persons.viewed";
    public const string Recorded = "related-person.recorded";

    public async Task<RelatedPeople> ListAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var now = clock.GetUtcNow();
        var all = await db.RelatedPersons.AsNoTracking().Where(p => p.SurvivorId == survivorId).OrderBy(p => p.Kind).ThenBy(p => p.RecordedAt).ToListAsync(ct);
        var visible = all.Where(p => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.RelatedPersons, p.RecordedByCentre, now).IsAllowed)
            .Select(p => new RelatedPersonView(p.Id, p.Kind, p.Names, p.BirthYear, p.Sex, p.ChildRelation, p.AggressorRelation, p.Notes, p.RecordedByCentre))
            .ToList();
        var canEdit = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.RelatedPersons, op.ScopeCode).IsAllowed;
        if (visible.Count == 0 && !canEdit && !SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Identification, null, now).IsAllowed)
        {
            await audit.AppendDenialAsync(op, survivorId, $"sobreviviente/{survivorId}/relacionados", null, ct);
            throw new AccessDeniedException();
        }
        await audit.AppendAsync(new AuditRecord(Viewed, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"sobreviviente/{survivorId}/relacionados",
            Details: $"{visible.Count} visibles, {all.Count - visible.Count} ocultos"), ct);
        return new RelatedPeople(visible, all.Count - visible.Count, canEdit);
    }

    public Task<Guid> RecordChildAsync(SignedInOperator op, Guid survivorId, RecordChild c, CancellationToken ct = default) =>
        RecordAsync(op, survivorId, now => RelatedPerson.RecordChild(survivorId, op.ScopeCode ?? "", c.FirstName, c.BirthYear, c.Sex, c.Relation, now, op.Id), ct);

    public Task<Guid> RecordAggressorAsync(SignedInOperator op, Guid survivorId, RecordAggressor a, CancellationToken ct = default) =>
        RecordAsync(op, survivorId, now => RelatedPerson.RecordAggressor(survivorId, op.ScopeCode ?? "", a.Names, a.Relation, a.Sex, a.ApproximateAge, a.Notes, now, op.Id), ct);

    private async Task<Guid> RecordAsync(SignedInOperator op, Guid survivorId, Func<DateTimeOffset, RelatedPerson> create, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.RelatedPersons, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/relacionados", ct);
        var person = create(clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RelatedPersons.Add(person);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(Recorded, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"relacionado/{person.Id}",
            Details: person.Kind.ToString()), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, person.Id, op.ScopeCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
        return person.Id;
    }
}
