using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Auth")]
[Collection(PortalCollection.Name)]
public sealed class LoginJourneyTests(PortalFixture portal)
{
    public static TheoryData<int, string, string[]> Levels => new()
    {
        { 0, "/panel/datos-agregados", ["Aggregate"] },
        { 1, "/panel/administracion", ["Administration"] },
        { 2, "/panel/datos-agregados", ["Aggregate", "Cases"] },
        { 3, "/panel/datos-agregados", ["Aggregate", "Cases", "Administration"] },
        { 4, "/panel/casos", ["Aggregate", "Cases", "Administration"] },
        { 5, "/panel/casos", ["Cases"] },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task EachLevel_LandsInItsPanel_WithNavigationLimitedToItsLevel(int demoIndex, string landing, string[] panels)
    {
        var demo = DemoData.Operators[demoIndex];
        var page = await portal.NewPageAsync();

        await page.SignInAsync(portal.NodeA.BaseUrl, demo.Run);

        Assert.Equal(portal.NodeA.BaseUrl + landing, page.Url);
        await Assertions.Expect(page.GetByTestId("operador")).ToContainTextAsync($"Nivel {demo.Level}");
        var shown = await page.Locator("[data-testid='navegacion'] [data-panel]").EvaluateAllAsync<string[]>(
            "links => links.map(l => l.getAttribute('data-panel'))");
        Assert.Equal(panels, shown);
    }

    [Fact]
    public async Task Portal_WearsItsTheme_RenderedOnceWithThePage_NotPerTab()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[5].Run);
        await page.WaitInteractiveAsync();

        var primary = await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary').trim()");
        Assert.Equal("rgba(91,42,134,1)", primary.Replace(" ", "")); // #5B2A86, as MudBlazor writes it
    }

    [Fact]
    public async Task UnregisteredRun_GetsAccessDenied_AndNoSession()
    {
        var page = await portal.NewPageAsync();

        await page.SignInTypingRunAsync(portal.NodeA.BaseUrl, DemoData.UnregisteredRun.ToDisplay());

        Assert.Equal($"{portal.NodeA.BaseUrl}/acceso-no-autorizado", page.Url);
        await Assertions.Expect(page.GetByTestId("acceso-no-autorizado")).ToContainTextAsync("Acceso no autorizado");
        await Assertions.Expect(page.GetByTestId("navegacion")).ToHaveCountAsync(0);
        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/casos");
        Assert.StartsWith(portal.Simulator.BaseUrl, page.Url);
    }

    [Fact]
    public async Task DeactivatedOperator_GetsAccessDenied()
    {
        var deactivated = DemoData.Operators.Single(o => !o.Active);
        var page = await portal.NewPageAsync();

        await page.SignInAsync(portal.NodeB.BaseUrl, deactivated.Run);

        Assert.Equal($"{portal.NodeB.BaseUrl}/acceso-no-autorizado", page.Url);
        await Assertions.Expect(page.GetByTestId("navegacion")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task FirstLogin_AsksForTheConfidentialityAgreement_BeforeAnythingElse()
    {
        var run = Run.FromNumber(Random.Shared.Next(20_000_000, 29_999_999));
        await using (var services = portal.Database.CreateServices())
        {
            var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            db.Operators.Add(Operator.Register(run, "Irene", "Demo Nueva", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var page = await portal.NewPageAsync();

        await page.SignInTypingRunAsync(portal.NodeA.BaseUrl, run.ToString());
        Assert.Equal($"{portal.NodeA.BaseUrl}/acuerdo-confidencialidad", page.Url);

        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/casos");
        Assert.Equal($"{portal.NodeA.BaseUrl}/acuerdo-confidencialidad", page.Url);

        await page.WaitInteractiveAsync();
        await page.GetByTestId("aceptar-acuerdo").ClickAsync();
        await page.WaitForURLAsync($"{portal.NodeA.BaseUrl}/panel/casos");
        await Assertions.Expect(page.GetByTestId("panel-titulo")).ToHaveTextAsync("Panel de Gestión de Casos");
    }

    [Fact]
    public async Task Login_SendsClaveUnicaScopeAndALongRandomState_WithoutPkce()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.NodeA.BaseUrl + "/");

        var authorize = page.WaitForRequestAsync(r => r.Url.Contains("/openid/authorize"));
        await page.GetByTestId("ingresar").ClickAsync();
        var query = System.Web.HttpUtility.ParseQueryString(new Uri((await authorize).Url).Query);

        Assert.Equal("openid run name", query["scope"]);
        Assert.Equal("code", query["response_type"]);
        Assert.True(query["state"]!.Length >= 30, $"state has {query["state"]!.Length} characters");
        Assert.Null(query["code_challenge"]);
    }

    [Fact]
    public async Task Logout_EndsThePortalSession_ThroughClaveUnicaLogout()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[0].Run);
        await page.WaitInteractiveAsync();

        var viaClaveUnica = page.WaitForRequestAsync(r => r.Url.StartsWith($"{portal.Simulator.BaseUrl}/api/v1/accounts/app/logout"));
        await page.GetByTestId("cerrar-sesion").ClickAsync();
        await viaClaveUnica;
        await page.WaitForURLAsync($"{portal.NodeA.BaseUrl}/cuenta/sesion-cerrada");

        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/datos-agregados");
        Assert.StartsWith(portal.Simulator.BaseUrl, page.Url);
    }
}

[Trait("Area", "Auth")]
[Collection(PortalCollection.Name)]
public sealed class SharedSessionJourneyTests(PortalFixture portal)
{
    /// <summary>Both nodes read the Data Protection keys from PostgreSQL, so a load balancer may send her to either.</summary>
    [Fact]
    public async Task SessionStartedOnNodeA_IsHonouredByNodeB()
    {
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[4].Run);

        // Cookies on 127.0.0.1 ignore the port: node B receives node A's session cookie.
        var response = await page.GotoAsync(portal.NodeB.BaseUrl + "/panel/casos");

        Assert.Equal(200, response!.Status);
        Assert.Equal(portal.NodeB.BaseUrl + "/panel/casos", page.Url);
        await Assertions.Expect(page.GetByTestId("operador")).ToContainTextAsync("Nivel N5");
    }
}
