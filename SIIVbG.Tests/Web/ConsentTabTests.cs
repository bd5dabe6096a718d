using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

/// <summary>The consent tab of her file: the form reads each declaration item to her, saves, and is read-only to grant holders.</summary>
[Trait("Area", "Registry")]
public sealed class ConsentTabTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Saving_WithADeclarationItemUnticked_SaysWhichIsMissing_AndSavesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (op, woman, file) = await WomanAtTheCentreAsync(db, 42_000_001);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var cut = ctx.Render<ConsentTab>(p => p.Add(c => c.File, file).Add(c => c.SurvivorId, woman));
        cut.WaitForElement("[data-testid=guardar-consentimiento]", Timeout);

        foreach (var item in ConsentDeclarationItems.All.Where(i => i != ConsentElement.ArcopiRights))
            await Declaration(cut, item).ChangeAsync(new() { Value = true });
        await cut.Find("[data-testid=guardar-consentimiento]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(
            "Marque cada elemento de la declaración que se le informó. Falta: Derechos ARCOPI.",
            cut.Find("[data-testid=consentimiento-error]").TextContent.Trim()), Timeout);
        await using var check = db.CreateServices();
        await using var ctxDb = await check.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        Assert.False(await ctxDb.Consents.AnyAsync(k => k.SurvivorId == woman));
    }

    [Fact]
    public async Task Saving_WithEveryItemTicked_ShowsTheConsentAsComplete_WithItsSignature()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (op, woman, file) = await WomanAtTheCentreAsync(db, 42_000_002);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var cut = ctx.Render<ConsentTab>(p => p.Add(c => c.File, file).Add(c => c.SurvivorId, woman));
        cut.WaitForElement("[data-testid=guardar-consentimiento]", Timeout);
        Assert.Equal("Sin consentimiento registrado", cut.Find("[data-testid=consentimiento-situacion]").TextContent.Trim());

        foreach (var item in ConsentDeclarationItems.All)
            await Declaration(cut, item).ChangeAsync(new() { Value = true });
        await cut.Find("[data-testid=guardar-consentimiento]").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Completo", cut.Find("[data-testid=consentimiento-situacion]").TextContent.Trim());
            Assert.Equal("Registrada", cut.Find("[data-testid=consentimiento-firma]").TextContent.Trim());
            Assert.Single(cut.FindAll("[data-testid=consentimiento-guardado]"));
        }, Timeout);
        Assert.Empty(cut.FindAll("[data-testid=consentimiento-falta]"));
    }

    [Fact]
    public async Task RevokingAScope_AsksForTheReason_AndShowsItInTheHistory()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (op, woman, file) = await WomanAtTheCentreAsync(db, 42_000_003);
        await using (var services = db.CreateServices())
            await services.GetRequiredService<ConsentService>().RecordAsync(op.ToSignedIn(), woman, new RecordConsent(true, ConsentGiver.Survivor,
                null, null, ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.Statistics, null));
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var cut = ctx.Render<ConsentTab>(p => p.Add(c => c.File, file).Add(c => c.SurvivorId, woman));
        cut.WaitForElement("[data-testid=consentimiento-usos]", Timeout);

        await Switch(cut, ConsentScope.Statistics).ChangeAsync(new() { Value = false });
        cut.WaitForElement("[data-testid=revocar-uso]", Timeout);
        await cut.Find("[data-testid=confirmar-revocacion]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Indique el motivo de la revocación.", cut.Find("[data-testid=usos-error]").TextContent.Trim()), Timeout);
        await cut.InvokeAsync(() => cut.Find("#revocar-motivo").Change("Ya no quiere fines estadísticos"));
        await cut.Find("[data-testid=confirmar-revocacion]").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var latest = cut.FindAll("[data-testid=uso-cambio]")[0];
            Assert.Contains("Revocó", latest.TextContent);
            Assert.Contains("Ya no quiere fines estadísticos", latest.TextContent);
            Assert.Empty(cut.FindAll("[data-testid=revocar-uso]"));
        }, Timeout);
    }

    [Fact]
    [Trait("Area", "Access")]
    public async Task ForAGrantHolder_TheTabIsReadOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        var valparaiso = await OperatorAsync(db, 10_777_888);
        var santiago = await OperatorAsync(db, 10_666_777);
        Guid woman;
        SurvivorFile file;
        await using (var services = db.CreateServices())
        {
            woman = (await services.GetRequiredService<SurvivorRegistry>().RegisterAsync(valparaiso.ToSignedIn(),
                new RegisterSurvivor(Run.FromNumber(42_000_004).ToString(), null, "Nora", "Demo Silva", null))).SurvivorId;
            await services.GetRequiredService<ConsentService>().RecordAsync(valparaiso.ToSignedIn(), woman, new RecordConsent(true,
                ConsentGiver.Survivor, null, null, ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.Statistics, null));
            await using (var ctxDb = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
            {
                ctxDb.AccessGrants.Add(AccessGrant.Approve(santiago.Id, woman, GrantScope.AllDetailsScope, "Derivación urgente",
                    valparaiso.Id, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
                await ctxDb.SaveChangesAsync();
            }
            file = await services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(santiago.ToSignedIn(), woman);
        }
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(santiago);

        var cut = ctx.Render<ConsentTab>(p => p.Add(c => c.File, file).Add(c => c.SurvivorId, woman));

        cut.WaitForElement("[data-testid=consentimiento-solo-lectura]", Timeout);
        Assert.Equal("Completo", cut.Find("[data-testid=consentimiento-situacion]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=nuevo-consentimiento]"));
        Assert.True(Switch(cut, ConsentScope.Statistics).HasAttribute("disabled"));
    }

    [Fact]
    public async Task ReportPage_ListsHerWithWhatIsMissing_AndLinksToHerFile()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (op, woman, _) = await WomanAtTheCentreAsync(db, 42_000_005);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);

        var cut = ctx.Render<ConsentReportPage>();

        cut.WaitForAssertion(() =>
        {
            var row = cut.Find($"[data-testid=consentimiento-pendiente][data-survivor='{woman}']");
            Assert.Contains("Lucía Demo Rojas", row.TextContent);
            Assert.Contains(Run.FromNumber(42_000_005).ToDisplay(), row.TextContent);
            Assert.Contains("Sin consentimiento registrado", row.TextContent);
            Assert.Equal($"/panel/casos/sobreviviente/{woman}", row.QuerySelector("a")!.GetAttribute("href"));
        }, Timeout);
    }

    [Fact]
    public async Task PaperConsent_UploadingTheScannedCopy_LinksIt_AndTheConsentBecomesComplete()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (op, woman, file) = await WomanAtTheCentreAsync(db, 42_000_006);
        await using (var services = db.CreateServices())
            await services.GetRequiredService<ConsentService>().RecordAsync(op.ToSignedIn(), woman, new RecordConsent(true, ConsentGiver.Survivor,
                null, null, ConsentForm.ScannedPaper, ConsentDeclarations.All, null, null, ConsentScope.None, null));
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var cut = ctx.Render<ConsentTab>(p => p.Add(c => c.File, file).Add(c => c.SurvivorId, woman));
        cut.WaitForElement("[data-testid=consentimiento-respaldo] [data-testid=nuevo-anexo]", Timeout);
        Assert.Equal("Incompleto", cut.Find("[data-testid=consentimiento-situacion]").TextContent.Trim());

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(SIIVbG.Tests.Domain.Attachments.SampleFiles.Pdf(), "consentimiento-firmado.pdf", contentType: "application/pdf"));
        cut.WaitForElement("[data-testid=anexo-elegido]", Timeout);
        await cut.InvokeAsync(() => cut.Find("[data-testid=subir-anexo]").Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Completo", cut.Find("[data-testid=consentimiento-situacion]").TextContent.Trim());
            Assert.StartsWith("/anexos/", cut.Find("[data-testid=consentimiento-copia]").GetAttribute("href"));
        }, Timeout);
        Assert.Empty(cut.FindAll("[data-testid=consentimiento-respaldo] [data-testid=nuevo-anexo]"));
    }

    [Fact]
    public async Task MarkingAChildAsNotConsenting_IsKeptOnHerConsent()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (op, woman, file) = await WomanAtTheCentreAsync(db, 42_000_007);
        Guid child;
        await using (var services = db.CreateServices())
        {
            await services.GetRequiredService<ConsentService>().RecordAsync(op.ToSignedIn(), woman, new RecordConsent(true, ConsentGiver.Survivor,
                null, null, ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.None, null));
            child = await services.GetRequiredService<RelatedPersonService>().RecordChildAsync(op.ToSignedIn(), woman,
                new RecordChild("Tomás", 2015, SIIVbG.Domain.Survivors.RegisteredSex.Male, "Hijo"));
        }
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var cut = ctx.Render<ConsentTab>(p => p.Add(c => c.File, file).Add(c => c.SurvivorId, woman));
        cut.WaitForElement($"[data-relacionada='{child}']", Timeout);
        Assert.Contains("Tomás (nacido/a en 2015): no ha consentido", cut.Find("[data-testid=consentimiento-respaldo]").TextContent);

        await cut.Find($"[data-relacionada='{child}'] input, input[data-relacionada='{child}']").ChangeAsync(new() { Value = true });

        cut.WaitForAssertion(() => Assert.Contains("1", cut.Find("[data-testid=consentimiento-relacionadas-sin-consentimiento]").TextContent), Timeout);
        await using var check = db.CreateServices();
        var current = (await check.GetRequiredService<ConsentService>().GetAsync(op.ToSignedIn(), woman)).Current!;
        Assert.Equal([child], current.RelatedPersonsWithoutConsent);
    }

    private static AngleSharp.Dom.IElement Declaration(IRenderedComponent<ConsentTab> cut, ConsentElement item) =>
        cut.Find($"[data-declaration={item}] input, input[data-declaration={item}]");

    private static AngleSharp.Dom.IElement Switch(IRenderedComponent<ConsentTab> cut, ConsentScope scope) =>
        cut.Find($"[data-scope={scope}] input, input[data-scope={scope}]");

    private static async Task<OperatorStanding> OperatorAsync(TestDatabase db, int run)
    {
        await using var services = db.CreateServices();
        var login = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(Run.FromNumber(run));
        return login.Operator!.WithAgreement();
    }

    /// <summary>A woman registered at Santiago Centro by its caseworker, and her file as that caseworker opens it.</summary>
    private static async Task<(OperatorStanding Op, Guid Woman, SurvivorFile File)> WomanAtTheCentreAsync(TestDatabase db, int run)
    {
        var op = await OperatorAsync(db, 10_666_777);
        await using var services = db.CreateServices();
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var woman = (await registry.RegisterAsync(op.ToSignedIn(),
            new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Lucía", "Demo Rojas", new DateOnly(1990, 1, 1)))).SurvivorId;
        return (op, woman, await registry.OpenFileAsync(op.ToSignedIn(), woman));
    }
}
