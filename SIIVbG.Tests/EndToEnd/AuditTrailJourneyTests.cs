using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Audit")]
[Collection(PortalCollection.Name)]
public sealed class AuditTrailJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Administrator = DemoData.Operators.Single(o => o.Run.Number == 10_222_333);

    [Fact]
    public async Task Administrator_FiltersTheTrail_AndExportsItWithAReason_ThatTheTrailKeeps()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, Administrator.Run);
        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion/auditoria");
        await page.WaitInteractiveAsync();

        await page.Locator("#auditoria-operador").FillAsync(Administrator.Run.ToDisplay());
        await page.Locator("#auditoria-accion").FillAsync("auth.login");
        await page.GetByTestId("auditoria-buscar").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=auditoria-fila][data-accion='auth.login']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=auditoria-fila]:not([data-accion='auth.login'])")).ToHaveCountAsync(0);

        await Assertions.Expect(page.GetByTestId("auditoria-exportar-csv")).ToBeDisabledAsync();
        await page.Locator("#auditoria-motivo").FillAsync("Requerimiento ficticio de la Contraloría");
        await Assertions.Expect(page.GetByTestId("auditoria-exportar-csv")).ToBeEnabledAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("auditoria-exportar-csv").ClickAsync());

        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.StartsWith("\uFEFFsecuencia;fecha_utc;accion", csv);
        Assert.Contains(";auth.login;permitido;" + Administrator.Run, csv);
        await using var services = portal.Database.CreateServices();
        await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        var exported = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditSearchActions.Exported)
            .OrderByDescending(a => a.Sequence).FirstAsync();
        Assert.Equal("Requerimiento ficticio de la Contraloría", exported.Reason);
    }
}
