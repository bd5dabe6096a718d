namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Auth")]
[Collection(PortalCollection.Name)]
public sealed class LoginThrottlingJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task AWebNode_RefusesTheLoginAttemptAfterItsLimit_InSpanish_WithRetryAfter()
    {
        await using var node = await portal.StartExtraNodeAsync("nodo-limitado", new Dictionary<string, string> { ["Security__LoginAttemptsPerMinute"] = "2" });
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
