using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class ConsentServiceTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private ConsentService _consents = default!;
    private SignedInOperator _santiago = default!, _valparaiso = default!, _head = default!, _executing = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        _consents = _services.GetRequiredService<ConsentService>();
        var directory = _services.GetRequiredService<OperatorDirectory>();
        async Task<SignedInOperator> Op(int number) =>
            (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == number).Run)).Operator!.ToSignedIn();
        _santiago = await Op(10_666_777);
        _valparaiso = await Op(10_777_888);
        _head = await Op(10_555_666);
        _executing = await Op(10_444_555);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<Guid> RegisterAsync(SignedInOperator op, int run, string given, string surnames) =>
        (await _registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, given, surnames, new DateOnly(1988, 3, 1)))).SurvivorId;

    private static RecordConsent Complete(uint? version = null, ConsentScope scopes = ConsentScope.None) =>
        new(true, ConsentGiver.Survivor, null, null, ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, scopes, version);

    [Fact]
    public async Task Record_WithEveryDeclarationAndAButtonPress_IsComplete_WithServerEvidence_AndAudited()
    {
        var woman = await RegisterAsync(_santiago, 41_000_001, "Lucía", "Demo Rojas");

        var id = await _consents.RecordAsync(_santiago, woman, Complete(scopes: ConsentScope.Statistics));

        var view = await _consents.GetAsync(_santiago, woman);
        var current = view.Current!;
        Assert.Equal(id, current.Id);
        Assert.True(current.Obtained);
        Assert.True(current.IsComplete);
        Assert.Matches("^sha256:[0-9a-f]{64}$", current.SignatureEvidence!);
        Assert.Equal(ConsentScope.Statistics, current.Scopes);
        Assert.Equal("Francisca Demo Interventora", current.RecordedBy);
        Assert.True(view.CanEdit);
        var audit = await _services.AuditRowsAsync();
        Assert.Contains(audit, a => a.Action == ConsentAuditActions.Recorded && a.SurvivorId == woman && a.Resource == $"consentimiento/{id}");
        Assert.Contains(audit, a => a.Action == ConsentAuditActions.Read && a.SurvivorId == woman);
    }

    [Fact]
    public async Task Record_OnPaperWithoutTheScannedCopy_AndWithoutAnItem_IsIncomplete_ListingWhatIsMissing()
    {
        var woman = await RegisterAsync(_santiago, 41_000_002, "Carla", "Demo Soto");

        await _consents.RecordAsync(_santiago, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null, ConsentForm.ScannedPaper,
            ConsentDeclarations.All with { ArcopiRights = false }, null, null, ConsentScope.None, null));

        var current = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.False(current.IsComplete);
        Assert.Equal([ConsentElement.ScannedCopy, ConsentElement.ArcopiRights], current.Missing);
        Assert.False(current.HasEvidence);
    }

    private async Task<Guid> UploadAsync(SignedInOperator op, Guid woman, SIIVbG.Domain.Attachments.AttachmentKind kind)
    {
        using var pdf = new MemoryStream(SIIVbG.Tests.Domain.Attachments.SampleFiles.Pdf());
        return await _services.GetRequiredService<SIIVbG.Infrastructure.Attachments.AttachmentService>()
            .UploadAsync(op, woman, pdf, "consentimiento.pdf", "application/pdf", kind);
    }

    private static RecordConsent OnPaper() => new(true, ConsentGiver.Survivor, null, null, ConsentForm.ScannedPaper,
        ConsentDeclarations.All, null, null, ConsentScope.None, null);

    [Fact]
    public async Task AttachScannedCopy_OfHerConsentAnnex_CompletesThePaperConsent_AndIsAudited()
    {
        var woman = await RegisterAsync(_santiago, 41_000_030, "Nora", "Demo Papel");
        await _consents.RecordAsync(_santiago, woman, OnPaper());
        var scan = await UploadAsync(_santiago, woman, SIIVbG.Domain.Attachments.AttachmentKind.ConsentScan);
        var before = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.Equal([ConsentElement.ScannedCopy], before.Missing);

        await _consents.AttachScannedCopyAsync(_santiago, woman, scan, before.Version);

        var after = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.Equal(scan, after.ScannedCopyId);
        Assert.True(after.IsComplete);
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == ConsentAuditActions.ScannedCopyAttached && a.SurvivorId == woman);
    }

    [Fact]
    public async Task AttachScannedCopy_OfAnotherWomansAnnex_OrAnotherKind_IsRefused_AndLinksNothing()
    {
        var woman = await RegisterAsync(_santiago, 41_000_031, "Nora", "Demo Papel");
        var other = await RegisterAsync(_santiago, 41_000_032, "Olga", "Demo Otra");
        await _consents.RecordAsync(_santiago, woman, OnPaper());
        var othersScan = await UploadAsync(_santiago, other, SIIVbG.Domain.Attachments.AttachmentKind.ConsentScan);
        var herPlanPdf = await UploadAsync(_santiago, woman, SIIVbG.Domain.Attachments.AttachmentKind.InterventionPlan);
        var version = (await _consents.GetAsync(_santiago, woman)).Current!.Version;

        var ex = await Assert.ThrowsAsync<DomainException>(() => _consents.AttachScannedCopyAsync(_santiago, woman, othersScan, version));
        await Assert.ThrowsAsync<DomainException>(() => _consents.AttachScannedCopyAsync(_santiago, woman, herPlanPdf, version));
        await Assert.ThrowsAsync<DomainException>(() => _consents.RecordAsync(_santiago, woman, OnPaper() with { ScannedCopyId = othersScan, Version = version }));

        Assert.Equal(SIIVbG.Infrastructure.Attachments.AnnexLinks.NotLinkable, ex.Message);
        Assert.Null((await _consents.GetAsync(_santiago, woman)).Current!.ScannedCopyId);
    }

    [Fact]
    public async Task RelatedPersonWithoutConsent_IsRecordedOnHerConsent_AndCanBeWithdrawn()
    {
        var woman = await RegisterAsync(_santiago, 41_000_033, "Nora", "Demo Familia");
        await _consents.RecordAsync(_santiago, woman, Complete());
        var child = await _services.GetRequiredService<RelatedPersonService>().RecordChildAsync(_santiago, woman,
            new RecordChild("Tomás", 2015, SIIVbG.Domain.Survivors.RegisteredSex.Male, "Hijo"));
        var version = (await _consents.GetAsync(_santiago, woman)).Current!.Version;

        await _consents.SetRelatedPersonConsentAsync(_santiago, woman, child, withoutConsent: true, version);
        var marked = (await _consents.GetAsync(_santiago, woman)).Current!;
        await _consents.SetRelatedPersonConsentAsync(_santiago, woman, child, withoutConsent: false, marked.Version);

        Assert.Equal([child], marked.RelatedPersonsWithoutConsent);
        Assert.Empty((await _consents.GetAsync(_santiago, woman)).Current!.RelatedPersonsWithoutConsent);
        await Assert.ThrowsAsync<DomainException>(() => _consents.SetRelatedPersonConsentAsync(_santiago, woman, Guid.NewGuid(), true,
            marked.Version));
    }

    [Fact]
    public async Task Record_WithClaveUnica_KeepsTheEvidenceText()
    {
        var woman = await RegisterAsync(_santiago, 41_000_003, "Inés", "Demo Lagos");

        await _consents.RecordAsync(_santiago, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null, ConsentForm.ClaveUnica,
            ConsentDeclarations.All, "ClaveÚnica sesión ficticia 42", null, ConsentScope.None, null));

        var current = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.Equal("ClaveÚnica sesión ficticia 42", current.SignatureEvidence);
        Assert.True(current.IsComplete);
    }

    [Fact]
    public async Task Record_ARefusal_IsKept_AsNotObtained_AndTheEarlierConsentStaysInHistory()
    {
        var woman = await RegisterAsync(_santiago, 41_000_004, "Olga", "Demo Pizarro");
        await _consents.RecordAsync(_santiago, woman, Complete());
        var first = (await _consents.GetAsync(_santiago, woman)).Current!;

        await _consents.RecordAsync(_santiago, woman, new RecordConsent(false, ConsentGiver.Survivor, null, null, null,
            ConsentDeclarations.None, null, null, ConsentScope.None, first.Version));

        var view = await _consents.GetAsync(_santiago, woman);
        Assert.False(view.Current!.Obtained);
        Assert.Contains(ConsentElement.Obtained, view.Current.Missing);
        Assert.Equal(first.Id, Assert.Single(view.Earlier).Id);
        Assert.True(view.Earlier[0].IsComplete);
    }

    [Fact]
    public async Task Record_ByARepresentative_WithoutHerName_IsRefusedInSpanish_AndSavesNothing()
    {
        var woman = await RegisterAsync(_santiago, 41_000_005, "Paula", "Demo Vera");

        var ex = await Assert.ThrowsAsync<DomainException>(() => _consents.RecordAsync(_santiago, woman,
            Complete() with { GivenBy = ConsentGiver.Representative, RepresentativeName = "  ", RepresentativeRelation = "Madre" }));

        Assert.Equal("Indique el nombre del representante y su relación con la sobreviviente.", ex.Message);
        Assert.Null((await _consents.GetAsync(_santiago, woman)).Current);
    }

    [Fact]
    public async Task Record_ByARepresentative_WithNameAndRelation_KeepsBoth()
    {
        var woman = await RegisterAsync(_santiago, 41_000_006, "Sofía", "Demo Reyes");

        await _consents.RecordAsync(_santiago, woman,
            Complete() with { GivenBy = ConsentGiver.Representative, RepresentativeName = "Rosa Demo Reyes", RepresentativeRelation = "Madre" });

        var current = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.Equal(ConsentGiver.Representative, current.GivenBy);
        Assert.Equal(("Rosa Demo Reyes", "Madre"), (current.RepresentativeName, current.RepresentativeRelation));
    }

    [Fact]
    public async Task GrantAndRevoke_KeepEveryChange_WithWhoWhenAndWhy()
    {
        var woman = await RegisterAsync(_santiago, 41_000_007, "Teresa", "Demo Campos");
        await _consents.RecordAsync(_santiago, woman, Complete());
        var v1 = (await _consents.GetAsync(_santiago, woman)).Current!.Version;

        await _consents.GrantScopeAsync(_santiago, woman, ConsentScope.ShareWithInstitutions, v1);
        var v2 = (await _consents.GetAsync(_santiago, woman)).Current!.Version;
        await _consents.RevokeScopeAsync(_head, woman, ConsentScope.ShareWithInstitutions, "Ella pidió dejar de compartir", v2);

        var current = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.Equal(ConsentScope.None, current.Scopes);
        Assert.Collection(current.ScopeHistory,
            g => Assert.Equal((ConsentScope.ShareWithInstitutions, true, "Francisca Demo Interventora", (string?)null), (g.Scope, g.Granted, g.By, g.Reason)),
            r => Assert.Equal((ConsentScope.ShareWithInstitutions, false, "Elena Isabel Demo Encargada", "Ella pidió dejar de compartir"), (r.Scope, r.Granted, r.By, r.Reason)));
        Assert.True(current.ScopeHistory[1].At >= current.ScopeHistory[0].At);
        var audit = await _services.AuditRowsAsync();
        Assert.Contains(audit, a => a.Action == ConsentAuditActions.ScopeRevoked && a.Reason == "Ella pidió dejar de compartir" && a.OperatorId == _head.Id);
    }

    [Fact]
    public async Task Revoke_WithoutAReason_IsRefusedInSpanish()
    {
        var woman = await RegisterAsync(_santiago, 41_000_008, "Eva", "Demo Mora");
        await _consents.RecordAsync(_santiago, woman, Complete(scopes: ConsentScope.Statistics));
        var v = (await _consents.GetAsync(_santiago, woman)).Current!.Version;

        var ex = await Assert.ThrowsAsync<DomainException>(() => _consents.RevokeScopeAsync(_santiago, woman, ConsentScope.Statistics, " ", v));

        Assert.Equal("Indique el motivo de la revocación.", ex.Message);
        Assert.Equal(ConsentScope.Statistics, (await _consents.GetAsync(_santiago, woman)).Current!.Scopes);
    }

    [Fact]
    public async Task RevokingShareWithCentres_HidesTheOtherCentresTrajectoryRowAgain()
    {
        var woman = await RegisterAsync(_valparaiso, 41_000_009, "Marcela", "Demo Ortiz");
        await _registry.OpenCaseAtMyCentreAsync(_santiago, Run.FromNumber(41_000_009).ToString());
        await _consents.RecordAsync(_valparaiso, woman, Complete(scopes: ConsentScope.ShareWithSernamEgCentres));
        var shared = await _registry.OpenFileAsync(_santiago, woman);
        Assert.Equal(2, shared.Trajectory.Count);

        var v = (await _consents.GetAsync(_santiago, woman)).Current!.Version;
        await _consents.RevokeScopeAsync(_santiago, woman, ConsentScope.ShareWithSernamEgCentres, "Revoca el permiso en entrevista", v);

        var hidden = await _registry.OpenFileAsync(_santiago, woman);
        Assert.Equal("CDM-13101-D", Assert.Single(hidden.Trajectory).CentreCode);
        Assert.Equal(1, hidden.HiddenCases);
    }

    [Fact]
    public async Task TwoScopeChanges_FromTheSameVersion_TheSecondIsRefused_AndTheFirstKept()
    {
        var woman = await RegisterAsync(_santiago, 41_000_010, "Javiera", "Demo Castillo");
        await _consents.RecordAsync(_santiago, woman, Complete());
        var seen = (await _consents.GetAsync(_santiago, woman)).Current!.Version;

        await _consents.GrantScopeAsync(_santiago, woman, ConsentScope.Statistics, seen);
        var ex = await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(() => _consents.GrantScopeAsync(_head, woman, ConsentScope.ShareWithInstitutions, seen));

        Assert.StartsWith("Otra persona modificó", ex.Message);
        var current = (await _consents.GetAsync(_santiago, woman)).Current!;
        Assert.Equal(ConsentScope.Statistics, current.Scopes);
        Assert.Single(current.ScopeHistory);
    }

    [Fact]
    public async Task TwoRecords_FromTheSameVersion_TheSecondIsRefused_AndTheFirstKept()
    {
        var woman = await RegisterAsync(_santiago, 41_000_011, "Ana", "Demo Contreras");

        var first = await _consents.RecordAsync(_santiago, woman, Complete());
        var ex = await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(() => _consents.RecordAsync(_head, woman,
            new RecordConsent(false, ConsentGiver.Survivor, null, null, null, ConsentDeclarations.None, null, null, ConsentScope.None, null)));

        Assert.StartsWith("Otra persona modificó el consentimiento", ex.Message);
        var view = await _consents.GetAsync(_santiago, woman);
        Assert.Equal(first, view.Current!.Id);
        Assert.Empty(view.Earlier);
    }

    [Fact]
    public async Task TwoRecords_AtOnce_FromTheSameVersion_SaveExactlyOne()
    {
        var woman = await RegisterAsync(_santiago, 41_000_012, "Rosa", "Demo Fuentes");

        var results = await Task.WhenAll(
            Attempt(() => _consents.RecordAsync(_santiago, woman, Complete())),
            Attempt(() => _consents.RecordAsync(_head, woman, Complete())));

        Assert.Single(results, ok => ok);
        await using var db = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Consents.CountAsync(k => k.SurvivorId == woman));

        static async Task<bool> Attempt(Func<Task> save)
        {
            try { await save(); return true; }
            catch (SIIVbG.Infrastructure.Common.ConcurrentEditException) { return false; }
        }
    }

    [Fact]
    [Trait("Area", "Access")]
    public async Task AnotherCentre_NeitherReadsNorRecords_AndBothDenialsAreAudited()
    {
        var woman = await RegisterAsync(_valparaiso, 41_000_013, "Helga", "Demo Araya");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _consents.GetAsync(_santiago, woman));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _consents.RecordAsync(_santiago, woman, Complete()));

        var denials = (await _services.AuditRowsAsync())
            .Where(a => a.Action == AuditActions.AccessDenied && a.OperatorId == _santiago.Id && a.SurvivorId == woman).ToList();
        Assert.Equal(2, denials.Count);
        Assert.All(denials, d => Assert.Equal($"sobreviviente/{woman}/consentimiento", d.Resource));
        Assert.Null((await _consents.GetAsync(_valparaiso, woman)).Current);
    }

    [Fact]
    [Trait("Area", "Access")]
    public async Task AGrantHolder_ReadsTheConsent_ButCannotChangeIt()
    {
        var woman = await RegisterAsync(_valparaiso, 41_000_014, "Nora", "Demo Silva");
        await _consents.RecordAsync(_valparaiso, woman, Complete());
        await using (var db = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            db.AccessGrants.Add(AccessGrant.Approve(_santiago.Id, woman, GrantScope.Only(SurvivorTab.Consent), "Derivación urgente",
                _head.Id, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
            await db.SaveChangesAsync();
        }

        var view = await _consents.GetAsync(_santiago, woman);

        Assert.False(view.CanEdit);
        Assert.True(view.Current!.IsComplete);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _consents.GrantScopeAsync(_santiago, woman, ConsentScope.Statistics, view.Current.Version));
    }

    [Fact]
    public async Task Report_ListsExactlyHerCentresOpenCasesWhoseConsentIsMissingRefusedOrIncomplete()
    {
        var complete = await RegisterAsync(_santiago, 41_000_015, "Alba", "Demo Completa");
        var incomplete = await RegisterAsync(_santiago, 41_000_016, "Berta", "Demo Incompleta");
        var refused = await RegisterAsync(_santiago, 41_000_017, "Clara", "Demo Negada");
        var none = await RegisterAsync(_santiago, 41_000_018, "Dora", "Demo Sin");
        var elsewhere = await RegisterAsync(_valparaiso, 41_000_019, "Ema", "Demo Valparaíso");
        await _consents.RecordAsync(_santiago, complete, Complete());
        await _consents.RecordAsync(_santiago, incomplete, Complete() with { Declarations = ConsentDeclarations.All with { TruthfulData = false } });
        await _consents.RecordAsync(_santiago, refused,
            new RecordConsent(false, ConsentGiver.Survivor, null, null, null, ConsentDeclarations.None, null, null, ConsentScope.None, null));
        Assert.NotEqual(Guid.Empty, elsewhere);

        // The demo seed fills the centre with generated women; this test looks at the ones it registered.
        var mine = new HashSet<Guid> { complete, incomplete, refused, none, elsewhere };
        var report = (await _consents.MissingConsentReportAsync(_santiago)).Where(r => mine.Contains(r.SurvivorId)).ToList();

        Assert.Equal([(incomplete, ConsentGap.Incomplete), (refused, ConsentGap.Refused), (none, ConsentGap.None)],
            report.Select(r => (r.SurvivorId, r.Gap)).OrderBy(r => r.Gap == ConsentGap.Incomplete ? 0 : r.Gap == ConsentGap.Refused ? 1 : 2));
        Assert.Equal([ConsentElement.TruthfulData], report.Single(r => r.SurvivorId == incomplete).Missing);
        Assert.Equal(Run.FromNumber(41_000_016).ToString(), report.Single(r => r.SurvivorId == incomplete).Run);
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == ConsentAuditActions.ReportViewed && a.OperatorId == _santiago.Id);
    }

    [Fact]
    [Trait("Area", "Access")]
    public async Task Report_ForALevelThatDoesNotWorkACentre_IsDenied_AndAudited()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _consents.MissingConsentReportAsync(_executing));

        Assert.Contains(await _services.AuditRowsAsync(),
            a => a.Action == AuditActions.AccessDenied && a.OperatorId == _executing.Id && a.Resource == "consentimientos");
    }
}
