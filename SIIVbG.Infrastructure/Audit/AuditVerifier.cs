using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Audit;

/// <summary>The outcome of checking the whole chain and the head kept outside the table.</summary>
/// <param name="FirstBroken">The first row altered or missing; null when intact.</param>
/// <param name="HeadChecked">Whether a head written outside the table was compared (a whole-table rewrite needs it).</param>
public sealed record AuditCheck(bool Intact, long Rows, long? FirstBroken, string Summary, bool HeadChecked);

/// <summary>One verification, kept so that the administration panel can raise the alert to N2.</summary>
public sealed class AuditVerificationRow
{
    public Guid Id { get; set; }
    public DateTimeOffset VerifiedAt { get; set; }
    public long Rows { get; set; }
    public bool Intact { get; set; }
    public long? FirstBroken { get; set; }
    public string Summary { get; set; } = "";
}

internal sealed class AuditVerificationConfiguration : IEntityTypeConfiguration<AuditVerificationRow>
{
    public void Configure(EntityTypeBuilder<AuditVerificationRow> b)
    {
        b.ToTable("audit_verifications");
        b.HasKey(v => v.Id);
        b.Property(v => v.Summary).HasMaxLength(500);
        b.HasIndex(v => v.VerifiedAt);
    }
}

/// <summary>
/// Checks the audit trail (ADR 019): every row's hash and link to the previous one, no sequence missing, and — since a
/// whole table rewritten with a recomputed chain is self-consistent — the head last verified, kept in a file outside
/// the database (<c>Audit:HeadFile</c>): the row it names must still be there with the same hash.
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<SiivbgDbContext> dbFactory, AuditTrail trail, TimeProvider clock, IConfiguration configuration)
{
    public const string HeadFileSetting = "Audit:HeadFile";

    private sealed record Head(long Sequence, string Hash, DateTimeOffset WrittenAt);

    public string? HeadFile => configuration[HeadFileSetting] is { Length: > 0 } f ? f : null;

    public async Task<AuditCheck> CheckAsync(CancellationToken ct = default)
    {
        var chain = await trail.VerifyAsync(ct);
        if (chain.FirstBrokenSequence is { } broken)
            return new AuditCheck(false, chain.Rows, broken,
                string.Create(CultureInfo.InvariantCulture, $"la fila #{broken} del registro de auditoría fue alterada o eliminada ({chain.Rows} filas leídas)"),
                false);
        if (ReadHead() is not { } head)
            return new AuditCheck(true, chain.Rows, null,
                string.Create(CultureInfo.InvariantCulture, $"cadena íntegra: {chain.Rows} filas (sin cabeza externa que comparar)"), false);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence == head.Sequence).Select(a => a.Hash).SingleOrDefaultAsync(ct);
        if (stored is null || Convert.ToHexStringLower(stored) != head.Hash)
            return new AuditCheck(false, chain.Rows, head.Sequence,
                string.Create(CultureInfo.InvariantCulture,
                    $"la fila #{head.Sequence} ya no es la verificada el {head.WrittenAt:dd-MM-yyyy HH:mm} UTC: el registro fue reescrito o truncado"),
                true);
        return new AuditCheck(true, chain.Rows, null,
            string.Create(CultureInfo.InvariantCulture, $"cadena íntegra: {chain.Rows} filas; la cabeza externa #{head.Sequence} coincide"), true);
    }

    /// <summary>Checks, records the result for the panel, and — only when intact — moves the external head forward.</summary>
    public async Task<AuditCheck> VerifyAndRecordAsync(CancellationToken ct = default)
    {
        var check = await CheckAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditVerifications.Add(new AuditVerificationRow
        {
            Id = Guid.NewGuid(), VerifiedAt = clock.GetUtcNow(), Rows = check.Rows, Intact = check.Intact, FirstBroken = check.FirstBroken,
            Summary = check.Summary.Length > 500 ? check.Summary[..500] : check.Summary,
        });
        await db.SaveChangesAsync(ct);
        if (check.Intact && HeadFile is { } path)
        {
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
            if (last is not null) WriteHead(path, new Head(last.Sequence, Convert.ToHexStringLower(last.Hash), clock.GetUtcNow()));
        }
        return check;
    }

    /// <summary>The latest verification, for the administration panel's alert.</summary>
    public async Task<AuditVerificationRow?> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditVerifications.AsNoTracking().OrderByDescending(v => v.VerifiedAt).FirstOrDefaultAsync(ct);
    }

    private Head? ReadHead()
    {
        if (HeadFile is not { } path || !File.Exists(path)) return null;
        return JsonSerializer.Deserialize<Head>(File.ReadAllText(path));
    }

    private static void WriteHead(string path, Head head)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        File.WriteAllText(temp, JsonSerializer.Serialize(head));
        File.Move(temp, path, overwrite: true);   // atomic on one file system: never a half-written head
    }
}

/// <summary>Nightly: verify the chain and the external head; a failure is recorded and shown to N2 in the panel.</summary>
public sealed class AuditVerificationJob(AuditVerifier verifier)
{
    public const string RecurringId = "verificacion-auditoria";

    [Hangfire.AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => verifier.VerifyAndRecordAsync(ct);
}
