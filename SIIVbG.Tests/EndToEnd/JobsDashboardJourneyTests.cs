using Microsoft.Playwright;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Jobs")]
[Collection(PortalCollection.Name)]
public sealed class JobsDashboardJourneyTests(PortalFixture portal)
{
    private const string Dashboard = "/panel/administracion/trabajos";

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
