using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Consents;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>Audit action names of the consent tab (stable identifiers, like <see cref="AuditActions"/>).</summary>
public static class ConsentAuditActions
{
    public const string Read = "consent.read";
    public const string Recorded = "consent.recorded";
    public const string ScopeGranted = "consent.scope-granted";
    public const string ScopeRevoked = "consent.scope-revoked";
    public const string ReportViewed = "consent.report-viewed";
    public const string ScannedCopyAttached = "consent.scanned-copy-attached";
    public const string RelatedPersonConsentChanged = "consent.related-person-changed";
}

/// <summary>
/// Her informed consent (seed §II.7) as caseworkers record it: read, record (obtained or refused), grant and revoke
/// sharing scopes, and the centre's report of consents missing, refused or incomplete. Consent is a registry tab:
/// every centre where she has a case reads it, and one where she has an open case changes it. Each change commits with
/// its audit entry and a change event, so every open file re-reads live.
/// </summary>
/// <remarks>
/// A consent once recorded is never rewritten: a new decision is a new consent; only its scopes change, each change
/// kept in its history. Every write carries the version of the consent the caseworker saw, so one made on stale data
/// saves nothing (<see cref="ConcurrentEditException"/>).
/// </remarks>
public sealed class ConsentService(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail audit, TimeProvider clock, SurvivorFacts survivorFacts)
{
    private const string EditedRecord = "el consentimiento";

