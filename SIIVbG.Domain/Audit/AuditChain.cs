using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SIIVbG.Domain.Audit;

public enum AuditOutcome { Allowed = 1, Denied = 2 }

/// <summary>What happened, before it gets its place in the chain.</summary>
public sealed record AuditRecord(
    string Action,
    AuditOutcome Outcome,
    Guid? OperatorId = null,
    string? OperatorRun = null,
    Guid? SurvivorId = null,
    string? Resource = null,
    string? Reason = null,
    string? Details = null);

/// <summary>A stored, chained audit row.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset OccurredAt,
    AuditRecord Record,
    byte[] PreviousHash,
    byte[] Hash);

/// <summary>
/// SHA-256 hash chain over the audit trail: each row's hash covers its own content and the previous row's hash,
/// so altering, removing or reordering any row breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first row; a fresh array each time so nobody can alter it in place.</summary>
    public static byte[] GenesisHash => new byte[32];

    /// <summary>PostgreSQL keeps microseconds; the hash must see exactly what is stored.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    public static byte[] ComputeHash(long sequence, DateTimeOffset occurredAt, AuditRecord r, byte[] previousHash)
    {
        // Each field is length-prefixed (null distinct from empty) so text cannot slide from one field into the next.
        var canonical = new StringBuilder();
        void Field(string? value) => canonical.Append(value is null ? "-1:" : $"{value.Length}:{value}").Append('|');
        Field(sequence.ToString(CultureInfo.InvariantCulture));
        Field(Normalize(occurredAt).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
        Field(r.Action);
        Field(((int)r.Outcome).ToString(CultureInfo.InvariantCulture));
        Field(r.OperatorId?.ToString("N"));
        Field(r.OperatorRun);
        Field(r.SurvivorId?.ToString("N"));
        Field(r.Resource);
        Field(r.Reason);
        Field(r.Details);
        Field(Convert.ToHexString(previousHash));
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
    }

    public static AuditEntry Next(AuditEntry? previous, DateTimeOffset occurredAt, AuditRecord record)
    {
        var sequence = (previous?.Sequence ?? 0) + 1;
        var prevHash = previous?.Hash ?? GenesisHash;
        var at = Normalize(occurredAt);
        return new AuditEntry(sequence, at, record, prevHash, ComputeHash(sequence, at, record, prevHash));
    }

    /// <summary>Walks the chain in sequence order; returns the sequence of the first row that does not fit, or null when intact.</summary>
    public static long? FindFirstBreak(IEnumerable<AuditEntry> entriesInOrder)
    {
        long expectedSequence = 1;
        var expectedPrev = GenesisHash;
        foreach (var e in entriesInOrder)
        {
            if (e.Sequence != expectedSequence
                || !CryptographicOperations.FixedTimeEquals(e.PreviousHash, expectedPrev)
                || !CryptographicOperations.FixedTimeEquals(e.Hash, ComputeHash(e.Sequence, e.OccurredAt, e.Record, e.PreviousHash)))
                return e.Sequence == expectedSequence ? e.Sequence : expectedSequence;
            expectedSequence++;
            expectedPrev = e.Hash;
        }
        return null;
    }
}
