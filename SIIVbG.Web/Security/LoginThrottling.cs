using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SIIVbG.Web.Auth;

namespace SIIVbG.Web.Security;

/// <summary>
/// Limits how often one client address may start a login or return from ClaveÚnica (ASVS V6 anti-automation): a fixed
/// window per address over both paths, on each web node. Everything else is not limited here.
/// </summary>
/// <remarks>
/// ClaveÚnica authenticates the person; what this protects is the portal's own login endpoints (every callback
/// redeems a code and reads the operator registry). Behind a reverse proxy the proxy must pass the client address
/// (forwarded headers) or all clients share one window.
/// </remarks>
public static class LoginThrottling
{
    public const string Section = "Security";
    public const string AttemptsSetting = "LoginAttemptsPerMinute";
    public const int DefaultAttemptsPerMinute = 20;

    public static IServiceCollection AddLoginThrottling(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = int.TryParse(configuration[$"{Section}:{AttemptsSetting}"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : DefaultAttemptsPerMinute;
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = CreateLimiter(perMinute);
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync(
                    "Demasiados intentos de ingreso desde esta conexión. Espere un minuto e intente nuevamente.", Encoding.UTF8, ct);
            };
        });
    }

    /// <summary>The limiter itself: login paths share one window per client address; other paths are never limited.</summary>
    internal static PartitionedRateLimiter<HttpContext> CreateLimiter(int attemptsPerMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => IsLoginPath(http.Request.Path)
            ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = attemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter("no-limit"));

    internal static bool IsLoginPath(PathString path) =>
        path.StartsWithSegments(AccountEndpoints.LoginPath) || path.StartsWithSegments(ClaveUnicaAuthentication.CallbackPath);

    private static string ClientAddress(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}
