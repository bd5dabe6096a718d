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
        var row = await RegisterOnPageAsync(admin, portal.NodeA.BaseUrl, Administrator.Run, run, "Úrsula", "Demo Registrada", "N6", "CDM-13101-D");
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

    /// <summary>An administrator signs in, opens Registro de operadores/as and registers someone; returns her row.</summary>
    internal static async Task<ILocator> RegisterOnPageAsync(IPage page, string node, Run administrator, Run run, string givenNames,
        string surnames, string level, string? scopeCode)
    {
        await page.SignInAsync(node, administrator);
        await page.GotoAsync(node + "/panel/administracion/operadores");
        await page.WaitInteractiveAsync();
        await page.Locator("#operador-run").FillAsync(run.ToDisplay());
        await page.Locator("#operador-nombres").FillAsync(givenNames);
        await page.Locator("#operador-apellidos").FillAsync(surnames);
        await page.Locator("#operador-nivel").SelectOptionAsync(level);
        if (scopeCode is not null) await page.Locator("#operador-codigo").FillAsync(scopeCode);
        await page.GetByTestId("operador-registrar").ClickAsync();
        return page.Locator($"[data-testid=operador][data-run='{run}']");
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
        var row = await OperatorAdministrationJourneyTests.RegisterOnPageAsync(head, portal.NodeA.BaseUrl, ItHead.Run, run, "Yolanda",
            "Demo Administradora", "N2", null);
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
