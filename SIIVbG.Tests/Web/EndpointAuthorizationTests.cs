using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using SIIVbG.Web;

namespace SIIVbG.Tests.Web;

/// <summary>
/// Every endpoint the portal maps — minimal APIs, pages, the Blazor hub — either names an authorization rule or is
/// deliberately public. A new endpoint without a rule fails here before it can leak anything.
/// </summary>
[Trait("Area", "Access")]
public sealed class EndpointAuthorizationTests
{
    /// <summary>Public on purpose: the landing and error pages, login/logout plumbing, health, static files, the hub's own negotiation.</summary>
    private static readonly string[] PublicOnPurpose =
    [
        "/", "/Error", "/acceso-no-autorizado", "/cuenta/sesion-cerrada", "/no-encontrado", "/health", "/cuenta/ingresar", "/cuenta/renovar",
        "/cuenta/salir", // POST with antiforgery: an expired session must still be able to sign out
    ];

    private static IReadOnlyList<RouteEndpoint> MappedEndpoints()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.Configuration["ConnectionStrings:Siivbg"] = "Host=127.0.0.1;Port=1;Database=none;Username=none";
        builder.WebHost.UseSetting(WebHostDefaults.ContentRootKey, AppContext.BaseDirectory);
        builder.AddWebServices();
        var app = builder.Build();
        app.UseWebPipeline();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
    }

    [Fact]
    public void EveryEndpoint_NamesAnAuthorizationRule_OrIsPublicOnPurpose()
    {
        var endpoints = MappedEndpoints();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/panel/casos/derivaciones");   // pages are in the list
        Assert.Contains(endpoints, e => e.RoutePattern.RawText?.StartsWith("/anexos") == true);   // and minimal APIs

        var unruled = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => (e.RoutePattern.RawText ?? "?") + " ⇒ " + e.DisplayName)
            // The framework's fallback for file-like paths (they end in an extension) serves static files or a 404, nothing else.
            .Where(path => path != "{**path:file} ⇒ Fallback {**path:file}")
            .Where(path => !path.StartsWith("/_blazor", StringComparison.Ordinal) && !path.StartsWith("_blazor", StringComparison.Ordinal)
                           && !path.StartsWith("/_framework", StringComparison.Ordinal) && !path.StartsWith("_framework", StringComparison.Ordinal))
            .Distinct().Order().ToList();
        Assert.Empty(unruled);

        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !p.StartsWith("/_content/", StringComparison.Ordinal) && !p.StartsWith("/_framework/", StringComparison.Ordinal))
            .Distinct().Order().ToList();
        Assert.Empty(anonymous.Except(PublicOnPurpose));
    }
}
