using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class AccessRequestJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Caseworker = DemoData.Operators.Single(o => o.Run.Number == 10_666_777);
    private static readonly DemoOperator CentreHead = DemoData.Operators.Single(o => o.Run.Number == 10_555_666);
    private static readonly DemoOperator ValparaisoHead = DemoData.Operators.Single(o => o.Run.Number == 11_222_333);

    [Fact]
    public async Task CaseworkerRequestsAccess_HerHeadApprovesInAnotherBrowser_AndHerOpenTabUnlocksLive()
    {
        var run = Run.FromNumber(Random.Shared.Next(52_000_000, 52_999_999));
        Guid woman;
        await using (var services = portal.Database.CreateServices())
        {
            var santiago = await services.SignedInAsync(Caseworker.Run);
            var valparaiso = await services.SignedInAsync(ValparaisoHead.Run);
            var registry = services.GetRequiredService<SurvivorRegistry>();
            woman = (await registry.RegisterAsync(santiago, new RegisterSurvivor(run.ToString(), null, "Sara", "Demo Solicitud", null))).SurvivorId;
            await services.GetRequiredService<ConsentService>().RecordAsync(santiago, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null,
                ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.ShareWithSernamEgCentres, null));
            await registry.OpenCaseAtMyCentreAsync(valparaiso, run.ToString());
            await registry.RecordEpisodeAsync(valparaiso, woman, new RecordEpisode(new DateOnly(2026, 10, 2), null, null, "05101",
                ViolenceTypes.Physical, AggressorRelation.Partner, "Episodio registrado en Valparaíso (ficticio)", RiskLevel.High));
        }

        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await caseworker.GotoAsync(portal.NodeA.BaseUrl + $"/panel/casos/sobreviviente/{woman}");
        await caseworker.WaitInteractiveAsync();
        await caseworker.Locator("#acceso-justificacion").FillAsync("Coordinar la medida de protección con el centro de Valparaíso (Ley 20.066)");
        await caseworker.GetByTestId("acceso-solicitar").ClickAsync();
        await Assertions.Expect(caseworker.GetByTestId("solicitud-pendiente")).ToBeVisibleAsync();

        var head = await portal.NewPageAsync();
        await head.SignInAsync(portal.NodeB.BaseUrl, CentreHead.Run);
        await head.GotoAsync(portal.NodeB.BaseUrl + "/panel/autorizaciones");
        await head.WaitInteractiveAsync();
        var request = head.GetByTestId("solicitud").Filter(new() { HasText = "Francisca Demo Interventora" });
        await request.Last.GetByTestId("solicitud-aprobar").ClickAsync();

        // Her tab on node A unlocks without a reload: the grant shows, and Valparaíso's episode with it.
        await Assertions.Expect(caseworker.GetByTestId("autorizacion-vigente")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await caseworker.GetByRole(AriaRole.Tab, new() { Name = "Episodios" }).ClickAsync();
        await Assertions.Expect(caseworker.GetByText("Episodio registrado en Valparaíso (ficticio)")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task GrantFromANodeWithShortGrants_ExpiresByItself_AndTheRequestersOpenTabLocksAgain()
    {
        var run = Run.FromNumber(Random.Shared.Next(52_000_000, 52_999_999));
        Guid woman;
        await using (var services = portal.Database.CreateServices())
        {
            var santiago = await services.SignedInAsync(Caseworker.Run);
            var valparaiso = await services.SignedInAsync(ValparaisoHead.Run);
            var registry = services.GetRequiredService<SurvivorRegistry>();
            woman = (await registry.RegisterAsync(santiago, new RegisterSurvivor(run.ToString(), null, "Tania", "Demo Vencida", null))).SurvivorId;
            await services.GetRequiredService<ConsentService>().RecordAsync(santiago, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null,
                ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.ShareWithSernamEgCentres, null));
            await registry.OpenCaseAtMyCentreAsync(valparaiso, run.ToString());
            await registry.RecordEpisodeAsync(valparaiso, woman, new RecordEpisode(new DateOnly(2026, 10, 3), null, null, "05101",
                ViolenceTypes.Psychological, AggressorRelation.Partner, null, RiskLevel.Medium));
        }
        // Grants approved on this node last nine seconds: the window closes while the journey watches.
        await using var shortGrants = await portal.StartExtraNodeAsync("nodo-autorizaciones-breves", new Dictionary<string, string> { ["Access__GrantHours"] = "0.0025" });

        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await caseworker.GotoAsync(portal.NodeA.BaseUrl + $"/panel/casos/sobreviviente/{woman}");
        await caseworker.WaitInteractiveAsync();
        await caseworker.Locator("#acceso-justificacion").FillAsync("Coordinación urgente con Valparaíso por audiencia (ficticia)");
        await caseworker.GetByTestId("acceso-solicitar").ClickAsync();
        await Assertions.Expect(caseworker.GetByTestId("solicitud-pendiente")).ToBeVisibleAsync();

        var head = await portal.NewPageAsync();
        await head.SignInAsync(portal.NodeA.BaseUrl, CentreHead.Run); // the session cookie serves every node of the portal
        await head.GotoAsync(shortGrants.BaseUrl + "/panel/autorizaciones");
        await head.WaitInteractiveAsync();
        await head.GetByTestId("solicitud").Filter(new() { HasText = "Coordinación urgente con Valparaíso" }).GetByTestId("solicitud-aprobar").ClickAsync();

        await Assertions.Expect(caseworker.GetByTestId("autorizacion-vigente")).ToBeVisibleAsync(new() { Timeout = 8_000 });
        await Assertions.Expect(caseworker.GetByTestId("acceso-solicitar")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(caseworker.GetByTestId("autorizacion-vigente")).ToHaveCountAsync(0);
    }
}
