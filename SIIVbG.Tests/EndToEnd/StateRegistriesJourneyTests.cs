using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Registries")]
[Collection(PortalCollection.Name)]
public sealed class StateRegistriesJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Caseworker = DemoData.Operators.Single(o => o.Run.Number == 10_666_777);
    private static readonly DemoOperator ItHead = DemoData.Operators.Single(o => o.Run.Number == 10_222_333);

    [Fact]
    public async Task Caseworker_ValidatesHerIdentityWithRegistroCivil_AdoptsItsBirthDate_AndTheAdministratorSeesTheConnectorAnswering()
    {
        // Every seventh RUN's civil record says a birth date one day later than she told the centre (simulator rule).
        var number = Enumerable.Range(Random.Shared.Next(53_000_000, 53_900_000), 1_000).First(n => n % 7 == 0 && n % 11 != 0 && n % 97 != 0);
        var run = Run.FromNumber(number);
        Guid woman;
        await using (var services = portal.Database.CreateServices())
        {
            var santiago = await services.SignedInAsync(Caseworker.Run);
            woman = (await services.GetRequiredService<SurvivorRegistry>().RegisterAsync(santiago,
                new RegisterSurvivor(run.ToString(), null, "Tamara", "Demo Registro Civil", new DateOnly(1991, 5, 10)))).SurvivorId;
        }

        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await page.GotoAsync(portal.NodeA.BaseUrl + $"/panel/casos/sobreviviente/{woman}");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Identificación y caracterización social" }).ClickAsync();
        await page.GetByTestId("consultar-registro-civil").ClickAsync();
        var birth = page.Locator("[data-testid=comparacion][data-campo=birth-date]");
        await Assertions.Expect(birth).ToHaveAttributeAsync("data-difiere", "si");
        await Assertions.Expect(birth).ToContainTextAsync("11-05-1991");

        await page.GetByTestId("adoptar-registro-civil").ClickAsync();
        await Assertions.Expect(birth).ToHaveAttributeAsync("data-difiere", "no");
        await Assertions.Expect(page.GetByTestId("identificacion")).ToContainTextAsync("11-05-1991");
        await Assertions.Expect(page.GetByTestId("identificacion")).ToContainTextAsync("Registro Civil");

        var admin = await portal.NewPageAsync();
        await admin.SignInAsync(portal.NodeA.BaseUrl, ItHead.Run);
        await admin.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion/conexiones");
        var connector = admin.GetByTestId("conector").Filter(new() { HasText = "Registro Civil (identidad y estado vital)" });
        await Assertions.Expect(connector).ToContainTextAsync("disponible");
    }
}
