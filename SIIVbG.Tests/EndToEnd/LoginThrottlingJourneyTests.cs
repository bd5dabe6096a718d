namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Auth")]
[Collection(PortalCollection.Name)]
public sealed class LoginThrottlingJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task AWebNode_RefusesTheLoginAttemptAfterItsLimit_InSpanish_WithRetryAfter()
    {
        var (root, configuration) = ChildHost.Repository();
        await using var node = await ChildHost.StartAsync("nodo-limitado",
            Path.Combine(root, "SIIVbG.Web", "bin", configuration, "net10.0", "SIIVbG.Web.dll"), ChildHost.FreePort(),
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Siivbg"] = portal.Database.AppConnectionString,
                ["ClaveUnica__Authority"] = $"{portal.Simulator.BaseUrl}/openid",
                ["ClaveUnica__ClientId"] = "siivbg-e2e",
                ["ClaveUnica__ClientSecret"] = "siivbg-e2e-secret",
                ["Security__LoginAttemptsPerMinute"] = "2",
            });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(node.BaseUrl) };

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++) statuses.Add((int)(await http.GetAsync("/cuenta/ingresar")).StatusCode);
        var refused = await http.GetAsync("/cuenta/ingresar");

        Assert.Equal([302, 302, 429], statuses);
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        Assert.StartsWith("Demasiados intentos de ingreso", await refused.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)(await http.GetAsync("/health")).StatusCode);
    }
}
