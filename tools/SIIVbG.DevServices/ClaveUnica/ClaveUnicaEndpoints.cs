using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SIIVbG.Domain.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static SIIVbG.DevServices.ClaveUnica.ClaveUnicaSimulatorExtensions;

namespace SIIVbG.DevServices.ClaveUnica;

internal static class ClaveUnicaEndpoints
{
    private const string PickPath = "/simulador/claveunica/elegir";
    private const string AuthorizePath = "/openid/authorize";
    /// <summary>Private claim carrying the canonical RUN from the code to the access token, read by userinfo.</summary>
    private const string RunClaim = "siivbg_run";

    public static void Map(WebApplication app)
    {
        // OpenIddict has validated the request before these run (passthrough); trailing slashes are optional in routing.
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], Authorize);
        app.MapPost("/openid/userinfo", (Delegate)UserInfo);
        app.MapPost(PickPath, Pick);
        app.MapGet("/api/v1/accounts/app/logout", Logout);
    }

    private static async Task<IResult> Authorize(HttpContext http, IAntiforgery antiforgery, IOptionsMonitor<ClaveUnicaSimulatorOptions> options)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("La solicitud OpenID Connect no está disponible.");

        var session = await http.AuthenticateAsync(SessionScheme);
        if (!TryGetRun(session.Principal, out var run))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Results.Forbid(ErrorProperties(Errors.LoginRequired, "No hay sesion en el simulador."),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(
                request.GetParameters().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
            return PickerResult(http, antiforgery, options.CurrentValue, returnUrl);
        }

        var person = SimulatedPerson.For(run);
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        // The id_token carries only sub: what ClaveÚnica puts there is unconfirmed, so the portal must use userinfo.
        identity.AddClaim(new Claim(Claims.Subject, person.Sub).SetDestinations(Destinations.AccessToken, Destinations.IdentityToken));
        identity.AddClaim(new Claim(RunClaim, run.ToString()).SetDestinations(Destinations.AccessToken));
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());

        // Like ClaveÚnica's ~60 s session, ours ends at once: the next authorization shows the picker again,
        // so tests can sign in as different people in one browser context.
        await http.SignOutAsync(SessionScheme);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Pick(HttpContext http, IAntiforgery antiforgery, IOptionsMonitor<ClaveUnicaSimulatorOptions> options)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Text("Solicitud rechazada: falta o no corresponde el token antifalsificación. Vuelva a iniciar el ingreso.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        // Only back into our own authorize endpoint: never an open redirect.
        if (!returnUrl.StartsWith(http.Request.PathBase + AuthorizePath, StringComparison.Ordinal))
            return Results.Text("Dirección de retorno inválida.", statusCode: StatusCodes.Status400BadRequest);

        var typed = form["run"].ToString();
        if (!Run.TryParse(typed, out var run, out var error))
            return PickerResult(http, antiforgery, options.CurrentValue, returnUrl, typed, error, StatusCodes.Status400BadRequest);

        await http.SignInAsync(SessionScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(RunClaim, run.ToString())], SessionScheme)));
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> UserInfo(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!TryGetRun(result.Principal, out var run))
            return Results.Challenge(ErrorProperties(Errors.InvalidToken, "El token no identifica a una persona."),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        return Results.Json(SimulatedPerson.For(run).ToUserInfo());
    }

    private static async Task<IResult> Logout(HttpContext http, IOptionsMonitor<ClaveUnicaSimulatorOptions> options)
    {
        await http.SignOutAsync(SessionScheme);
        var redirect = http.Request.Query["redirect"].ToString();
        return options.CurrentValue.LogoutRedirectUriSet.Contains(redirect)
            ? Results.Redirect(redirect)
            : Results.Text("El parámetro redirect no es una URI de cierre de sesión registrada (DevServices__LogoutRedirectUris).",
                statusCode: StatusCodes.Status400BadRequest);
    }

    private static IResult PickerResult(HttpContext http, IAntiforgery antiforgery, ClaveUnicaSimulatorOptions options,
        string returnUrl, string? typed = null, string? error = null, int statusCode = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = PickerPage.Render(http.Request.PathBase + PickPath, returnUrl, tokens.FormFieldName, tokens.RequestToken!,
            options.ClientId, typed, error);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static bool TryGetRun(ClaimsPrincipal? principal, out Run run)
    {
        run = default;
        return principal?.FindFirst(RunClaim)?.Value is { } text && Run.TryParse(text, out run, out _);
    }

    private static AuthenticationProperties ErrorProperties(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
