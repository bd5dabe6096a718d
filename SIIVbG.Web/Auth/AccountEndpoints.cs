using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Operators;

namespace SIIVbG.Web.Auth;

/// <summary>Login, logout and the cookie refresh after the confidentiality agreement. Plain HTTP endpoints: they set cookies.</summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/cuenta/ingresar";
    public const string LogoutPath = "/cuenta/salir";
    public const string RefreshPath = "/cuenta/renovar";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/cuenta");

        account.MapGet("/ingresar", (IOptions<ClaveUnicaOptions> cu) => cu.Value.IsConfigured
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [ClaveUnicaAuthentication.Scheme])
                : Results.Problem("ClaveÚnica no está configurada (ClaveUnica:Authority).", statusCode: 503))
            .AllowAnonymous();

        // Logout is local first (the portal session ends even if ClaveÚnica's logout misbehaves, e.g. answers 204),
        // then the browser is sent through ClaveÚnica's logout, which returns to the signed-out page.
        account.MapPost("/salir", async (HttpContext http, IAntiforgery antiforgery, OperatorDirectory directory, IOptions<ClaveUnicaOptions> cu) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest("Solicitud inválida.");
                if (http.User.ToOperator() is { } op) await directory.RecordLogoutAsync(op, http.RequestAborted);
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                var signedOut = $"{http.Request.Scheme}://{http.Request.Host}{ClaveUnicaAuthentication.SignedOutPath}";
                var target = cu.Value.LogoutUrl is { Length: > 0 } logout
                    ? $"{logout}?redirect={Uri.EscapeDataString(signedOut)}"
                    : ClaveUnicaAuthentication.SignedOutPath;
                return Results.Content(RedirectPage(target), "text/html; charset=utf-8");
            })
            .AllowAnonymous();

        // After the agreement is accepted in the database, the cookie is re-issued from the registry's current record.
        account.MapGet("/renovar", async (HttpContext http, OperatorDirectory directory) =>
            {
                var op = http.User.ToOperator();
                var standing = op is null ? null : await directory.GetStandingAsync(op.Id, http.RequestAborted);
                if (!http.User.StillMatches(standing)) return Results.Redirect(ClaveUnicaAuthentication.DeniedPath);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    OperatorClaims.CreatePrincipal(standing!, CookieAuthenticationDefaults.AuthenticationScheme));
                return Results.Redirect("/");
            })
            .RequireAuthorization(p => p.RequireAuthenticatedUser());
        return app;
    }

    /// <summary>Where an operator belongs: the agreement first, then the panel of her daily work.</summary>
    public static string HomeOf(System.Security.Claims.ClaimsPrincipal user)
    {
        var op = user.ToOperator();
        if (op is null) return "/";
        if (!user.HasAcceptedAgreement()) return ClaveUnicaAuthentication.AgreementPath;
        return AccessPolicy.LandingPanel(op.Level) is { } panel ? Policies.PathOf(panel) : ClaveUnicaAuthentication.DeniedPath;
    }

    private static string RedirectPage(string target)
    {
        var url = WebUtility.HtmlEncode(target);
        return $"""
            <!DOCTYPE html><html lang="es-CL"><head><meta charset="utf-8">
            <meta http-equiv="refresh" content="0;url={url}"><title>Cerrando sesión — SIIVbG</title></head>
            <body><p>Su sesión en SIIVbG se cerró. Cerrando la sesión de ClaveÚnica…</p>
            <p><a href="{url}">Continuar</a></p></body></html>
            """;
    }
}
