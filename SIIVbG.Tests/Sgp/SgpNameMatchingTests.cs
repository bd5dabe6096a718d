using SIIVbG.Infrastructure.Sgp;

namespace SIIVbG.Tests.Sgp;

/// <summary>When two SGP name keys are close enough to send a match to review (names compared as multisets of words).</summary>
[Trait("Area", "Sgp")]
public sealed class SgpNameMatchingTests
{
    [Theory]
    [InlineData("ana maria rojas soto", "ana rojas soto", true)]            // a second name left out
    [InlineData("ana maria rojas soto", "ana maria rojaz soto", true)]      // one small typo
    [InlineData("ana rojas rojas soto", "ana rojas rojaz soto", true)]      // a typo in one of two equal surnames
    [InlineData("ana rojas rojas soto", "ana rojas soto soto", false)]      // repeated words differ: rojas ≠ soto
    [InlineData("ana rojas rojas", "ana rojas rojas soto", true)]           // the repeated surname is held by the other
    [InlineData("ana rojas", "beatriz soto", false)]
    [InlineData("ana rojas soto", "ana rojas soto", false)]                 // equal is a match, not a doubt
    [InlineData("ana rojas rojas", "ana ana rojas", false)]
    public void NamesClose_ComparesWordsWithTheirRepetitions_AndNeverFails(string a, string b, bool close)
    {
        Assert.Equal(close, SgpValues.NamesClose(a, b));
        Assert.Equal(close, SgpValues.NamesClose(b, a));
    }
}
