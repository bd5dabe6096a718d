using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Tests.Domain.SurvivorAccess.SurvivorAccessWorld;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

/// <summary>"Search before create": only the centre team looks up an exact RUN, registers, and opens cases — at its own centre.</summary>
[Trait("Area", "Access")]
public class SurvivorRegistrationAccessTests
{
    private const bool A = true;
    private const bool D = false;

    [Theory]
    //          level           lookUpRun registers openAtOwn openAtOther
    [InlineData(AccessLevel.N1, D,        D,        D,        D)]
    [InlineData(AccessLevel.N2, D,        D,        D,        D)]
    [InlineData(AccessLevel.N3, D,        D,        D,        D)]
    [InlineData(AccessLevel.N4, D,        D,        D,        D)]
    [InlineData(AccessLevel.N5, A,        A,        A,        D)]
    [InlineData(AccessLevel.N6, A,        A,        A,        D)]
    public void OnlyTheCentreTeam_RegistersAtItsOwnCentre(AccessLevel level, bool lookUpRun, bool registers, bool openAtOwn, bool openAtOther)
    {
        var op = Operator(level);

        Assert.Equal(lookUpRun, SurvivorAccessPolicy.CanLookUpByExactRun(op).IsAllowed);
        Assert.Equal(registers, SurvivorAccessPolicy.CanRegister(op).IsAllowed);
        Assert.Equal(openAtOwn, SurvivorAccessPolicy.CanOpenCaseAt(op, OwnCentre).IsAllowed);
        Assert.Equal(openAtOther, SurvivorAccessPolicy.CanOpenCaseAt(op, OtherCentre).IsAllowed);
    }

    [Fact]
    public void OpenCaseAt_AnotherCentre_SaysNotOwnCentre()
    {
        Assert.Equal(AccessDecision.Deny(SurvivorAccessReason.NotOwnCentre),
            SurvivorAccessPolicy.CanOpenCaseAt(Operator(AccessLevel.N6), OtherCentre));
    }

    [Fact]
    public void Register_ByAuthority_SaysLevelNotCentreTeam()
    {
        Assert.Equal(AccessDecision.Deny(SurvivorAccessReason.LevelNotCentreTeam),
            SurvivorAccessPolicy.CanRegister(Operator(AccessLevel.N1)));
    }

    [Fact]
    public void CentreTeamWithoutACentreScope_CannotRegister()
    {
        var misconfigured = Operator(AccessLevel.N6) with { ScopeKind = ScopeKind.Region, ScopeCode = "13" };

        Assert.Equal(AccessDecision.Deny(SurvivorAccessReason.ScopeNotACentre), SurvivorAccessPolicy.CanRegister(misconfigured));
        Assert.Equal(AccessDecision.Deny(SurvivorAccessReason.ScopeNotACentre), SurvivorAccessPolicy.CanLookUpByExactRun(misconfigured));
        Assert.False(SurvivorAccessPolicy.CanOpenCaseAt(misconfigured, "13").IsAllowed);
    }

    [Theory]
    [InlineData(AccessLevel.N1)]
    [InlineData(AccessLevel.N2)]
    [InlineData(AccessLevel.N3)]
    [InlineData(AccessLevel.N4)]
    [InlineData(AccessLevel.N5)]
    [InlineData(AccessLevel.N6)]
    public void CentreTeam_IsExactlyWhoOpensTheCasePanel(AccessLevel level)
    {
        Assert.Equal(AccessPolicy.Can(level, Capability.OpenCasePanel), SurvivorAccessPolicy.CanRegister(Operator(level)).IsAllowed);
    }
}
