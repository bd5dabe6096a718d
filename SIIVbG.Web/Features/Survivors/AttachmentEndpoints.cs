using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Common;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Web.Auth;

namespace SIIVbG.Web.Features.Survivors;

/// <summary>
/// Serves one annex to an operator the policy allows, in a tab of its own (never embedded in our pages), audited by
/// <see cref="AttachmentService.OpenAsync"/>: <c>/anexos/{id}</c> shows it, <c>?descargar=1&amp;motivo=…</c> saves it.
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

    public static string DownloadUrl(Guid id, string reason) => $"{Path}/{id}?descargar=1&motivo={Uri.EscapeDataString(reason.Trim())}";

    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{id:guid}", ServeAsync).RequireAuthorization(Policies.CasePanel);
        return app;
    }

    internal static async Task<IResult> ServeAsync(Guid id, HttpContext http, AttachmentService attachments,
        [FromQuery(Name = "descargar")] string? download, [FromQuery(Name = "motivo")] string? reason)
    {
        if (http.User.ToOperator() is not { } op) return Results.NotFound();
        // Opening an annex writes the audit trail in her name, with the reason given: only our own pages (or a URL she
        // typed herself) may start that, never another site's link or form (the session cookie is SameSite=Lax).
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return Text("Abra el anexo desde la ficha de la sobreviviente.", StatusCodes.Status403Forbidden);

        var use = download is "1" or "true" ? AttachmentUse.Download : AttachmentUse.View;
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
            return Text(ex.Message, StatusCodes.Status400BadRequest);
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

    private static IResult Text(string message, int status) =>
        Results.Text(message, "text/plain; charset=utf-8", Encoding.UTF8, status);
}
