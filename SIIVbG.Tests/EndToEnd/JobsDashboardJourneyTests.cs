using Microsoft.Playwright;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Jobs")]
[Collection(PortalCollection.Name)]
public sealed class JobsDashboardJourneyTests(PortalFixture portal)
{
    private const string Dashboard = "/panel/administracion/trabajos";

    [Fact]
    public async Task Administrator_SeesTheConnectorsAndScheduledJobs_WithTheirLastRun()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[1].Run);
        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion");
        await page.WaitInteractiveAsync();

        await page.GetByTestId("abrir-conexiones").ClickAsync();

        await page.WaitForURLAsync(portal.NodeA.BaseUrl + "/panel/administracion/conexiones");
        foreach (var job in new[] { "latido", "importacion-sgp", "verificacion-auditoria" })
            await Assertions.Expect(page.Locator($"[data-testid=trabajo][data-trabajo='{job}']")).ToHaveCountAsync(1);
        // The heartbeat runs at start-up: its last run is shown.
        await Assertions.Expect(page.Locator("[data-testid=trabajo][data-trabajo='latido'] td").Nth(2)).Not.ToHaveTextAsync("—");
        await Assertions.Expect(page.GetByTestId("conectores")).ToContainTextAsync("ClaveÚnica");
        await Assertions.Expect(page.GetByTestId("conectores")).ToContainTextAsync("/sgp/");
    }

    [Fact]
    public async Task Caseworker_CannotOpenTheConnectionsPage()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[5].Run);

        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/administracion/conexiones");

        await Assertions.Expect(page.GetByTestId("trabajos-programados")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Administrator_OpensTheJobsDashboard_AndSeesTheHeartbeatJob()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[1].Run);

        var response = await page.GotoAsync(portal.NodeA.BaseUrl + Dashboard + "/recurring");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("latido");
    }

    [Fact]
    public async Task Caseworker_Gets403_FromTheJobsDashboard()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[5].Run);

        var response = await page.GotoAsync(portal.NodeA.BaseUrl + Dashboard);

        Assert.Equal(403, response!.Status);
    }

    [Fact]
    public async Task Anonymous_CannotOpenTheJobsDashboard()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(portal.NodeA.BaseUrl + Dashboard);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
