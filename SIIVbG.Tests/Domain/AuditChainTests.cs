using SIIVbG.Domain.Audit;

namespace SIIVbG.Tests.Domain;

[Trait("Area", "Audit")]
public class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Op1 = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid Op2 = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid Survivor = Guid.Parse("33333333-3333-4333-8333-333333333333");

    /// <summary>Five chained rows with every field in use; row 3 is the "middle" row the tamper tests touch.</summary>
    private static List<AuditEntry> Chain()
    {
        var records = new[]
        {
            new AuditRecord("login", AuditOutcome.Allowed, Op1, "12345678-5"),
            new AuditRecord("survivor.view", AuditOutcome.Allowed, Op1, "12345678-5", Survivor, "survivor/episodes", "Atención en curso", "{\"tab\":\"episodes\"}"),
            new AuditRecord("export.download", AuditOutcome.Allowed, Op2, "11111111-1", null, "report/cases-2025-02", "Informe mensual a la Dirección Regional", "rows=412"),
            new AuditRecord("survivor.view", AuditOutcome.Denied, Op2, "11111111-1", Survivor, "survivor/legal", "Sin permiso", null),
            new AuditRecord("logout", AuditOutcome.Allowed, Op1, "12345678-5"),
        };
        var entries = new List<AuditEntry>();
        AuditEntry? previous = null;
        for (var i = 0; i < records.Length; i++)
        {
            previous = AuditChain.Next(previous, T0.AddMinutes(i).AddTicks(1234), records[i]);
            entries.Add(previous);
        }
        return entries;
    }

    private static List<AuditEntry> Replace(List<AuditEntry> chain, int sequence, Func<AuditEntry, AuditEntry> change)
    {
        var copy = chain.ToList();
        copy[sequence - 1] = change(copy[sequence - 1]);
        return copy;
    }

    [Fact]
    public void IntactChain_HasNoBreak()
    {
        var chain = Chain();

        Assert.Equal([1L, 2, 3, 4, 5], chain.Select(e => e.Sequence));
        Assert.Null(AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void EmptyChain_HasNoBreak()
    {
        Assert.Null(AuditChain.FindFirstBreak([]));
    }

    [Fact]
    public void Next_StartsAtSequenceOne_FromTheGenesisHash_AndLinksEachRowToThePrevious()
    {
        var chain = Chain();

        Assert.Equal(1, chain[0].Sequence);
        Assert.Equal(new byte[32], chain[0].PreviousHash);
        for (var i = 1; i < chain.Count; i++)
            Assert.Equal(chain[i - 1].Hash, chain[i].PreviousHash);
    }

    public static TheoryData<string, Func<AuditEntry, AuditEntry>> Tampering => new()
    {
        { "action", e => e with { Record = e.Record with { Action = "export.view" } } },
        { "outcome", e => e with { Record = e.Record with { Outcome = AuditOutcome.Denied } } },
        { "reason", e => e with { Record = e.Record with { Reason = "Informe mensual" } } },
        { "reason removed", e => e with { Record = e.Record with { Reason = null } } },
        { "resource", e => e with { Record = e.Record with { Resource = "report/cases-2025-01" } } },
        { "details", e => e with { Record = e.Record with { Details = "rows=12" } } },
        { "survivor", e => e with { Record = e.Record with { SurvivorId = Survivor } } },
        { "operator id", e => e with { Record = e.Record with { OperatorId = Op1 } } },
        { "operator run", e => e with { Record = e.Record with { OperatorRun = "12345678-5" } } },
        { "timestamp +1 µs", e => e with { OccurredAt = e.OccurredAt.AddTicks(10) } },
        { "timestamp -1 day", e => e with { OccurredAt = e.OccurredAt.AddDays(-1) } },
        { "sequence", e => e with { Sequence = 7 } },
        { "hash", e => e with { Hash = Flip(e.Hash) } },
        { "previous hash", e => e with { PreviousHash = Flip(e.PreviousHash) } },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void AlteringAnyFieldOfAMiddleRow_BreaksTheChainAtThatRow(string field, Func<AuditEntry, AuditEntry> tamper)
    {
        var tampered = Replace(Chain(), 3, tamper);

        Assert.True(AuditChain.FindFirstBreak(tampered) == 3, $"altering the {field} of row 3 was not caught at row 3");
    }

    [Fact]
    public void AlteringTheFirstRow_BreaksTheChainAtRowOne()
    {
        var tampered = Replace(Chain(), 1, e => e with { Record = e.Record with { OperatorRun = "11111111-1" } });

        Assert.Equal(1, AuditChain.FindFirstBreak(tampered));
    }

    [Fact]
    public void AlteringAMiddleRowAndRehashingIt_BreaksTheChainAtTheNextRow()
    {
        var tampered = Replace(Chain(), 3, e =>
        {
            var record = e.Record with { Reason = "Informe mensual" };
            return e with { Record = record, Hash = AuditChain.ComputeHash(e.Sequence, e.OccurredAt, record, e.PreviousHash) };
        });

        Assert.Equal(4, AuditChain.FindFirstBreak(tampered));
    }

    [Fact]
    public void RemovingAMiddleRow_ReportsTheBreakAtTheMissingSequence()
    {
        var chain = Chain();
        chain.RemoveAt(2); // row 3

        Assert.Equal(3, AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void RemovingAMiddleRowAndRenumberingTheRest_ReportsTheBreakAtTheMissingSequence()
    {
        var chain = Chain();
        chain.RemoveAt(2);
        var renumbered = chain.Select((e, i) => e with { Sequence = i + 1 }).ToList();

        Assert.Equal(3, AuditChain.FindFirstBreak(renumbered));
    }

    [Fact]
    public void RemovingTheFirstRow_ReportsTheBreakAtRowOne()
    {
        var chain = Chain();
        chain.RemoveAt(0);

        Assert.Equal(1, AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void SwappingTwoRows_BreaksTheChainAtTheFirstSwappedPosition()
    {
        var chain = Chain();
        (chain[2], chain[3]) = (chain[3], chain[2]);

        Assert.Equal(3, AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void SwappingTwoRowsAndTheirSequences_BreaksTheChainAtTheFirstSwappedPosition()
    {
        var chain = Chain();
        (chain[2], chain[3]) = (chain[3] with { Sequence = 3 }, chain[2] with { Sequence = 4 });

        Assert.Equal(3, AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void DuplicatingARow_BreaksTheChainAtTheRowAfterIt()
    {
        var chain = Chain();
        chain.Insert(3, chain[2]);

        Assert.Equal(4, AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void RemovingTheLastRow_IsNotDetectableWithoutAnExternalHead()
    {
        var chain = Chain();
        chain.RemoveAt(chain.Count - 1);

        // The chain alone only proves each row follows the previous one; a truncated tail is still a valid chain.
        // This is why the head (last sequence and hash) must be kept outside the audit table.
        Assert.Null(AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void RewritingEveryRowFromAMiddleRowOn_IsNotDetectableWithoutAnExternalHead()
    {
        var chain = Chain();
        var forged = chain.Take(2).ToList();
        foreach (var e in chain.Skip(2))
        {
            var record = e.Sequence == 3 ? e.Record with { Reason = "Informe mensual" } : e.Record;
            forged.Add(AuditChain.Next(forged[^1], e.OccurredAt, record));
        }

        Assert.Null(AuditChain.FindFirstBreak(forged));
        Assert.NotEqual(chain[^1].Hash, forged[^1].Hash); // only a stored head tells the two apart
    }

    [Fact]
    public void ComputeHash_IsSha256Sized()
    {
        var hash = AuditChain.ComputeHash(1, T0, new AuditRecord("login", AuditOutcome.Allowed), AuditChain.GenesisHash);

        Assert.Equal(32, hash.Length);
        Assert.All(Chain(), e => Assert.Equal(32, e.Hash.Length));
    }

    [Fact]
    public void ComputeHash_IsDeterministic()
    {
        var record = new AuditRecord("survivor.view", AuditOutcome.Allowed, Op1, "12345678-5", Survivor, "survivor/episodes", "Atención", "x");

        Assert.Equal(
            AuditChain.ComputeHash(3, T0, record, AuditChain.GenesisHash),
            AuditChain.ComputeHash(3, T0, record with { }, new byte[32]));
    }

    [Fact]
    public void ComputeHash_Changes_WhenThePreviousHashChanges()
    {
        var record = new AuditRecord("login", AuditOutcome.Allowed, Op1);
        var previous = new byte[32];
        var otherPrevious = new byte[32];
        otherPrevious[31] = 1;

        Assert.NotEqual(
            AuditChain.ComputeHash(2, T0, record, previous),
            AuditChain.ComputeHash(2, T0, record, otherPrevious));
    }

    [Fact]
    public void ComputeHash_Changes_WhenTheSequenceChanges()
    {
        var record = new AuditRecord("login", AuditOutcome.Allowed, Op1);

        Assert.NotEqual(
            AuditChain.ComputeHash(2, T0, record, AuditChain.GenesisHash),
            AuditChain.ComputeHash(3, T0, record, AuditChain.GenesisHash));
    }

    [Fact]
    public void ComputeHash_IgnoresTicksBelowAMicrosecond()
    {
        var record = new AuditRecord("login", AuditOutcome.Allowed, Op1);
        var truncated = new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        var precise = truncated.AddTicks(9);

        Assert.Equal(
            AuditChain.ComputeHash(1, truncated, record, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, precise, record, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.ComputeHash(1, truncated, record, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, truncated.AddTicks(10), record, AuditChain.GenesisHash));
    }

    [Fact]
    public void ComputeHash_IsTheSameForTheSameInstantInAnyOffset()
    {
        var record = new AuditRecord("login", AuditOutcome.Allowed, Op1);
        var santiago = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(-3));

        Assert.Equal(
            AuditChain.ComputeHash(1, T0, record, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, santiago, record, AuditChain.GenesisHash));
    }

    [Fact]
    public void Normalize_TruncatesToMicroseconds_InUtc()
    {
        var at = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(-3)).AddTicks(1_234_567);

        var normalized = AuditChain.Normalize(at);

        Assert.Equal(TimeSpan.Zero, normalized.Offset);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), normalized);
        Assert.Equal(normalized.UtcTicks, AuditChain.Normalize(normalized).UtcTicks);
    }

    [Fact]
    public void Next_StoresTheNormalizedTimestamp()
    {
        var entry = AuditChain.Next(null, T0.ToOffset(TimeSpan.FromHours(-4)).AddTicks(7), new AuditRecord("login", AuditOutcome.Allowed));

        Assert.Equal(T0, entry.OccurredAt);
        Assert.Equal(TimeSpan.Zero, entry.OccurredAt.Offset);
    }

    [Fact]
    public void ChainReadBackAtMicrosecondPrecision_StillVerifies()
    {
        // What PostgreSQL hands back: same instants, truncated to µs, possibly in another offset.
        var readBack = Chain().Select(e => e with
        {
            OccurredAt = new DateTimeOffset(e.OccurredAt.UtcTicks - e.OccurredAt.UtcTicks % 10, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(-3)),
            PreviousHash = e.PreviousHash.ToArray(),
            Hash = e.Hash.ToArray(),
        }).ToList();

        Assert.Null(AuditChain.FindFirstBreak(readBack));
    }

    [Fact]
    public void ComputeHash_DiffersWhenTextMovesBetweenFields()
    {
        // Fields are joined with U+001F without escaping; text containing that separator must not let a row
        // be rewritten (here: part of the reason moved into the details) while keeping its hash.
        var original = new AuditRecord("export.download", AuditOutcome.Allowed, Op1, "12345678-5", null,
            "report/cases", "Informe mensual\u001fa la Dirección", "rows=412");
        var moved = original with { Reason = "Informe mensual", Details = "a la Dirección\u001frows=412" };

        Assert.NotEqual(
            AuditChain.ComputeHash(1, T0, original, AuditChain.GenesisHash),
            AuditChain.ComputeHash(1, T0, moved, AuditChain.GenesisHash));
    }

    private static byte[] Flip(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[0] ^= 0xFF;
        return copy;
    }
}
