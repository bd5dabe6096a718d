using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Infrastructure.Registries;
using SIIVbG.Tests.EndToEnd;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure.Registries;

/// <summary>The real development services host (registry simulators) on a free port, without a database: the connectors alone need no PostgreSQL.</summary>
public class RegistrySimulatorFixture : IAsyncLifetime
{
    public ChildHost Simulator { get; private set; } = default!;
    private readonly HttpClient _http = new();

    public virtual Task InitializeAsync() => StartSimulatorAsync(registryDatabase: null);

    public virtual async Task DisposeAsync()
    {
        await Simulator.DisposeAsync();
        _http.Dispose();
    }

    protected async Task StartSimulatorAsync(string? registryDatabase)
    {
        var (root, configuration) = ChildHost.Repository();
        var environment = new Dictionary<string, string>
        {
            ["DevServices__ClientId"] = "siivbg-test",
            ["DevServices__ClientSecret"] = "siivbg-test-secret",
            ["DevServices__RedirectUris"] = "http://127.0.0.1:1/signin-claveunica",
            ["DevServices__LogoutRedirectUris"] = "http://127.0.0.1:1/cuenta/sesion-cerrada",
        };
        if (registryDatabase is not null) environment["DevServices__RegistryDatabase"] = registryDatabase;
        Simulator = await ChildHost.StartAsync("registros-sim",
            Path.Combine(root, "tools", "SIIVbG.DevServices", "bin", configuration, "net10.0", "SIIVbG.DevServices.dll"), ChildHost.FreePort(), environment);
    }

    /// <summary>Only the registry connectors, configured with <paramref name="settings"/>, as <c>AddRegistryConnectors</c> registers them.</summary>
    public static ServiceProvider Connectors(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRegistryConnectors(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
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
        ["Registries:AttemptTimeoutSeconds"] = attemptSeconds.ToString(CultureInfo.InvariantCulture),
        ["Registries:TotalTimeoutSeconds"] = totalSeconds.ToString(CultureInfo.InvariantCulture),
        ["Registries:Retries"] = retries.ToString(CultureInfo.InvariantCulture),
        ["Registries:CircuitMinimumThroughput"] = circuitThroughput.ToString(CultureInfo.InvariantCulture),
        ["Registries:BreakSeconds"] = "60",
    };
}

/// <summary>The simulators reading survivors from a throwaway test database, for the checks that compare her file with the civil record.</summary>
public sealed class RegistryDatabaseFixture : RegistrySimulatorFixture
{
    public TestDatabase Database { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await StartSimulatorAsync(Database.AppConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
