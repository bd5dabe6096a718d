using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Auth;

namespace SIIVbG.Tests.Web;

/// <summary>
/// Builds bUnit contexts the way a web node wires its services: MudBlazor, the Spanish UI text and, when a component
/// reads data, the real Infrastructure services against a per-test database. Not a base class: with xunit 2.9.3 a
/// class inheriting BunitContext fails at dispose, so each test owns its context with <c>await using</c>.
/// </summary>
internal static class WebTestHost
{
    public static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        return ctx;
    }

    /// <summary>Infrastructure services and this node's change feed (not started: a test that needs it live starts it).</summary>
    public static BunitContext NewContext(TestDatabase db, IDictionary<string, string?>? settings = null)
    {
        var ctx = NewContext();
        var values = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{SIIVbG.Infrastructure.DependencyInjection.ConnectionStringName}"] = db.AppConnectionString,
        };
        if (settings is not null) foreach (var (k, v) in settings) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        ctx.Services.AddSingleton<IConfiguration>(configuration);
        ctx.Services.AddLogging();
        SIIVbG.Infrastructure.DependencyInjection.AddInfrastructureServices(ctx.Services, configuration);
        ctx.Services.AddSingleton<ChangeFeed>();
        ctx.Services.AddSingleton<SIIVbG.Web.Security.OperatorCircuits>();
        ctx.Services.AddScoped<SIIVbG.Web.Security.CircuitAdmission>();
        return ctx;
    }

    /// <summary>
    /// The app renders every page with InteractiveServer; components that subscribe to live updates check this.
    /// Call it after every registration (SignIn included): it builds the renderer, which seals the services.
    /// </summary>
    public static void RenderAsInteractiveServer(this BunitContext ctx) =>
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    /// <summary>Signs in through bUnit's test authorization with exactly the claims the portal's cookie would carry.</summary>
    public static void SignIn(this BunitContext ctx, OperatorStanding op)
    {
        var principal = OperatorClaims.CreatePrincipal(op, "Cookies");
        var auth = ctx.AddAuthorization();
        // bUnit adds the name claim itself from the user name.
        auth.SetClaims(principal.Claims.Where(c => c.Type != ClaimTypes.Name).ToArray());
        auth.SetAuthorized(principal.Identity!.Name!);
    }

    public static async Task<ChangeFeed> StartChangeFeedAsync(this BunitContext ctx)
    {
        var feed = ctx.Services.GetRequiredService<ChangeFeed>();
        await feed.StartAsync(CancellationToken.None);
        await feed.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        return feed;
    }

    /// <summary>A demo operator as the registry has her now (resolved by RUN, as at login).</summary>
    public static async Task<OperatorStanding> DemoOperatorAsync(TestDatabase db, AccessLevel level)
    {
        // Through a services instance of its own: a bUnit context refuses registrations once it has resolved a service.
        await using var services = db.CreateServices();
        return await DemoOperatorAsync(services, level);
    }

    public static async Task<OperatorStanding> DemoOperatorAsync(IServiceProvider services, AccessLevel level)
    {
        var demo = DemoData.Operators.First(o => o.Level == level && o.Active);
        var login = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(demo.Run);
        return login.Operator ?? throw new InvalidOperationException($"Demo operator {demo.Run} is not in the seed.");
    }

    public static async Task<OperatorStanding> DemoOperatorAsync(TestDatabase db, Run run)
    {
        await using var services = db.CreateServices();
        var login = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(run);
        return login.Operator ?? throw new InvalidOperationException($"Demo operator {run} is not in the seed.");
    }

    /// <summary>An operator who has already accepted the agreement, as the panels expect her.</summary>
    public static OperatorStanding WithAgreement(this OperatorStanding op) =>
        op with { AgreementAcceptedAt = op.AgreementAcceptedAt ?? DateTimeOffset.UtcNow };

    /// <summary>An operator that exists only in the principal: for components that read nothing from the database.</summary>
    public static OperatorStanding Fabricated(AccessLevel level)
    {
        var demo = DemoData.Operators.First(o => o.Level == level);
        return new OperatorStanding(Guid.NewGuid(), demo.Run.ToString(), $"{demo.GivenNames} {demo.Surnames}",
            level, demo.ScopeKind, demo.ScopeCode, IsActive: true, AgreementAcceptedAt: DateTimeOffset.UtcNow);
    }
}
