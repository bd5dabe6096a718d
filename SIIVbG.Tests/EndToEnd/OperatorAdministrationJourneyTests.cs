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

[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class AdminFunctionsJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator ItHead = DemoData.Operators.Single(o => o.Run.Number == 10_222_333);

    [Fact]
    public async Task TheItHead_MakesAnAdministrator_WhoCanDoNothing_UntilGivenTheAuditFunction_ThenReadsTheTrail()
    {
        var run = Run.FromNumber(Random.Shared.Next(14_000_000, 14_999_999));
        var head = await portal.NewPageAsync();
        await head.SignInAsync(portal.NodeA.BaseUrl, ItHead.Run);
        await head.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion/operadores");
        await head.WaitInteractiveAsync();
        await head.Locator("#operador-run").FillAsync(run.ToDisplay());
        await head.Locator("#operador-nombres").FillAsync("Yolanda");
        await head.Locator("#operador-apellidos").FillAsync("Demo Administradora");
        await head.Locator("#operador-nivel").SelectOptionAsync("N2");
        await head.GetByTestId("operador-registrar").ClickAsync();
        var row = head.Locator($"[data-testid=operador][data-run='{run}']");
        await Assertions.Expect(row.GetByTestId("operador-funciones")).ToHaveTextAsync("Sin funciones asignadas");

        var admin = await portal.NewPageAsync();
        await admin.SignInTypingRunAsync(portal.NodeB.BaseUrl, run.ToDisplay());
        await admin.WaitInteractiveAsync();
        await admin.GetByTestId("aceptar-acuerdo").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("funciones-admin")).ToContainTextAsync("Sin funciones asignadas");
        await Assertions.Expect(admin.GetByTestId("abrir-auditoria")).ToHaveCountAsync(0);
        await admin.GotoAsync(portal.NodeB.BaseUrl + "/panel/administracion/auditoria");
        await Assertions.Expect(admin.GetByTestId("acceso-no-autorizado")).ToBeVisibleAsync();
        await admin.GotoAsync(portal.NodeB.BaseUrl + "/panel/administracion");
        await admin.WaitInteractiveAsync();

        // Her accepting the agreement changed her record: the head works on a fresh list.
        await head.ReloadAsync();
        await head.WaitInteractiveAsync();
        await row.GetByTestId("operador-editar").ClickAsync();
        await head.Locator("[data-funcion=AuditTrail]").CheckAsync();
        await head.GetByTestId("operador-guardar-funciones").ClickAsync();
        await Assertions.Expect(row.GetByTestId("operador-funciones")).ToHaveTextAsync("Registro y control de acceso");

        // Her rights changed: her open tab loses the session at the next revalidation, and she signs in again.
        var limit = PortalFixture.RevalidationInterval * 2 + TimeSpan.FromSeconds(2);
        await Assertions.Expect(admin.GetByTestId("acceso-no-autorizado")).ToBeVisibleAsync(new() { Timeout = (float)limit.TotalMilliseconds });
        await admin.SignInTypingRunAsync(portal.NodeB.BaseUrl, run.ToDisplay());
        await admin.GotoAsync(portal.NodeB.BaseUrl + "/panel/administracion/auditoria");
        await admin.WaitInteractiveAsync();
        await Assertions.Expect(admin.GetByTestId("acceso-no-autorizado")).ToHaveCountAsync(0);
        await admin.GotoAsync(portal.NodeB.BaseUrl + "/panel/administracion");
        await Assertions.Expect(admin.GetByTestId("abrir-auditoria")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("abrir-operadores")).ToHaveCountAsync(0);
    }
}
