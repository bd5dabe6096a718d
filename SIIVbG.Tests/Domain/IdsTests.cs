using SIIVbG.Domain.Common;

namespace SIIVbG.Tests.Domain;

/// <summary>Ids are UUID version 7 as the framework makes them: time first, then random bits that never repeat, on any thread.</summary>
public sealed class IdsTests
{
    [Fact]
    public void Id_IsVersion7WithTheRfcVariant_AndStartsWithItsMillisecond()
    {
        var at = new DateTimeOffset(2026, 11, 23, 15, 0, 0, 123, TimeSpan.Zero);

        var id = Ids.NewVersion7(at);

        var text = id.ToString("N");
        Assert.Equal('7', text[12]);
        Assert.Contains(text[16], "89ab");
        Assert.Equal(at.ToUnixTimeMilliseconds().ToString("x12"), text[..12]);
        // The framework's own version 7 for the same moment shares the same first 48 bits.
        Assert.Equal(Guid.CreateVersion7(at).ToString("N")[..12], text[..12]);
    }

    [Fact]
    public void IdsMadeLater_SortAfter_AsStoredAndCompared()
    {
        var earlier = Ids.NewVersion7(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero));
        var later = Ids.NewVersion7(new DateTimeOffset(2026, 11, 23, 15, 0, 0, 1, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
    }

    [Fact]
    public void HundredsOfThousandsOfIds_OnSeveralThreads_InTheSameMillisecond_NeverRepeat()
    {
        var at = DateTimeOffset.UtcNow;
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 50_000; i++) ids.Add(Ids.NewVersion7(at));
        });

        Assert.Equal(400_000, ids.Distinct().Count());
        // 74 random bits each: were the random part constant or mostly zero, this would fail.
        Assert.True(ids.Select(g => g.ToString("N")[13..16]).Distinct().Count() > 4_000);
    }

    [Fact]
    public void MomentBeforeUnixEpoch_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ids.NewVersion7(new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero)));
    }
}
