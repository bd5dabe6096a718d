using Microsoft.Playwright;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class OperatorAdministrationJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Administrator = DemoData.Operators.Single(o => o.Run.Number == 10_222_333);

    [Fact]
    public async Task AdministratorRegistersAnOperator_WhoSignsIn_ThenDeactivatesHer_AndHerOpenTabIsThrownOut()
    {
        var run = Run.FromNumber(Random.Shared.Next(13_000_000, 13_999_999));
        var admin = await portal.NewPageAsync();
        await admin.SignInAsync(portal.NodeA.BaseUrl, Administrator.Run);
        await admin.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion/operadores");
        await admin.WaitInteractiveAsync();
        await admin.Locator("#operador-run").FillAsync(run.ToDisplay());
        await admin.Locator("#operador-nombres").FillAsync("Úrsula");
        await admin.Locator("#operador-apellidos").FillAsync("Demo Registrada");
        await admin.Locator("#operador-nivel").SelectOptionAsync("N6");
        await admin.Locator("#operador-codigo").FillAsync("CDM-13101-D");
        await admin.GetByTestId("operador-registrar").ClickAsync();
        var row = admin.Locator($"[data-testid=operador][data-run='{run}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-activo", "si");

        var newcomer = await portal.NewPageAsync();
        await newcomer.SignInTypingRunAsync(portal.NodeB.BaseUrl, run.ToDisplay());
        await newcomer.WaitInteractiveAsync();
        await newcomer.GetByTestId("aceptar-acuerdo").ClickAsync();
        await Assertions.Expect(newcomer.GetByTestId("panel-titulo")).ToBeVisibleAsync();

        // Her accepting the agreement changed her record: the administrator works on a fresh list.
        await admin.ReloadAsync();
        await admin.WaitInteractiveAsync();
        await row.GetByTestId("operador-desactivar").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-activo", "no");

        var limit = PortalFixture.RevalidationInterval * 2 + TimeSpan.FromSeconds(2);
        await Assertions.Expect(newcomer.GetByTestId("acceso-no-autorizado")).ToBeVisibleAsync(new() { Timeout = (float)limit.TotalMilliseconds });
    }
}
