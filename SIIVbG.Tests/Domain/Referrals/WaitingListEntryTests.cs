using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.WaitingLists;

namespace SIIVbG.Tests.Domain.Referrals;

[Trait("Area", "Referrals")]
public class WaitingListEntryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Worker = Guid.NewGuid();

    private static WaitingListEntry Entry(RiskLevel? risk = null, DateTimeOffset? at = null) =>
        WaitingListEntry.Register("CDM-1", Guid.NewGuid(), WaitingStage.Intake, risk, null, at ?? T0, Worker);

    [Fact]
    public void List_IsOrderedByRiskFirst_ThenByWaitingTime()
    {
        var lowOld = Entry(RiskLevel.Low, T0.AddDays(-30));
        var vitalNew = Entry(RiskLevel.Vital, T0);
        var highOld = Entry(RiskLevel.High, T0.AddDays(-10));
        var highNew = Entry(RiskLevel.High, T0.AddDays(-1));
        var unknownOldest = Entry(null, T0.AddDays(-60));

        var ordered = WaitingListEntry.Prioritise([lowOld, unknownOldest, highNew, vitalNew, highOld], e => e.RiskAtRegistration, e => e.RegisteredAt);

        Assert.Equal([vitalNew, highOld, highNew, lowOld, unknownOldest], ordered);
    }

    [Fact]
    public void DroppingOut_NeedsAReason_AndAnEndedWaitDoesNotChangeAgain()
    {
        var e = Entry();
        var ex = Assert.Throws<DomainException>(() => e.RecordOutcome(WaitingOutcome.DroppedOut, " ", T0.AddDays(1), Worker));
        Assert.Equal("Indique el motivo por el que dejó la lista de espera.", ex.Message);
        Assert.True(e.IsWaiting);

        e.RecordOutcome(WaitingOutcome.DroppedOut, "Se cambió de región", T0.AddDays(1), Worker);
        Assert.False(e.IsWaiting);
        Assert.Equal("Se cambió de región", e.OutcomeReason);
        Assert.Throws<DomainException>(() => e.RecordOutcome(WaitingOutcome.Admitted, null, T0.AddDays(2), Worker));
        Assert.Equal(WaitingOutcome.DroppedOut, e.Outcome);
    }

    [Theory]
    [InlineData(WaitingOutcome.Admitted)]
    [InlineData(WaitingOutcome.ReferredElsewhere)]
    public void AdmittedOrReferred_NeedNoReason(WaitingOutcome outcome)
    {
        var e = Entry();
        e.RecordOutcome(outcome, null, T0.AddDays(3), Worker);
        Assert.Equal(outcome, e.Outcome);
    }

    [Fact]
    public void Outcome_CannotPrecedeTheRegistration()
    {
        Assert.Throws<DomainException>(() => Entry().RecordOutcome(WaitingOutcome.Admitted, null, T0.AddMinutes(-1), Worker));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(25, true)]
    [InlineData(10_001, false)]
    public void Capacity_IsBetweenZeroAndTenThousandPlaces(int places, bool valid)
    {
        if (valid) Assert.Equal(places, CentreCapacity.Configure("CDM-1", WaitingStage.Shelter, places, T0, Worker).Places);
        else Assert.Throws<DomainException>(() => CentreCapacity.Configure("CDM-1", WaitingStage.Shelter, places, T0, Worker));
    }
}
