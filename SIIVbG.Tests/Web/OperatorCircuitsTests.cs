using Microsoft.Extensions.Configuration;
using SIIVbG.Web.Security;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Access")]
public sealed class OperatorCircuitsTests
{
    private static OperatorCircuits WithLimit(int limit) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OperatorCircuits.Setting] = limit.ToString() }).Build());

    [Fact]
    public void AnOperator_OpensUpToTheLimit_OthersAreCountedApart_AndClosingFreesAPlace()
    {
        var circuits = WithLimit(2);
        Guid ana = Guid.NewGuid(), bea = Guid.NewGuid();

        var opened = new[] { circuits.TryOpen(ana), circuits.TryOpen(ana), circuits.TryOpen(ana) };
        var other = circuits.TryOpen(bea);
        circuits.Close(ana);
        var again = circuits.TryOpen(ana);

        Assert.Equal([true, true, false], opened);
        Assert.True(other);
        Assert.True(again);
        Assert.Equal(2, circuits.OpenFor(ana));
    }

    [Fact]
    public void WithoutASetting_TheLimitIsTheDefault()
    {
        Assert.Equal(OperatorCircuits.DefaultLimit, new OperatorCircuits(new ConfigurationBuilder().Build()).Limit);
    }
}