    /// <summary>Her consents as this operator may see them; audited as a read of the consent tab.</summary>
    public async Task<ConsentView> GetAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Consent, null, now);
        await audit.EnsureAllowedAsync(op, decision, survivorId, Resource(survivorId), ct);

        var consents = await db.Consents.AsNoTracking().Where(k => k.SurvivorId == survivorId)
            .OrderByDescending(k => k.RecordedAt)
            .Select(k => new { Consent = k, Version = EF.Property<uint>(k, "Version") })
            .ToListAsync(ct);
        var operatorIds = consents.SelectMany(k => k.Consent.ScopeHistory.Select(h => h.By).Append(k.Consent.RecordedBy)).Distinct().ToList();
        var names = await db.Operators.AsNoTracking().Where(o => operatorIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => $"{o.GivenNames} {o.Surnames}", ct);
        var details = consents.Select(k => Detail(k.Consent, k.Version, names)).ToList();
        var canEdit = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Consent, op.ScopeCode).IsAllowed;

        await audit.AppendAsync(new AuditRecord(ConsentAuditActions.Read, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            Resource(survivorId), decision.Reason, JsonSerializer.Serialize(new { consents = details.Select(d => d.Id) })), ct);
        return new ConsentView(details.FirstOrDefault(), details.Skip(1).ToList(), canEdit);
    }

    /// <summary>Records her decision as a new consent; the previous one stays as it was signed.</summary>
    public async Task<Guid> RecordAsync(SignedInOperator op, Guid survivorId, RecordConsent command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureCanEditAsync(db, op, survivorId, ct);
        var now = clock.GetUtcNow();
        var consent = command.Obtained
            ? Consent.RecordObtained(survivorId, command.GivenBy, command.RepresentativeName, command.RepresentativeRelation,
                command.Form ?? default, command.Declarations,
                command.Form switch
                {
                    ConsentForm.SimpleElectronicSignature => ButtonPressEvidence(op, survivorId, now, command.Declarations),
                    ConsentForm.ClaveUnica => command.Evidence,
                    _ => null,
                },
                command.ScannedCopyId, now, op.Id)
            : Consent.RecordRefused(survivorId, command.GivenBy, command.RepresentativeName, command.RepresentativeRelation, now, op.Id);
        if (command.Scopes != ConsentScope.None) consent.GrantScope(command.Scopes, now, op.Id);
        // The column is narrower than the domain allows; say so in Spanish rather than fail in the database.

        if (command.ScannedCopyId is { } copy)
            await AnnexLinks.EnsureLinkableAsync(db, survivorId, copy, AttachmentKind.ConsentScan, op.ScopeCode, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Serialises consent changes for her: two forms based on the same version cannot both become the latest.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM survivors WHERE id = {survivorId} FOR UPDATE", ct);
        var latest = await db.Consents.Where(k => k.SurvivorId == survivorId).OrderByDescending(k => k.RecordedAt)
            .Select(k => new { k.RelatedPersonsWithoutConsent, Version = EF.Property<uint>(k, "Version") }).FirstOrDefaultAsync(ct);
        if (latest?.Version != command.Version) throw new ConcurrentEditException(EditedRecord);
        // Her relatives did not consent by her consenting again: the list follows her latest consent.
        foreach (var person in latest?.RelatedPersonsWithoutConsent ?? []) consent.AddRelatedPersonWithoutConsent(person);

        db.Consents.Add(consent);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, new AuditRecord(ConsentAuditActions.Recorded, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"consentimiento/{consent.Id}", Details: JsonSerializer.Serialize(new
            {
                obtained = consent.Obtained, form = consent.Form?.ToString(), scopes = consent.Scopes.ToString(),
                missing = consent.MissingElements().Select(m => m.ToString()),
            })), ct);
        await PublishAsync(db, op, consent.Id, survivorId, ct);
        await tx.CommitAsync(ct);
        return consent.Id;
    }

    /// <summary>Grants scopes on her latest consent, which must be the version the caseworker saw.</summary>
    public Task GrantScopeAsync(SignedInOperator op, Guid survivorId, ConsentScope scope, uint version, CancellationToken ct = default) =>
        ChangeScopeAsync(op, survivorId, version, ConsentAuditActions.ScopeGranted, scope, null,
            (c, at) => c.GrantScope(scope, at, op.Id), ct);

    /// <summary>Revokes scopes on her latest consent; the reason stays in the scope history.</summary>
    public Task RevokeScopeAsync(SignedInOperator op, Guid survivorId, ConsentScope scope, string reason, uint version, CancellationToken ct = default) =>
        ChangeScopeAsync(op, survivorId, version, ConsentAuditActions.ScopeRevoked, scope, reason,
            (c, at) => c.RevokeScope(scope, at, op.Id, reason), ct);

    /// <summary>Attaches the scanned paper form (an annex of hers, of kind consent, held by this centre) to her latest consent.</summary>
    public Task AttachScannedCopyAsync(SignedInOperator op, Guid survivorId, Guid attachmentId, uint version, CancellationToken ct = default) =>
        ChangeCurrentAsync(op, survivorId, version, ConsentAuditActions.ScannedCopyAttached, null,
            c =>
            {
                if (c.ScannedCopyId == attachmentId) return false;
                c.AttachScannedCopy(attachmentId);
                return true;
            },
            _ => new { attachment = attachmentId }, ct,
            db => AnnexLinks.EnsureLinkableAsync(db, survivorId, attachmentId, AttachmentKind.ConsentScan, op.ScopeCode, ct));

    /// <summary>Records whether one of her related persons (NNA, relatives) has not consented, on her latest consent.</summary>
    public Task SetRelatedPersonConsentAsync(SignedInOperator op, Guid survivorId, Guid relatedPersonId, bool withoutConsent, uint version,
        CancellationToken ct = default) =>
        ChangeCurrentAsync(op, survivorId, version, ConsentAuditActions.RelatedPersonConsentChanged, null,
            c =>
            {
                if (c.RelatedPersonsWithoutConsent.Contains(relatedPersonId) == withoutConsent) return false;
                if (withoutConsent) c.AddRelatedPersonWithoutConsent(relatedPersonId);
                else c.RemoveRelatedPersonWithoutConsent(relatedPersonId);
                return true;
            },
            _ => new { person = relatedPersonId, withoutConsent }, ct,
            async db =>
            {
                if (!await db.RelatedPersons.AnyAsync(p => p.Id == relatedPersonId && p.SurvivorId == survivorId, ct))
                    throw new DomainException("La persona indicada no está registrada entre sus personas relacionadas.");
            });

    /// <summary>
    /// Women with an open case at the operator's centre whose latest consent is missing, refused or incomplete (seed
    /// §II.7 "reportar su inexistencia o incompletitud"). Only the centre team; audited.
    /// </summary>
    public async Task<IReadOnlyList<MissingConsentRow>> MissingConsentReportAsync(SignedInOperator op, CancellationToken ct = default)
    {
        // The centre team is who registers survivors: the same decision says who works a centre's caseload.
        var team = SurvivorAccessPolicy.CanRegister(op);
        if (!team.IsAllowed)
        {
            await audit.AppendDenialAsync(op, null, ReportResource, team.Reason, ct);
            throw new AccessDeniedException();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var openStates = Enum.GetValues<CaseState>().Where(Case.IsOpenState).ToArray();
        var ids = await db.Cases.Where(c => c.CentreCode == op.ScopeCode && openStates.Contains(c.State))
            .Select(c => c.SurvivorId).Distinct().ToArrayAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, ids, ct);
        var readable = ids.Where(id => SurvivorAccessPolicy.CanReadDetail(op, facts[id], SurvivorTab.Consent, null, now).IsAllowed).ToArray();

        var consents = await db.Consents.AsNoTracking().Where(k => readable.Contains(k.SurvivorId)).ToListAsync(ct);
        var survivors = await db.Survivors.AsNoTracking().Where(s => readable.Contains(s.Id))
            .Select(s => new { s.Id, s.GivenNames, s.Surnames, s.Run }).ToListAsync(ct);
        var rows = survivors
            .OrderBy(s => s.Surnames, StringComparer.CurrentCulture).ThenBy(s => s.GivenNames, StringComparer.CurrentCulture)
            .Select(s =>
            {
                var latest = consents.Where(k => k.SurvivorId == s.Id).MaxBy(k => k.RecordedAt);
                var name = $"{s.GivenNames} {s.Surnames}";
                return latest switch
                {
                    null => new MissingConsentRow(s.Id, name, s.Run, ConsentGap.None, []),
                    { Obtained: false } => new MissingConsentRow(s.Id, name, s.Run, ConsentGap.Refused, latest.MissingElements()),
                    { IsComplete: false } => new MissingConsentRow(s.Id, name, s.Run, ConsentGap.Incomplete, latest.MissingElements()),
                    _ => null,
                };
            })
            .OfType<MissingConsentRow>()
            .ToList();

        await audit.AppendAsync(new AuditRecord(ConsentAuditActions.ReportViewed, AuditOutcome.Allowed, op.Id, op.Run,
            Resource: ReportResource, Reason: team.Reason,
            Details: JsonSerializer.Serialize(new { centre = op.ScopeCode, survivors = rows.Select(r => r.SurvivorId) })), ct);
        return rows;
    }

    private const string ReportResource = "consentimientos";

    private Task ChangeScopeAsync(SignedInOperator op, Guid survivorId, uint version, string action, ConsentScope scope,
        string? reason, Action<Consent, DateTimeOffset> change, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        return ChangeCurrentAsync(op, survivorId, version, action, reason, c =>
        {
            var before = c.ScopeHistory.Count;
            change(c, at);
            return c.ScopeHistory.Count != before;   // nothing to grant or revoke: nothing to record
        }, c => new { scope = scope.ToString(), scopes = c.Scopes.ToString() }, ct);
    }

    /// <summary>
    /// Changes her latest consent, which must be the version the caseworker saw; <paramref name="change"/> says whether it
    /// changed anything (nothing is recorded when it did not); <paramref name="details"/> describes it, after the change,
    /// for the audit entry; <paramref name="validate"/> checks the request once access is settled.
    /// </summary>
    private async Task ChangeCurrentAsync(SignedInOperator op, Guid survivorId, uint version, string action, string? reason,
        Func<Consent, bool> change, Func<Consent, object> details, CancellationToken ct, Func<SiivbgDbContext, Task>? validate = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureCanEditAsync(db, op, survivorId, ct);
        if (validate is not null) await validate(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var consent = await db.Consents.Where(k => k.SurvivorId == survivorId).OrderByDescending(k => k.RecordedAt).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("No hay consentimiento registrado; registre primero el consentimiento.");
        var current = db.Entry(consent).Property<uint>("Version");
        if (current.CurrentValue != version) throw new ConcurrentEditException(EditedRecord);
        // The row-version check also catches a change committed between this read and the update.
        current.OriginalValue = version;
        if (!change(consent)) return;

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrentEditException(EditedRecord);
        }
        await audit.AppendAsync(db, new AuditRecord(action, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"consentimiento/{consent.Id}", reason, JsonSerializer.Serialize(details(consent))), ct);
        await PublishAsync(db, op, consent.Id, survivorId, ct);
        await tx.CommitAsync(ct);
    }

    private async Task EnsureCanEditAsync(SiivbgDbContext db, SignedInOperator op, Guid survivorId, CancellationToken ct)
    {
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Consent, op.ScopeCode);
        if (decision.IsAllowed) return;
        await audit.AppendDenialAsync(op, survivorId, Resource(survivorId), decision.Reason, ct);
        throw new AccessDeniedException();
    }

    private static Task PublishAsync(SiivbgDbContext db, SignedInOperator op, Guid consentId, Guid survivorId, CancellationToken ct) =>
        ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, consentId, op.ScopeCode, null, survivorId), ct);

    /// <summary>
    /// Firma electrónica simple: she pressed the authorisation button with the caseworker. The evidence binds who
    /// recorded it, for whom, when and what she was told, so a later edit of any of them would not match.
    /// </summary>
    private static string ButtonPressEvidence(SignedInOperator op, Guid survivorId, DateTimeOffset at, ConsentDeclarations d)
    {
        var record = $"{op.Id:N}|{survivorId:N}|{at.UtcDateTime:O}|{d.PurposeAndRecipients}|{d.ConsequencesOfRefusal}|{d.ArcopiRights}|{d.Confidentiality}|{d.TruthfulData}";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record)));
    }

    private static ConsentDetail Detail(Consent k, uint version, IReadOnlyDictionary<Guid, string> names) => new(
        k.Id, k.Obtained, k.GivenBy, k.RepresentativeName, k.RepresentativeRelation, k.Form, k.SignatureEvidence, k.ScannedCopyId,
        k.Declarations, k.Scopes,
        k.ScopeHistory.OrderBy(h => h.At).Select(h => new ConsentScopeEntry(h.Scope, h.Granted, h.At, NameOf(h.By, names), h.Reason)).ToList(),
        k.RelatedPersonsWithoutConsent.ToList(), k.MissingElements(), k.RecordedAt, NameOf(k.RecordedBy, names), version);

    private static string NameOf(Guid id, IReadOnlyDictionary<Guid, string> names) => names.GetValueOrDefault(id, "—");

    private static string Resource(Guid survivorId) => $"sobreviviente/{survivorId}/consentimiento";

}
