using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Audit;

/// <summary>What the Registro y control de acceso filters by; every field optional. Dates are days, both ends included.</summary>
public sealed record AuditQuery(string? OperatorRun = null, Guid? SurvivorId = null, string? Action = null, DateOnly? From = null,
    DateOnly? To = null, AuditOutcome? Outcome = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int PageSize);

public static class AuditSearchActions
{
    public const string Searched = "audit.searched";
    public const string Exported = "audit.exported";
}

/// <summary>
/// The Registro y control de acceso (N2): search the trail by operator, survivor, action, dates and outcome, and export
/// it for oversight bodies. Each search is audited with its filter; an export needs a written reason, audited with it.
/// </summary>
public sealed class AuditSearch(IDbContextFactory<SiivbgDbContext> dbFactory, AccessGuard access, AuditTrail trail)
{
    public const int MinReasonLength = 10;
    public const int MaxExportRows = 100_000;

    public async Task<AuditPage> SearchAsync(SignedInOperator op, AuditQuery query, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ViewAuditTrail, "auditoria", ct);
        var filter = Normalise(query);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 10, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Apply(db.AuditEntries.AsNoTracking(), filter);
        var total = await rows.CountAsync(ct);
        var entries = await rows.OrderByDescending(a => a.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        await trail.AppendAsync(new AuditRecord(AuditSearchActions.Searched, AuditOutcome.Allowed, op.Id, op.Run, filter.SurvivorId, "auditoria",
            Details: JsonSerializer.Serialize(new { filter, page, total })), ct);
        return new AuditPage(entries.Select(AuditTrail.ToEntry).ToList(), total, page, pageSize);
    }

    /// <summary>The filtered trail as CSV (UTF-8, <c>;</c>) for an oversight body; the reason is kept in the audit entry.</summary>
    /// <exception cref="DomainException">Without a reason of at least <see cref="MinReasonLength"/> characters.</exception>
    public async Task<(byte[] Csv, int Rows)> ExportAsync(SignedInOperator op, AuditQuery query, string? reason, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ViewAuditTrail, "auditoria/exportacion", ct);
        var why = reason?.Trim() ?? "";
        if (why.Length < MinReasonLength)
            throw new DomainException($"Indique el motivo de la exportación (al menos {MinReasonLength} caracteres): queda en el registro.");
        if (why.Length > 500) throw new DomainException("El motivo no puede superar 500 caracteres.");
        var filter = Normalise(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Apply(db.AuditEntries.AsNoTracking(), filter).OrderBy(a => a.Sequence).Take(MaxExportRows).ToListAsync(ct);

        var csv = new StringBuilder("secuencia;fecha_utc;accion;resultado;operador_run;sobreviviente;recurso;motivo;detalle;hash\n");
        foreach (var a in rows)
            csv.AppendJoin(';', a.Sequence.ToString(CultureInfo.InvariantCulture), a.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Field(a.Action), a.Outcome == (int)AuditOutcome.Allowed ? "permitido" : "denegado", Field(a.OperatorRun), a.SurvivorId?.ToString() ?? "",
                    Field(a.Resource), Field(a.Reason), Field(a.Details), Convert.ToHexStringLower(a.Hash))
                .Append('\n');
        await trail.AppendAsync(new AuditRecord(AuditSearchActions.Exported, AuditOutcome.Allowed, op.Id, op.Run, filter.SurvivorId, "auditoria/exportacion",
            why, JsonSerializer.Serialize(new { filter, rows = rows.Count })), ct);
        return ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], rows.Count);
    }

    private static AuditQuery Normalise(AuditQuery q)
    {
        string? run = null;
        if (!string.IsNullOrWhiteSpace(q.OperatorRun))
        {
            if (!Run.TryParse(q.OperatorRun, out var parsed, out var error)) throw new DomainException(error!);
            run = parsed.ToString();
        }
        if (q.From is { } f && q.To is { } t && f > t) throw new DomainException("La fecha inicial es posterior a la final.");
        return q with { OperatorRun = run, Action = string.IsNullOrWhiteSpace(q.Action) ? null : q.Action.Trim() };
    }

    private static IQueryable<AuditRow> Apply(IQueryable<AuditRow> rows, AuditQuery q)
    {
        if (q.OperatorRun is { } run) rows = rows.Where(a => a.OperatorRun == run);
        if (q.SurvivorId is { } survivor) rows = rows.Where(a => a.SurvivorId == survivor);
        if (q.Action is { } action) rows = rows.Where(a => a.Action.StartsWith(action));
        if (q.Outcome is { } outcome) rows = rows.Where(a => a.Outcome == (int)outcome);
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(a => a.OccurredAt >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(a => a.OccurredAt < end);
        }
        return rows;
    }

    // CSV injection: a cell starting with = + - @ is prefixed so spreadsheets do not run it as a formula.
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var v = value.Replace("\r", " ").Replace("\n", " ");
        if (v[0] is '=' or '+' or '-' or '@') v = "'" + v;
        return v.Contains(';') || v.Contains('"') ? $"\"{v.Replace("\"", "\"\"")}\"" : v;
    }
}
