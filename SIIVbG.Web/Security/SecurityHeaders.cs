using SIIVbG.Web.Jobs;

namespace SIIVbG.Web.Security;

/// <summary>
/// Response headers for every page. The CSP allows only our own scripts (Blazor and MudBlazor need no inline script or
/// eval); styles allow inline attributes because MudBlazor sets them. Hangfire's dashboard ships inline scripts, so
/// its path alone gets 'unsafe-inline' for scripts — it is N2-only.
/// </summary>
public static class SecurityHeaders
{
    private const string CspWithoutFormAction =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; ";

    /// <summary>
    /// The page policy. The login form (a GET to our own endpoint) is answered with a redirect to ClaveÚnica, and browsers
    /// may apply form-action to that redirect too: ClaveÚnica's origin is the one other place a form of ours may lead.
    /// </summary>
    internal static string PagePolicy(string? claveUnicaAuthority) =>
        CspWithoutFormAction + (Uri.TryCreate(claveUnicaAuthority, UriKind.Absolute, out var authority)
            ? $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "form-action 'self'");

    private const string DashboardCsp =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var csp = PagePolicy(app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SIIVbG.Web.Auth.ClaveUnicaOptions>>()
            .Value.Authority);
        return app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var h = http.Response.Headers;
                // An endpoint that set its own, stricter policy (annex files are sandboxed) keeps it.
                if (!h.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ContentSecurityPolicy))
                    h.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(JobsDashboard.Path) ? DashboardCsp : csp;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!http.Response.Headers.ContainsKey("Cache-Control"))
                    h.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
