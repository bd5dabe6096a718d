using System.Net.Http.Json;
using System.Text.Json;
using SIIVbG.Tests.EndToEnd;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure.Registries;

/// <summary>The real development services host (registry simulators) on a free port, reading survivors from a test database.</summary>
public sealed class RegistrySimulatorFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public ChildHost Simulator { get; private set; } = default!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var (root, configuration) = ChildHost.Repository();
        Simulator = await ChildHost.StartAsync("registros-sim",
            Path.Combine(root, "tools", "SIIVbG.DevServices", "bin", configuration, "net10.0", "SIIVbG.DevServices.dll"), ChildHost.FreePort(),
            new Dictionary<string, string>
            {
                ["DevServices__ClientId"] = "siivbg-test",
                ["DevServices__ClientSecret"] = "siivbg-test-secret",
                ["DevServices__RedirectUris"] = "http://127.0.0.1:1/signin-claveunica",
                ["DevServices__LogoutRedirectUris"] = "http://127.0.0.1:1/cuenta/sesion-cerrada",
                ["DevServices__RegistryDatabase"] = Database.AppConnectionString,
            });
    }

    public async Task DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Database.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>Makes a registry (or all) answer normally, fail with 503, or answer late.</summary>
    public async Task SetModeAsync(string registry, string mode, int delayMs = 0) =>
        (await _http.PostAsJsonAsync($"{Simulator.BaseUrl}/registros/_control", new { registry, mode, delayMs })).EnsureSuccessStatusCode();

    /// <summary>How many requests the simulator has received for a registry.</summary>
    public async Task<int> HitsAsync(string registry)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync($"{Simulator.BaseUrl}/registros/_control"));
        return doc.RootElement.GetProperty(registry).GetProperty("hits").GetInt32();
    }

    public Dictionary<string, string?> Settings(double attemptSeconds = 2, double totalSeconds = 4, int retries = 1, int circuitThroughput = 20,
        bool enabled = true) => new()
    {
        ["Registries:Enabled"] = enabled ? "true" : "false",
        ["Registries:RegistroCivilUrl"] = Simulator.BaseUrl,
        ["Registries:RshUrl"] = Simulator.BaseUrl,
        ["Registries:RisUrl"] = Simulator.BaseUrl,
        ["Registries:AttemptTimeoutSeconds"] = attemptSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:TotalTimeoutSeconds"] = totalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:Retries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:CircuitMinimumThroughput"] = circuitThroughput.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Registries:BreakSeconds"] = "60",
    };
}
