using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Web.Auth;

namespace SIIVbG.Web.Features.Administration;

/// <summary>
/// <c>POST /panel/administracion/auditoria/exportar</c>: the filtered trail as CSV, from the page's form (antiforgery
/// token, the filter, the typed reason — in the body, never in a URL). The export is audited with its reason.
/// </summary>
public static class AuditExportEndpoint
{
    public const string Path = "/panel/administracion/auditoria/exportar";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExportAsync).RequireAuthorization(Policies.AuditTrail).DisableAntiforgery();
        return app;
    }

    internal static async Task<IResult> ExportAsync(HttpContext http, AuditSearch search, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return SIIVbG.Web.Security.PlainText.Of("Solicitud inválida: vuelva a abrir el registro y exporte desde allí.", StatusCodes.Status400BadRequest);
        if (http.User.ToOperator() is not { } op) return Results.Forbid();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        try
        {
            var query = new AuditQuery(
                Optional(form["operador"]), Guid.TryParse(form["sobreviviente"], out var s) ? s : null, Optional(form["accion"]),
                Day(form["desde"]), Day(form["hasta"]),
                form["resultado"].ToString() switch { "permitido" => AuditOutcome.Allowed, "denegado" => AuditOutcome.Denied, _ => null });
            var (csv, _) = await search.ExportAsync(op, query, form["motivo"], http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(csv, "text/csv; charset=utf-8", $"registro-auditoria-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
        }
        catch (DomainException ex)
        {
            return SIIVbG.Web.Security.PlainText.Of(ex.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static string? Optional(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static DateOnly? Day(string? v) =>
        DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

}
