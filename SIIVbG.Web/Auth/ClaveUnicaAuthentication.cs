using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Operators;

namespace SIIVbG.Web.Auth;

/// <summary>
/// Cookie session for the portal, OpenID Connect against ClaveÚnica for login. ClaveÚnica's userinfo is fetched by POST
/// (the built-in handler uses GET), the RUN it certifies is mapped to an operator, and the cookie carries our claims only.
/// </summary>
public static class ClaveUnicaAuthentication
{
    public const string Scheme = "claveunica";
    public const string CallbackPath = "/signin-claveunica";
    public const string SignedOutPath = "/cuenta/sesion-cerrada";
    public const string DeniedPath = "/acceso-no-autorizado";
    public const string AgreementPath = "/acuerdo-confidencialidad";

    public static IServiceCollection AddClaveUnicaAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        var cu = configuration.GetSection(ClaveUnicaOptions.Section).Get<ClaveUnicaOptions>() ?? new ClaveUnicaOptions();
        EnsureTrustworthy(cu, env);
        services.Configure<ClaveUnicaOptions>(configuration.GetSection(ClaveUnicaOptions.Section));

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            // Without an authority there is nobody to challenge: unauthenticated requests fall to the cookie's login path.
            o.DefaultChallengeScheme = cu.IsConfigured ? Scheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        auth.AddCookie(o =>
        {
            o.Cookie.Name = "siivbg_sesion";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = "/cuenta/ingresar";
            o.AccessDeniedPath = DeniedPath;
            o.Events.OnValidatePrincipal = ValidateOperatorStillActive;
            // An operator who has not accepted the confidentiality agreement is sent to it, whatever she asked for.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                var pendingAgreement = ctx.HttpContext.User.ToOperator() is not null && !ctx.HttpContext.User.HasAcceptedAgreement();
                ctx.Response.Redirect(pendingAgreement ? AgreementPath : DeniedPath);
                return Task.CompletedTask;
            };
        });
        if (cu.IsConfigured)
            auth.AddOpenIdConnect(Scheme, "ClaveÚnica", o => ConfigureOpenIdConnect(o, cu, env));
        return services;
    }

    private static void EnsureTrustworthy(ClaveUnicaOptions cu, IHostEnvironment env)
    {
        if (!cu.IsConfigured || env.IsDevelopment()) return;
        var uri = new Uri(cu.Authority!);
        if (cu.AllowInsecureHttp || uri.Scheme != Uri.UriSchemeHttps
            || !cu.ProductionHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Fuera de Development el portal solo confía en ClaveÚnica por https ({string.Join(", ", cu.ProductionHosts)}); " +
                $"se configuró {uri.GetLeftPart(UriPartial.Authority)}. El simulador de desarrollo no se acepta.");
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, ClaveUnicaOptions cu, IHostEnvironment env)
    {
        o.Authority = cu.Authority;
        o.ClientId = cu.ClientId;
        o.ClientSecret = cu.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = cu.UsePkce;
        o.Scope.Clear();
        foreach (var s in new[] { "openid", "run", "name" }) o.Scope.Add(s);
        o.CallbackPath = CallbackPath;
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.DisableTelemetry = true;
        o.ProtocolValidator.RequireNonce = cu.RequireNonce;
        o.RequireHttpsMetadata = !(env.IsDevelopment() && cu.AllowInsecureHttp);
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Events.OnTokenValidated = MapClaveUnicaPersonToOperator;
        o.Events.OnRemoteFailure = ctx =>
        {
            ctx.HandleResponse();
            ctx.Response.Redirect("/?error=ingreso");
            return Task.CompletedTask;
        };
    }

    private static async Task MapClaveUnicaPersonToOperator(TokenValidatedContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClaveUnicaAuthentication));
        var run = await FetchRunAsync(ctx, logger);
        if (run is null)
        {
            ctx.HandleResponse();
            ctx.Response.Redirect(DeniedPath);
            return;
        }
        var login = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(run.Value, ctx.HttpContext.RequestAborted);
        if (!login.Allowed)
        {
            logger.LogInformation("Login refused: {Denial}", login.Denial);
            ctx.HandleResponse();
            ctx.Response.Redirect(DeniedPath);
            return;
        }
        ctx.Principal = OperatorClaims.CreatePrincipal(login.Operator!, CookieAuthenticationDefaults.AuthenticationScheme);
        ctx.Properties!.RedirectUri = "/";
    }

    /// <summary>ClaveÚnica's userinfo is POST with the bearer token; the person is <c>RolUnico</c>, never <c>sub</c>.</summary>
    private static async Task<Run?> FetchRunAsync(TokenValidatedContext ctx, ILogger logger)
    {
        var accessToken = ctx.TokenEndpointResponse?.AccessToken;
        var config = await ctx.Options.ConfigurationManager!.GetConfigurationAsync(ctx.HttpContext.RequestAborted);
        if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(config.UserInfoEndpoint))
        {
            logger.LogWarning("ClaveÚnica answered without access token or userinfo endpoint");
            return null;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, config.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await ctx.Options.Backchannel.SendAsync(request, ctx.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("ClaveÚnica userinfo answered {Status}", (int)response.StatusCode);
            return null;
        }
        await using var body = await response.Content.ReadAsStreamAsync(ctx.HttpContext.RequestAborted);
        return ParseRolUnico(await JsonDocument.ParseAsync(body, cancellationToken: ctx.HttpContext.RequestAborted));
    }

    internal static Run? ParseRolUnico(JsonDocument userInfo)
    {
        if (!userInfo.RootElement.TryGetProperty("RolUnico", out var rol)
            || !rol.TryGetProperty("numero", out var numero) || numero.ValueKind != JsonValueKind.Number
            || !rol.TryGetProperty("DV", out var dv) || dv.ValueKind != JsonValueKind.String
            || !numero.TryGetInt32(out var number) || dv.GetString() is not { Length: 1 } digit)
            return null;
        if (rol.TryGetProperty("tipo", out var tipo) && tipo.GetString() is { } t && t != "RUN") return null;
        return Run.TryParse($"{number}-{digit}", out var run, out _) ? run : null;
    }

    /// <summary>Every request re-reads the operator: a deactivated or re-scoped operator loses the session at once.</summary>
    private static async Task ValidateOperatorStillActive(CookieValidatePrincipalContext ctx)
    {
        var op = ctx.Principal?.ToOperator();
        var standing = op is null ? null
            : await ctx.HttpContext.RequestServices.GetRequiredService<OperatorDirectory>().GetStandingAsync(op.Id, ctx.HttpContext.RequestAborted);
        if (ctx.Principal is null || !ctx.Principal.StillMatches(standing))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
