using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Registry")]
public sealed class SurvivorComponentsTests
{
    private static async Task<Guid> RegisterAsync(TestDatabase db, int run, string given, string surnames)
    {
        await using var services = db.CreateServices();
        var op = (await WebTestHost.DemoOperatorAsync(services, AccessLevel.N6)).ToSignedIn();
        return (await services.GetRequiredService<SurvivorRegistry>()
            .RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, given, surnames, null))).SurvivorId;
    }

    [Fact]
    public async Task Search_WithAWrongCheckDigit_ShowsTheSpanishMessage_AndNoRegistrationForm()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement());
        var cut = ctx.Render<SurvivorSearch>();
        var wrong = Run.ComputeCheckDigit(43_000_001) == '1' ? '2' : '1';

        cut.Find("#busqueda").Input($"43.000.001-{wrong}");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("El dígito verificador del RUN no corresponde.", cut.Find("[data-testid='busqueda-error']").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid='registro']"));
    }

    [Fact]
    public async Task Search_WithNoMatch_OffersRegistration_WithTheRunPrefilled_AndRegistrationValidatesInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement());
        var cut = ctx.Render<SurvivorSearch>();

        cut.Find("#busqueda").Input("43000002" + Run.ComputeCheckDigit(43_000_002));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(Run.FromNumber(43_000_002).ToDisplay(), cut.Find("#registro-run").GetAttribute("value")));
        cut.Find("[data-testid='registrar']").Click();
        cut.WaitForAssertion(() => Assert.Equal("Ingrese los nombres.", cut.Find("[data-testid='registro-error']").TextContent.Trim()));
    }

    [Fact]
    public async Task Search_ByNames_ListsOnlyHerCentresWomen_LinkingToTheFile()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_003, "Francisca Javiera", "Demo Olivares");
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N5)).WithAgreement());
        var cut = ctx.Render<SurvivorSearch>();

        cut.Find("#busqueda").Input("olivares francisca");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains($"/panel/casos/sobreviviente/{id}", cut.Find("[data-testid='resultado']").OuterHtml));
    }

    [Fact]
    public async Task FilePage_ForAnotherCentresWoman_ShowsAccessDenied()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_004, "Laura", "Demo Bravo");
        await using var ctx = WebTestHost.NewContext(db);
        var valparaiso = SIIVbG.Infrastructure.Seeding.DemoData.Operators.Single(o => o.Run.Number == 10_777_888);
        await using (var services = db.CreateServices())
        {
            var standing = (await services.GetRequiredService<SIIVbG.Infrastructure.Operators.OperatorDirectory>().ResolveLoginAsync(valparaiso.Run)).Operator!;
            ctx.SignIn(standing.WithAgreement());
        }
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<SurvivorFilePage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='acceso-no-autorizado']")));
        Assert.DoesNotContain("Demo Bravo", cut.Markup);
    }

    [Fact]
    public async Task FilePage_ShowsTheSummaryAndIdentificationWithItsSources()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_005, "Catalina", "Demo Vega");
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement());
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<SurvivorFilePage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("Catalina Demo Vega", cut.Find("[data-testid='sobreviviente-nombre']").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid='casos-abiertos']").TextContent.Trim());
        Assert.Equal("Sin consentimiento registrado", cut.Find("[data-testid='consentimiento-estado']").TextContent.Trim());
    }

    [Fact]
    public async Task FilePage_ReadAgainLiveAfterSomeoneElsesChange_StaysOnTheTabTheCaseworkerOpened()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_015, "Rocío", "Demo Fuentes");
        await using var ctx = WebTestHost.NewContext(db);
        var op = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement();
        ctx.SignIn(op);
        ctx.RenderAsInteractiveServer();
        await ctx.StartChangeFeedAsync();
        var cut = ctx.Render<SurvivorFilePage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.Equal("Rocío Demo Fuentes", cut.Find("[data-testid='sobreviviente-nombre']").TextContent.Trim()));
        string ActiveTab() => cut.Find(".mud-tab.mud-tab-active").TextContent.Trim();
        await cut.InvokeAsync(() => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Episodios de violencia").Click());
        cut.WaitForAssertion(() => Assert.Equal("Episodios de violencia", ActiveTab()));

        // Another caseworker corrects her names: this tab reads her again, live.
        var registry = ctx.Services.GetRequiredService<SurvivorRegistry>();
        var identity = (await registry.OpenFileAsync(op.ToSignedIn(), id)).Identity;
        await registry.UpdateIdentificationAsync(op.ToSignedIn(), id, new UpdateIdentification(identity.Version, "Rocío Andrea", "Demo Fuentes",
            null, null, null, null, null, null, null, null, null, null));

        cut.WaitForAssertion(() => Assert.Equal("Rocío Andrea Demo Fuentes", cut.Find("[data-testid='sobreviviente-nombre']").TextContent.Trim()));
        Assert.Equal("Episodios de violencia", ActiveTab());
    }

    [Fact]
    public async Task IdentificationForm_LoadedBeforeSomeoneElsesSave_ShowsTheConcurrencyMessage()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_006, "Isabel", "Demo Tapia");
        await using var ctx = WebTestHost.NewContext(db);
        var op = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement();
        ctx.SignIn(op);
        var registry = ctx.Services.GetRequiredService<SurvivorRegistry>();
        var identity = (await registry.OpenFileAsync(op.ToSignedIn(), id)).Identity;
        var cut = ctx.Render<IdentificationForm>(p => p.Add(x => x.Identity, identity));

        await registry.UpdateIdentificationAsync(op.ToSignedIn(), id, new UpdateIdentification(identity.Version, "Isabel", "Demo Tapia",
            null, null, "Chilena", null, null, null, null, null, null, null));
        cut.WaitForAssertion(() => Assert.Equal("Isabel", cut.Find("#ident-nombres").GetAttribute("value")));
        cut.Find("#ident-nacionalidad").Change("Boliviana");
        cut.Find("[data-testid='guardar-identificacion']").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("Otra persona modificó los datos de identificación",
            cut.Find("[data-testid='identificacion-error']").TextContent.Trim()));
        Assert.Equal("Chilena", (await registry.OpenFileAsync(op.ToSignedIn(), id)).Identity.Nationality);
    }

    [Fact]
    public async Task EpisodesTab_WithoutADate_AsksForIt_AndSavesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_007, "Noemí", "Demo Salas");
        await using var ctx = WebTestHost.NewContext(db);
        var op = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement();
        ctx.SignIn(op);
        var registry = ctx.Services.GetRequiredService<SurvivorRegistry>();
        var file = await registry.OpenFileAsync(op.ToSignedIn(), id);

        var cut = ctx.Render<EpisodesTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='guardar-episodio']")));
        cut.Find("[data-testid='guardar-episodio']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Indique la fecha del episodio.", cut.Find("[data-testid='episodio-error']").TextContent.Trim()));
        Assert.Empty((await registry.OpenFileAsync(op.ToSignedIn(), id)).Episodes);
    }

    [Fact]
    public async Task EpisodesTab_ShowsHerTimelineOldestFirst_MarkingRisingFrequencyAndRisk()
    {
        await using var db = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(db, 43_000_008, "Noemí", "Demo Escalada");
        await using var ctx = WebTestHost.NewContext(db);
        var op = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement();
        ctx.SignIn(op);
        var registry = ctx.Services.GetRequiredService<SurvivorRegistry>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var (daysAgo, risk) in new[] { (80, SIIVbG.Domain.Cases.RiskLevel.Low), (20, SIIVbG.Domain.Cases.RiskLevel.Medium),
                     (3, SIIVbG.Domain.Cases.RiskLevel.High) })
            await registry.RecordEpisodeAsync(op.ToSignedIn(), id, new RecordEpisode(today.AddDays(-daysAgo), null, null, "13101",
                SIIVbG.Domain.Episodes.ViolenceTypes.Psychological, SIIVbG.Domain.Episodes.AggressorRelation.Partner, null, risk));
        var file = await registry.OpenFileAsync(op.ToSignedIn(), id);

        var cut = ctx.Render<EpisodesTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, id));

        var points = cut.FindAll("[data-testid=punto]");
        Assert.Equal(3, points.Count);
        Assert.StartsWith(today.AddDays(-80).ToString("dd-MM-yyyy"), points[0].TextContent.Trim());
        Assert.Equal(["false", "true", "true"], points.Select(p => p.GetAttribute("data-escalada")));
        Assert.Equal("2 en 30 días · 3 en 90 días", points[2].QuerySelector("[data-testid=punto-frecuencia]")!.TextContent.Trim());
        Assert.NotNull(points[2].QuerySelector("[data-testid=punto-riesgo-sube]"));
        Assert.NotNull(cut.Find("[data-testid=episodios-escalada]"));
    }
}
