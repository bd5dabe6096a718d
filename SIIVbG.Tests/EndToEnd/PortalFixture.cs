using Microsoft.Playwright;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.EndToEnd;

/// <summary>
/// The real thing for browser journeys: a throwaway database, the ClaveÚnica simulator and TWO web nodes on two ports
/// (same database), driven by Debian's Chromium through Playwright. Started once for every journey in the collection.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private const string ClientId = "siivbg-e2e", ClientSecret = "siivbg-e2e-secret";
    /// <summary>Short so the deactivation journey proves the mechanism without waiting the production minute.</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromSeconds(3);

    public TestDatabase Database { get; private set; } = default!;
    public ChildHost Simulator { get; private set; } = default!;
    public ChildHost NodeA { get; private set; } = default!;
    public ChildHost NodeB { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    private IPlaywright _playwright = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var (root, configuration) = ChildHost.Repository();
        int simPort = ChildHost.FreePort(), portA = ChildHost.FreePort(), portB = ChildHost.FreePort();
        string nodeA = $"http://127.0.0.1:{portA}", nodeB = $"http://127.0.0.1:{portB}";
        const string clientId = ClientId, secret = ClientSecret;

        Simulator = await ChildHost.StartAsync("claveunica-sim",
            Path.Combine(root, "tools", "SIIVbG.DevServices", "bin", configuration, "net10.0", "SIIVbG.DevServices.dll"), simPort,
            new Dictionary<string, string>
            {
                ["DevServices__ClientId"] = clientId,
                ["DevServices__ClientSecret"] = secret,
                ["DevServices__RedirectUris"] = $"{nodeA}/signin-claveunica;{nodeB}/signin-claveunica",
                ["DevServices__LogoutRedirectUris"] = $"{nodeA}/cuenta/sesion-cerrada;{nodeB}/cuenta/sesion-cerrada",
                ["DevServices__SgpFolder"] = Path.Combine(root, "SIIVbG.Tests", "Sgp", "Samples"),
                ["DevServices__RegistryDatabase"] = Database.AppConnectionString,
            });

        var webDll = Path.Combine(root, "SIIVbG.Web", "bin", configuration, "net10.0", "SIIVbG.Web.dll");
        Dictionary<string, string> WebEnvironment(string node) => new()
        {
            ["ConnectionStrings__Siivbg"] = Database.AppConnectionString,
            ["ClaveUnica__Authority"] = $"{Simulator.BaseUrl}/openid",
            ["ClaveUnica__ClientId"] = clientId,
            ["ClaveUnica__ClientSecret"] = secret,
            ["ClaveUnica__LogoutUrl"] = $"{Simulator.BaseUrl}/api/v1/accounts/app/logout",
            ["Auth__RevalidationInterval"] = RevalidationInterval.ToString(),
            ["Node__Name"] = node,
            ["Sgp__Source"] = $"{Simulator.BaseUrl}/sgp/",
            ["Registries__RegistroCivilUrl"] = Simulator.BaseUrl,
            ["Registries__RshUrl"] = Simulator.BaseUrl,
            ["Registries__RisUrl"] = Simulator.BaseUrl,
            // Every journey signs in from 127.0.0.1: the login throttle is tested on its own (LoginThrottlingTests).
            ["Security__LoginAttemptsPerMinute"] = "10000",
        };
        var startA = ChildHost.StartAsync("nodo-a", webDll, portA, WebEnvironment("nodo-a"));
        var startB = ChildHost.StartAsync("nodo-b", webDll, portB, WebEnvironment("nodo-b"));
        NodeA = await startA;
        NodeB = await startB;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SIIVBG_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser profile (its own cookies): one person at one computer.</summary>
    /// <summary>
    /// A third web node on the fixture's database and ClaveÚnica, with settings of its own (a low limit under test). The
    /// simulator does not know its address: sign in through node A, whose session every node honours.
    /// </summary>
    public Task<ChildHost> StartExtraNodeAsync(string name, IDictionary<string, string> settings)
    {
        var (root, configuration) = ChildHost.Repository();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Siivbg"] = Database.AppConnectionString,
            ["ClaveUnica__Authority"] = $"{Simulator.BaseUrl}/openid",
            ["ClaveUnica__ClientId"] = ClientId,
            ["ClaveUnica__ClientSecret"] = ClientSecret,
        };
        foreach (var (k, v) in settings) environment[k] = v;
        return ChildHost.StartAsync(name, Path.Combine(root, "SIIVbG.Web", "bin", configuration, "net10.0", "SIIVbG.Web.dll"),
            ChildHost.FreePort(), environment);
    }

    // Journeys run one after another and never need more than a few browsers at once; contexts left open by earlier
    // journeys keep live circuits (and their re-renders) running in Chromium on a two-core machine, so the oldest go.
    private const int OpenContexts = 6;
    private readonly Queue<IBrowserContext> _contexts = new();

    public async Task<IPage> NewPageAsync()
    {
        while (_contexts.Count >= OpenContexts) await _contexts.Dequeue().CloseAsync();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "es-CL" });
        _contexts.Enqueue(context);
        // The full suite runs beside these journeys on two cores: page loads can take seconds.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public string AllLogs => $"--- simulator ---\n{Simulator?.Log}\n--- nodo-a ---\n{NodeA?.Log}\n--- nodo-b ---\n{NodeB?.Log}";

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        foreach (var host in new[] { NodeA, NodeB, Simulator })
            if (host is not null) await host.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal en navegador";
}
