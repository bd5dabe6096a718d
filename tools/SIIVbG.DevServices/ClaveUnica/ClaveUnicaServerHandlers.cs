using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SIIVbG.DevServices.ClaveUnica;

/// <summary>
/// OpenIddict event handlers that make the server look like ClaveÚnica. Degraded mode has no application
/// store, so client and redirect URI checks live here, against <see cref="ClaveUnicaSimulatorOptions"/>.
/// Error descriptions stay ASCII: OpenIddict copies them into WWW-Authenticate headers, where Kestrel refuses accents.
/// </summary>
internal static class ClaveUnicaServerHandlers
{
    public static void Register(OpenIddictServerBuilder server)
    {
        server.AddEventHandler<ProcessRequestContext>(b => b
            .UseInlineHandler(ServeUnderOpenIdPath)
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ResolveRequestUri.Descriptor.Order + 1));

        server.AddEventHandler<ProcessRequestContext>(b => b
            .UseInlineHandler(RefuseUserInfoWithoutPost)
            .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order + 1));

        server.AddEventHandler<ExtractAuthorizationRequestContext>(b => b
            .UseInlineHandler(IgnoreResponseMode)
            .SetOrder(int.MaxValue));

        server.AddEventHandler<ValidateAuthorizationRequestContext>(b => b
            .UseScopedHandler<ValidateAuthorizationRequest>()
            .SetOrder(int.MinValue));

        server.AddEventHandler<ValidateTokenRequestContext>(b => b
            .UseScopedHandler<ValidateTokenRequest>());

        server.AddEventHandler<HandleTokenRequestContext>(b => b
            .UseSingletonHandler<RedeemCodeOnce>());

        server.AddEventHandler<ApplyTokenResponseContext>(b => b
            .UseInlineHandler(ReportFullLifetime));
    }

    /// <summary>
    /// ClaveÚnica's issuer and endpoints live under <c>/openid</c>. Moving OpenIddict's base URI there makes
    /// the default issuer <c>{base}/openid/</c> and keeps the endpoint paths relative to it.
    /// </summary>
    private static ValueTask ServeUnderOpenIdPath(ProcessRequestContext context)
    {
        if (context.BaseUri is { } baseUri)
            context.BaseUri = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/openid/", UriKind.Absolute);
        return default;
    }

    /// <summary>ClaveÚnica's userinfo is POST only; refusing GET proves the portal does not rely on ASP.NET's GET call.</summary>
    private static ValueTask RefuseUserInfoWithoutPost(ProcessRequestContext context)
    {
        if (context.EndpointType is not OpenIddictServerEndpointType.UserInfo)
            return default;
        var request = context.Transaction.GetHttpRequest()!;
        if (HttpMethods.IsPost(request.Method))
        {
            // ClaveÚnica takes a bodiless POST with only the bearer header; OpenIddict would demand a form content type.
            if (string.IsNullOrEmpty(request.ContentType) && request.ContentLength is null or 0)
                request.ContentType = "application/x-www-form-urlencoded";
            return default;
        }
        request.HttpContext.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        request.HttpContext.Response.Headers.Allow = "POST";
        context.HandleRequest();
        return default;
    }

    /// <summary>
    /// ClaveÚnica answers the code flow on the query string whatever response_mode says (ASP.NET Core asks
    /// for form_post by default); its callback accepts both, so we behave like the real provider.
    /// </summary>
    private static ValueTask IgnoreResponseMode(ExtractAuthorizationRequestContext context)
    {
        if (context.Request is not null)
            context.Request.ResponseMode = null;
        return default;
    }

    /// <summary>OpenIddict reports the seconds left (3599); ClaveÚnica, like the guide, says 3600.</summary>
    private static ValueTask ReportFullLifetime(ApplyTokenResponseContext context)
    {
        if (context.Response.ExpiresIn is not null && context.Options.AccessTokenLifetime is { } lifetime)
            context.Response.ExpiresIn = (long)lifetime.TotalSeconds;
        return default;
    }

    /// <summary>
    /// Degraded mode keeps no token store, so a code could be redeemed again until it expires; ClaveÚnica's
    /// codes are single-use, and a portal that redeems twice should find out here.
    /// </summary>
    private sealed class RedeemCodeOnce : IOpenIddictServerHandler<HandleTokenRequestContext>
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new();

        public ValueTask HandleAsync(HandleTokenRequestContext context)
        {
            if (!context.Request.IsAuthorizationCodeGrantType() || context.Request.Code is not { } code)
                return default;
            var now = DateTimeOffset.UtcNow;
            foreach (var (seen, forgetAt) in _redeemed)
                if (forgetAt < now)
                    _redeemed.TryRemove(seen, out _);
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
            if (!_redeemed.TryAdd(key, now + (context.Options.AuthorizationCodeLifetime ?? TimeSpan.FromMinutes(5)) + TimeSpan.FromMinutes(5)))
                context.Reject(Errors.InvalidGrant, "El codigo de autorizacion ya fue usado.");
            return default;
        }
    }

    private sealed class ValidateAuthorizationRequest(IOptionsMonitor<ClaveUnicaSimulatorOptions> options)
        : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        private static readonly string[] RequiredScopes = [Scopes.OpenId, "run", "name"];

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            var o = options.CurrentValue;
            if (!string.Equals(context.ClientId, o.ClientId, StringComparison.Ordinal))
            {
                context.Reject(Errors.InvalidClient, $"client_id desconocido para el simulador (se espera '{o.ClientId}').");
                return default;
            }
            if (string.IsNullOrEmpty(context.RedirectUri) || !o.RedirectUriSet.Contains(context.RedirectUri))
            {
                context.Reject(Errors.InvalidRequest,
                    "redirect_uri no registrada en el simulador (DevServices__RedirectUris): " + context.RedirectUri);
                return default;
            }
            // Certification checks the exact scope; catching e.g. the default "openid profile" here saves a surprise.
            var scopes = context.Request.GetScopes();
            if (scopes.Length != RequiredScopes.Length || !RequiredScopes.All(scopes.Contains))
            {
                context.Reject(Errors.InvalidScope, "ClaveUnica exige scope exactamente 'openid run name'.");
                return default;
            }
            // ClaveÚnica does not advertise PKCE; a client that sends it is misconfigured for production.
            if (!string.IsNullOrEmpty(context.Request.CodeChallenge) || !string.IsNullOrEmpty(context.Request.CodeChallengeMethod))
            {
                context.Reject(Errors.InvalidRequest, "ClaveUnica no anuncia PKCE: desactive code_challenge (UsePkce = false).");
                return default;
            }
            return default;
        }
    }

    private sealed class ValidateTokenRequest(IOptionsMonitor<ClaveUnicaSimulatorOptions> options)
        : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            var o = options.CurrentValue;
            if (!string.Equals(context.ClientId, o.ClientId, StringComparison.Ordinal)
                || !FixedTimeEquals(context.Request.ClientSecret, o.ClientSecret))
            {
                context.Reject(Errors.InvalidClient,
                    "client_id o client_secret invalidos.");
            }
            return default;
        }

        private static bool FixedTimeEquals(string? given, string expected) =>
            given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }
}
