using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Sgp")]
[Collection(PortalCollection.Name)]
public sealed class SgpImportJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task Administrator_StartsTheImport_WatchesItFinishLive_ThenACaseworkerOfAnSgpCentreSeesTheImportedHistory()
    {
        var admin = await portal.NewPageAsync();
        await admin.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators.Single(o => o.Run.Number == 10_222_333).Run);
        await admin.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion");
        await admin.WaitInteractiveAsync();
        await admin.GetByTestId("abrir-sgp").ClickAsync();
        await admin.WaitForURLAsync(portal.NodeA.BaseUrl + "/panel/administracion/sgp");
        await admin.WaitInteractiveAsync();
        await Assertions.Expect(admin.GetByTestId("sgp-fuente")).ToContainTextAsync("/sgp/");

        await admin.GetByTestId("importar-sgp").ClickAsync();

        // The job runs on whichever node takes it; the row appears and finishes in this open tab without a reload.
        var row = admin.Locator("[data-testid=sgp-corrida][data-estado=applied]");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(row.GetByTestId("sgp-conteos")).ToContainTextAsync("en cuarentena 4");
        await row.GetByTestId("sgp-ver-reporte").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("sgp-cuarentena-fila")).ToHaveCountAsync(4);

        var run = Run.FromNumber(Random.Shared.Next(20_000_000, 29_999_999));
        await using (var services = portal.Database.CreateServices())
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
            db.Operators.Add(Operator.Register(run, "Irene", "Demo Centro Mujer 1", AccessLevel.N6, ScopeKind.Centre, "C1000", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInTypingRunAsync(portal.NodeB.BaseUrl, run.ToString());
        await caseworker.WaitInteractiveAsync();
        await caseworker.GetByTestId("aceptar-acuerdo").ClickAsync();
        await caseworker.WaitForURLAsync($"{portal.NodeB.BaseUrl}/panel/casos");
        await caseworker.WaitInteractiveAsync();
        await caseworker.Locator("#busqueda").FillAsync("16.541.029-7");
        await caseworker.GetByTestId("buscar").ClickAsync();
        await caseworker.GetByTestId("resultado").First.ClickAsync();

        await Assertions.Expect(caseworker.GetByTestId("sobreviviente-nombre")).ToHaveTextAsync("Yasna Patricia Rodríguez Torres");
        await caseworker.GetByRole(AriaRole.Tab, new() { Name = "Historial de casos" }).ClickAsync();
        var k800004 = caseworker.Locator("[data-testid=caso][data-centre=C1000]");
        await Assertions.Expect(k800004).ToContainTextAsync("K800004");
        await Assertions.Expect(k800004).ToContainTextAsync("Egreso");
    }
}
