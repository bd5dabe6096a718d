using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Registry")]
[Collection(PortalCollection.Name)]
public sealed class RegistryJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Caseworker = DemoData.Operators.Single(o => o.Run.Number == 10_666_777);
    private static readonly DemoOperator CentreHead = DemoData.Operators.Single(o => o.Run.Number == 10_555_666);

    private static async Task SearchAsync(IPage page, string query)
    {
        await page.Locator("#busqueda").FillAsync(query);
        await page.GetByTestId("buscar").ClickAsync();
    }

    [Fact]
    public async Task Caseworker_FindsByABadlyFormattedRun_RegistersOnce_AddsAnEpisode_AndAnotherTabSeesItLive()
    {
        var run = Run.FromNumber(Random.Shared.Next(41_000_000, 41_999_999));
        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await caseworker.WaitInteractiveAsync();

        await SearchAsync(caseworker, $" {run.Number / 1000}.{run.Number % 1000:000} - {char.ToLowerInvariant(run.CheckDigit)}");
        await Assertions.Expect(caseworker.GetByTestId("sin-resultados")).ToBeVisibleAsync();
        await caseworker.Locator("#registro-nombres").FillAsync("Valentina Isidora");
        await caseworker.Locator("#registro-apellidos").FillAsync("Demo Muñoz");
        await caseworker.Locator("#registro-nacimiento").FillAsync("1991-04-12");
        await caseworker.GetByTestId("registrar").ClickAsync();
        await Assertions.Expect(caseworker.GetByTestId("sobreviviente-nombre")).ToHaveTextAsync("Valentina Isidora Demo Muñoz");
        await Assertions.Expect(caseworker.Locator("h1 + *")).ToContainTextAsync($"{run.ToDisplay()} · ");
        var fileUrl = caseworker.Url;

        var head = await portal.NewPageAsync();
        await head.SignInAsync(portal.NodeB.BaseUrl, CentreHead.Run);
        await head.GotoAsync(fileUrl.Replace(portal.NodeA.BaseUrl, portal.NodeB.BaseUrl));
        await head.WaitInteractiveAsync();
        await Assertions.Expect(head.GetByTestId("episodios-total")).ToHaveTextAsync("0");

        await caseworker.GetByRole(AriaRole.Tab, new() { Name = "Episodios de violencia" }).ClickAsync();
        await caseworker.Locator("#episodio-fecha").FillAsync(DateTime.Today.AddDays(-2).ToString("yyyy-MM-dd"));
        await caseworker.GetByText("Psicológica").ClickAsync();
        await caseworker.Locator("#episodio-observaciones").FillAsync("Relato ficticio de prueba");
        await caseworker.GetByTestId("guardar-episodio").ClickAsync();

        await Assertions.Expect(caseworker.GetByTestId("episodio-guardado")).ToBeVisibleAsync();

        // The other node's open tab re-reads through the change feed: no reload.
        await Assertions.Expect(head.GetByTestId("episodios-total")).ToHaveTextAsync("1", new() { Timeout = 3_000 });

        await caseworker.GotoAsync(portal.NodeA.BaseUrl + "/panel/casos");
        await caseworker.WaitInteractiveAsync();
        await SearchAsync(caseworker, run.ToString().Replace("-", ""));
        await Assertions.Expect(caseworker.GetByTestId("resultado")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task CaseworkerOfAnotherCentre_SeesTheTrajectoryRow_ButNotTheDetails()
    {
        var womanRun = Run.FromNumber(Random.Shared.Next(42_000_000, 42_999_999));
        var otherRun = Run.FromNumber(Random.Shared.Next(20_000_000, 29_999_999));
        await using (var services = portal.Database.CreateServices())
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
            db.Operators.Add(Operator.Register(otherRun, "Pía", "Demo Casa de Acogida", AccessLevel.N6, ScopeKind.Centre, "CDA-13-D", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await caseworker.WaitInteractiveAsync();
        await SearchAsync(caseworker, womanRun.ToDisplay());
        await caseworker.Locator("#registro-nombres").FillAsync("Antonia");
        await caseworker.Locator("#registro-apellidos").FillAsync("Demo Sepúlveda");
        await caseworker.GetByTestId("registrar").ClickAsync();
        await Assertions.Expect(caseworker.GetByTestId("sobreviviente-nombre")).ToBeVisibleAsync();
        var survivorId = Guid.Parse(caseworker.Url.Split('/').Last());
        await using (var services = portal.Database.CreateServices())
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
            var by = await db.Operators.Where(o => o.Run == Caseworker.Run.ToString()).Select(o => o.Id).SingleAsync();
            var consent = Consent.RecordObtained(survivorId, ConsentGiver.Survivor, null, null, ConsentForm.SimpleElectronicSignature,
                ConsentDeclarations.All, "sha256:ficticio", null, DateTimeOffset.UtcNow, by);
            consent.GrantScope(ConsentScope.ShareWithSernamEgCentres, DateTimeOffset.UtcNow, by);
            db.Consents.Add(consent);
            await db.SaveChangesAsync();
        }

        var other = await portal.NewPageAsync();
        await other.SignInTypingRunAsync(portal.NodeB.BaseUrl, otherRun.ToString());
        await other.WaitInteractiveAsync();
        await other.GetByTestId("aceptar-acuerdo").ClickAsync();
        await other.WaitForURLAsync($"{portal.NodeB.BaseUrl}/panel/casos");
        await other.WaitInteractiveAsync();
        // Name search at her centre never lists a woman she does not attend (other demo women may match the name).
        await SearchAsync(other, "Antonia Demo Sepulveda");
        await Assertions.Expect(other.Locator("[data-testid='resultados'], [data-testid='sin-resultados']")).ToBeVisibleAsync();
        await Assertions.Expect(other.Locator($"[href*='{survivorId}']")).ToHaveCountAsync(0);
        await SearchAsync(other, womanRun.ToString());
        await Assertions.Expect(other.GetByTestId("existe-en-otro-centro")).ToBeVisibleAsync();
        await other.GetByTestId("abrir-caso-aqui").ClickAsync();

        await Assertions.Expect(other.GetByTestId("sobreviviente-nombre")).ToHaveTextAsync("Antonia Demo Sepúlveda");
        await other.OpenFileTabAsync("Historial de casos", other.GetByTestId("caso"), 2);
        await Assertions.Expect(other.Locator("[data-testid='caso'][data-centre='CDM-13101-D']")).ToHaveCountAsync(1);
        // The other centre's details stay with it: its episodes and narratives need a grant.
        await other.GetByRole(AriaRole.Tab, new() { Name = "Episodios de violencia" }).ClickAsync();
        await Assertions.Expect(other.GetByTestId("episodio")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task GuessingAnotherSurvivorsId_GivesTheSameAccessDenied_AsAMissingOne()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators.Single(o => o.Run.Number == 10_666_777).Run);
        await page.GotoAsync($"{portal.NodeA.BaseUrl}/panel/casos/sobreviviente/{Guid.NewGuid()}");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("acceso-no-autorizado")).ToBeVisibleAsync();
    }
}
