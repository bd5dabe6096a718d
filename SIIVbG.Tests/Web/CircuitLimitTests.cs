using Microsoft.Extensions.Configuration;
using SIIVbG.Web.Security;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Access")]
public sealed class CircuitLimitTests
{
    private static OperatorCircuits Limit(int n) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OperatorCircuits.Setting] = n.ToString() }).Build());

    [Fact]
    public void ACircuitOverTheLimit_IsRefused_AndAClosedOneFreesItsPlace()
    {
        var circuits = Limit(2);
        var op = Guid.NewGuid();
        var (a, b, c) = (new CircuitAdmission(), new CircuitAdmission(), new CircuitAdmission());

        Assert.True(a.Admit(circuits, op));
        Assert.True(b.Admit(circuits, op));
        Assert.False(c.Admit(circuits, op));
        Assert.True(new CircuitAdmission().Admit(circuits, Guid.NewGuid())); // per operator

        a.Release(circuits);
        a.Release(circuits); // a second drop of the same tab frees nothing more
        Assert.Equal(1, circuits.OpenFor(op));
        Assert.True(new CircuitAdmission().Admit(circuits, op));
        Assert.False(c.Admit(circuits, op)); // a refused tab keeps its answer; it reloads to try again
    }

    [Fact]
    public void AReconnectingTab_CountsAgain()
    {
        var circuits = Limit(1);
        var op = Guid.NewGuid();
        var tab = new CircuitAdmission();
        Assert.True(tab.Admit(circuits, op));
        tab.Release(circuits);
        Assert.Equal(0, circuits.OpenFor(op));
        tab.Resume(circuits);
        Assert.Equal(1, circuits.OpenFor(op));
        Assert.True(tab.Admit(circuits, op)); // admitted once, admitted for good
    }
}
