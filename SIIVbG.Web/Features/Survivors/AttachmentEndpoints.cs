using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Common;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Web.Auth;

namespace SIIVbG.Web.Features.Survivors;

/// <summary>
/// Serves one annex to an operator the policy allows, in a tab of its own (never embedded in our pages), audited by
/// <see cref="AttachmentService.OpenAsync"/>: <c>GET /anexos/{id}</c> shows it; <c>POST /anexos/{id}/descarga</c> (a
/// form with the antiforgery token and the typed reason) saves it — the reason travels in the body, never in a URL
/// that browsers keep in their history and servers in their access logs.
/// A missing annex and one she may not see both answer 404 (the portal's "not found" page), so ids cannot be probed.
/// </summary>
public static class AttachmentEndpoints
{
    public const string Path = "/anexos";

    /// <summary>
    /// Images open in a sandboxed document (no script, no plugins, an opaque origin). PDFs do not: Chrome refuses to
    /// start its PDF viewer in a sandboxed document, so a PDF gets the portal's ordinary CSP; what keeps it harmless is
    /// that only a real PDF (sniffed) is ever served as <c>application/pdf</c>, with <c>nosniff</c>.
    /// </summary>
    internal const string ImageCsp = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    public static string ViewUrl(Guid id) => $"{Path}/{id}";

    public static string DownloadUrl(Guid id) => $"{Path}/{id}/descarga";

    /// <summary>Name of the form field that carries the typed reason of a download.</summary>
    public const string ReasonField = "motivo";

    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{id:guid}", (Guid id, HttpContext http, AttachmentService attachments) =>
            ServeAsync(id, http, attachments, AttachmentUse.View, null)).RequireAuthorization(Policies.CasePanel);
        app.MapPost(Path + "/{id:guid}/descarga", DownloadAsync).RequireAuthorization(Policies.CasePanel).DisableAntiforgery();
        return app;
    }

    /// <summary>The download form: its antiforgery token is checked here, before anything is read or audited.</summary>
    internal static async Task<IResult> DownloadAsync(Guid id, HttpContext http, AttachmentService attachments, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return SIIVbG.Web.Security.PlainText.Of("Solicitud inválida: vuelva a abrir la ficha y descargue el anexo desde allí.", StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return await ServeAsync(id, http, attachments, AttachmentUse.Download, form[ReasonField].ToString());
    }

    internal static async Task<IResult> ServeAsync(Guid id, HttpContext http, AttachmentService attachments, AttachmentUse use, string? reason)
    {
        if (http.User.ToOperator() is not { } op) return Results.NotFound();
        // Opening an annex writes the audit trail in her name, with the reason given: only our own pages (or a URL she
        // typed herself) may start that, never another site's link or form (the session cookie is SameSite=Lax).
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return SIIVbG.Web.Security.PlainText.Of("Abra el anexo desde la ficha de la sobreviviente.", StatusCodes.Status403Forbidden);

        AttachmentFile file;
        try
        {
            file = await attachments.OpenAsync(op, id, use, reason, http.RequestAborted);
        }
        catch (AccessDeniedException)
        {
            return Results.NotFound();
        }
        catch (DomainException ex)
        {
            return SIIVbG.Web.Security.PlainText.Of(ex.Message, StatusCodes.Status400BadRequest);
        }

        var disposition = new ContentDispositionHeaderValue(use == AttachmentUse.Download ? "attachment" : "inline");
        disposition.SetHttpFileName(file.FileName);
        var h = http.Response.Headers;
        h.ContentDisposition = disposition.ToString();
        h.XContentTypeOptions = "nosniff";
        h.CacheControl = "no-store";
        h["Cross-Origin-Resource-Policy"] = "same-origin";
        if (file.MediaType != AttachmentMediaType.Pdf) h.ContentSecurityPolicy = ImageCsp;
        return Results.Bytes(file.Content, file.ContentType);
    }

}
