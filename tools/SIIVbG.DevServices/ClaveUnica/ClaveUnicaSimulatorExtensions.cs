using Microsoft.AspNetCore.Authentication.Cookies;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SIIVbG.DevServices.ClaveUnica;

/// <summary>
/// ClaveÚnica as a real OpenID Connect provider (OpenIddict, degraded mode: no database). Paths copy the
/// real service: issuer <c>{base}/openid/</c>, <c>/openid/authorize/</c>, <c>/openid/token/</c>,
/// POST <c>/openid/userinfo/</c>, and <c>/api/v1/accounts/app/logout?redirect=…</c>.
/// </summary>
public static class ClaveUnicaSimulatorExtensions
{
    /// <summary>The simulator's own "ClaveÚnica session". Named apart from the portal's: cookies ignore ports.</summary>
    internal const string SessionScheme = "ClaveUnicaSimulador";
    internal const string SessionCookieName = "siivbg_claveunica_sim";

    public static WebApplicationBuilder AddClaveUnicaSimulator(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ClaveUnicaSimulatorOptions.Section);
        builder.Services.Configure<ClaveUnicaSimulatorOptions>(section);
        var issuer = section.Get<ClaveUnicaSimulatorOptions>()?.Issuer;

        builder.Services.AddAuthentication().AddCookie(SessionScheme, o =>
        {
            o.Cookie.Name = SessionCookieName;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            o.SlidingExpiration = false;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = SessionCookieName + "_af";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        builder.Services.AddOpenIddict().AddServer(server =>
        {
            // Relative to the base URI that ClaveUnicaServerHandlers moves to {base}/openid/.
            server.SetConfigurationEndpointUris(".well-known/openid-configuration")
                  .SetAuthorizationEndpointUris("authorize/")
                  .SetTokenEndpointUris("token/")
                  .SetUserInfoEndpointUris("userinfo/")
                  .SetJsonWebKeySetEndpointUris("jwks/");
            if (!string.IsNullOrWhiteSpace(issuer))
                server.SetIssuer(new Uri(issuer, UriKind.Absolute));

            server.AllowAuthorizationCodeFlow()
                  .RegisterScopes("run", "name")
                  .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(5))
                  .SetAccessTokenLifetime(TimeSpan.FromHours(1))
                  .EnableDegradedMode()
                  .DisableAccessTokenEncryption()
                  .AddDevelopmentEncryptionCertificate()
                  .AddDevelopmentSigningCertificate();

            // Advertise only what ClaveÚnica offers: no PKCE (no code_challenge_methods_supported), query responses.
            server.Configure(o =>
            {
                o.CodeChallengeMethods.Clear();
                o.ResponseModes.Clear();
                o.ResponseModes.Add(ResponseModes.Query);
            });

            server.UseAspNetCore()
                  .EnableAuthorizationEndpointPassthrough()
                  .EnableUserInfoEndpointPassthrough()
                  .DisableTransportSecurityRequirement();

            ClaveUnicaServerHandlers.Register(server);
        });
        return builder;
    }

    public static WebApplication MapClaveUnicaSimulator(this WebApplication app)
    {
        ClaveUnicaEndpoints.Map(app);
        return app;
    }
}
