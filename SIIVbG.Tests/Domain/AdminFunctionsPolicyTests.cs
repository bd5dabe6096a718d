using SIIVbG.Domain.Access;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;

namespace SIIVbG.Tests.Domain;

/// <summary>The matrix of ADR 023: each administration capability against each function an administrator may hold.</summary>
[Trait("Area", "Access")]
public sealed class AdminFunctionsPolicyTests
{
    private static readonly Capability[] AdminCapabilities =
    [
        Capability.AdministerOperators, Capability.ManageCatalogues, Capability.PostSystemNotice, Capability.ViewJobsDashboard,
        Capability.ViewAuditTrail, Capability.ManageSgpImport, Capability.AssignAdminFunctions,
    ];

    private static SignedInOperator Admin(AdminFunctions functions) => new(Guid.NewGuid(), "22222222-2", AccessLevel.N2, ScopeKind.Nation, null, functions);

    public static TheoryData<Capability, AdminFunctions> EveryCapabilityAndFunction()
    {
        var data = new TheoryData<Capability, AdminFunctions>();
        foreach (var c in AdminCapabilities)
            foreach (var (f, _) in AdminFunctionNames.All) data.Add(c, f);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCapabilityAndFunction))]
    public void AnAdministrator_MayUseACapability_OnlyWithItsFunction_OrAsItHead(Capability capability, AdminFunctions held)
    {
        var expected = held == AdminFunctions.ItHead || AccessPolicy.FunctionFor(capability) == held;
        Assert.Equal(expected, AccessPolicy.Can(Admin(held == AdminFunctions.ItHead ? AdminFunctions.Full : held), capability));
    }

    [Fact]
    public void EachAdministrationCapability_NeedsItsOwnFunction()
    {
        var needed = AdminCapabilities.Select(AccessPolicy.FunctionFor).ToList();
        Assert.DoesNotContain(AdminFunctions.None, needed);
        Assert.Equal(needed.Count, needed.Distinct().Count());
    }

    [Fact]
    public void AnAdministratorWithoutFunctions_MayDoNothing_ButStillOpensTheAdministrationPanel()
    {
        Assert.All(AdminCapabilities, c => Assert.False(AccessPolicy.Can(Admin(AdminFunctions.None), c)));
        Assert.True(AccessPolicy.CanOpen(AccessLevel.N2, Panel.Administration));
    }

    [Theory]
    [InlineData(AccessLevel.N1)]
    [InlineData(AccessLevel.N5)]
    [InlineData(AccessLevel.N6)]
    public void FunctionsGiveNothingOutsideN2(AccessLevel level)
    {
        var op = new SignedInOperator(Guid.NewGuid(), "11111111-1", level, AccessPolicy.AllowedScopes(level)[0],
            AccessPolicy.AllowedScopes(level)[0] == ScopeKind.Nation ? null : "X", AdminFunctions.Full);
        Assert.All(AdminCapabilities, c => Assert.False(AccessPolicy.Can(op, c)));
    }

    [Fact]
    public void CapabilitiesOutsideAdministration_DoNotDependOnFunctions()
    {
        var n5 = new SignedInOperator(Guid.NewGuid(), "11111111-1", AccessLevel.N5, ScopeKind.Centre, "C");
        Assert.True(AccessPolicy.Can(n5, Capability.RequestOperatorChanges));
        Assert.True(AccessPolicy.Can(n5, Capability.OpenCasePanel));
    }

    [Fact]
    public void Operator_HoldsFunctionsOnlyAsAdministrator_AndLosesThemWhenHerLevelChanges()
    {
        var admin = Operator.Register(Run.FromNumber(12_500_001), "Ana", "Demo", AccessLevel.N2, ScopeKind.Nation, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(AdminFunctions.None, admin.Functions);
        admin.AssignFunctions(AdminFunctions.ItHead);
        Assert.Equal(AdminFunctions.Full, admin.Functions);
        admin.AssignFunctions(AdminFunctions.Notices | AdminFunctions.AuditTrail);
        Assert.Equal(AdminFunctions.Notices | AdminFunctions.AuditTrail, admin.Functions);
        Assert.Throws<DomainException>(() => admin.AssignFunctions((AdminFunctions)256));

        admin.ChangeAccess(AccessLevel.N1, ScopeKind.Nation, null);
        Assert.Equal(AdminFunctions.None, admin.Functions);
        Assert.Throws<DomainException>(() => admin.AssignFunctions(AdminFunctions.Notices));
    }
}
