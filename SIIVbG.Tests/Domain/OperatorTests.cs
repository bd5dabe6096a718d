using SIIVbG.Domain.Access;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Operators;

namespace SIIVbG.Tests.Domain;

[Trait("Area", "Access")]
public class OperatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(-3));
    private static readonly Run AnaRun = Run.Parse("12.345.678-5");

    private static Operator Caseworker() =>
        Operator.Register(AnaRun, "Ana María", "Pérez Soto", AccessLevel.N6, ScopeKind.Centre, "CDM-13101", T0);

    [Fact]
    public void Register_KeepsTheCanonicalRun_TrimmedNames_AndStartsActiveWithoutAgreement()
    {
        var op = Operator.Register(Run.Parse("12345678 5"), "  Ana María ", " Pérez Soto  ",
            AccessLevel.N6, ScopeKind.Centre, " CDM-13101 ", T0);

        Assert.NotEqual(Guid.Empty, op.Id);
        Assert.Equal("12345678-5", op.Run);
        Assert.Equal("Ana María", op.GivenNames);
        Assert.Equal("Pérez Soto", op.Surnames);
        Assert.Equal("Ana María Pérez Soto", op.FullName);
        Assert.Equal(AccessLevel.N6, op.Level);
        Assert.Equal(ScopeKind.Centre, op.ScopeKind);
        Assert.Equal("CDM-13101", op.ScopeCode);
        Assert.True(op.IsActive);
        Assert.Null(op.AgreementAcceptedAt);
        Assert.Equal(T0, op.RegisteredAt);
    }

    [Fact]
    public void Register_GivesEachOperatorItsOwnId()
    {
        Assert.NotEqual(Caseworker().Id, Caseworker().Id);
    }

    [Theory]
    [InlineData("", "Pérez")]
    [InlineData("   ", "Pérez")]
    [InlineData(null, "Pérez")]
    [InlineData("Ana", "")]
    [InlineData("Ana", " \t ")]
    [InlineData("Ana", null)]
    public void Register_Throws_WhenNamesAreMissing(string? given, string? surnames)
    {
        var ex = Assert.Throws<DomainException>(() =>
            Operator.Register(AnaRun, given!, surnames!, AccessLevel.N6, ScopeKind.Centre, "CDM-13101", T0));

        Assert.Equal("Ingrese nombres y apellidos del operador/a.", ex.Message);
    }

    [Theory]
    [InlineData(AccessLevel.N1, ScopeKind.Nation, null)]
    [InlineData(AccessLevel.N1, ScopeKind.Region, "13")]
    [InlineData(AccessLevel.N2, ScopeKind.Nation, null)]
    [InlineData(AccessLevel.N3, ScopeKind.Region, "05")]
    [InlineData(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-MUNI-13101")]
    [InlineData(AccessLevel.N5, ScopeKind.Centre, "CDM-13101")]
    [InlineData(AccessLevel.N6, ScopeKind.Centre, "CDM-13101")]
    public void Register_Accepts_ScopeThatFitsTheLevel(AccessLevel level, ScopeKind scope, string? code)
    {
        var op = Operator.Register(AnaRun, "Ana", "Pérez", level, scope, code, T0);

        Assert.Equal(level, op.Level);
        Assert.Equal(scope, op.ScopeKind);
        Assert.Equal(code, op.ScopeCode);
    }

    [Theory]
    [InlineData(AccessLevel.N1, ScopeKind.ExecutingEntity, "EE-1")]
    [InlineData(AccessLevel.N1, ScopeKind.Centre, "CDM-13101")]
    [InlineData(AccessLevel.N2, ScopeKind.Region, "13")]
    [InlineData(AccessLevel.N2, ScopeKind.Centre, "CDM-13101")]
    [InlineData(AccessLevel.N3, ScopeKind.Nation, null)]
    [InlineData(AccessLevel.N3, ScopeKind.Centre, "CDM-13101")]
    [InlineData(AccessLevel.N4, ScopeKind.Region, "13")]
    [InlineData(AccessLevel.N4, ScopeKind.Centre, "CDM-13101")]
    [InlineData(AccessLevel.N5, ScopeKind.ExecutingEntity, "EE-1")]
    [InlineData(AccessLevel.N5, ScopeKind.Nation, null)]
    [InlineData(AccessLevel.N6, ScopeKind.Region, "13")]
    [InlineData(AccessLevel.N6, ScopeKind.Nation, null)]
    public void Register_Throws_WhenScopeKindDoesNotFitTheLevel(AccessLevel level, ScopeKind scope, string? code)
    {
        var ex = Assert.Throws<DomainException>(() =>
            Operator.Register(AnaRun, "Ana", "Pérez", level, scope, code, T0));

        Assert.Equal($"El nivel {level} no admite el ámbito indicado.", ex.Message);
    }

    [Theory]
    [InlineData(AccessLevel.N6, ScopeKind.Centre, null)]
    [InlineData(AccessLevel.N6, ScopeKind.Centre, "")]
    [InlineData(AccessLevel.N5, ScopeKind.Centre, "  ")]
    [InlineData(AccessLevel.N4, ScopeKind.ExecutingEntity, null)]
    [InlineData(AccessLevel.N3, ScopeKind.Region, "")]
    [InlineData(AccessLevel.N1, ScopeKind.Region, null)]
    [InlineData(AccessLevel.N2, ScopeKind.Nation, "13")]
    [InlineData(AccessLevel.N2, ScopeKind.Nation, "")]
    [InlineData(AccessLevel.N1, ScopeKind.Nation, "13")]
    public void Register_Throws_WhenScopeCodeDoesNotFitTheScopeKind(AccessLevel level, ScopeKind scope, string? code)
    {
        var ex = Assert.Throws<DomainException>(() =>
            Operator.Register(AnaRun, "Ana", "Pérez", level, scope, code, T0));

        Assert.Equal("El ámbito del operador/a no corresponde a su código territorial u organizacional.", ex.Message);
    }

    [Fact]
    public void ChangeAccess_MovesTheOperatorToTheNewLevelAndScope()
    {
        var op = Caseworker();

        op.ChangeAccess(AccessLevel.N4, ScopeKind.ExecutingEntity, " EE-MUNI-13101 ");

        Assert.Equal(AccessLevel.N4, op.Level);
        Assert.Equal(ScopeKind.ExecutingEntity, op.ScopeKind);
        Assert.Equal("EE-MUNI-13101", op.ScopeCode);
    }

    [Fact]
    public void ChangeAccess_ToNation_ClearsTheScopeCode()
    {
        var op = Caseworker();

        op.ChangeAccess(AccessLevel.N2, ScopeKind.Nation, null);

        Assert.Equal(AccessLevel.N2, op.Level);
        Assert.Equal(ScopeKind.Nation, op.ScopeKind);
        Assert.Null(op.ScopeCode);
    }

    [Theory]
    [InlineData(AccessLevel.N2, ScopeKind.Centre, "CDM-13101")]
    [InlineData(AccessLevel.N6, ScopeKind.Centre, null)]
    public void ChangeAccess_Throws_AndLeavesAccessUntouched_WhenScopeDoesNotFit(AccessLevel level, ScopeKind scope, string? code)
    {
        var op = Caseworker();

        Assert.Throws<DomainException>(() => op.ChangeAccess(level, scope, code));

        Assert.Equal(AccessLevel.N6, op.Level);
        Assert.Equal(ScopeKind.Centre, op.ScopeKind);
        Assert.Equal("CDM-13101", op.ScopeCode);
    }

    [Fact]
    public void AcceptAgreement_RecordsTheDate()
    {
        var op = Caseworker();

        op.AcceptAgreement(T0.AddDays(1));

        Assert.Equal(T0.AddDays(1), op.AgreementAcceptedAt);
    }

    [Fact]
    public void AcceptAgreement_KeepsTheFirstDate_WhenAcceptedAgain()
    {
        var op = Caseworker();
        op.AcceptAgreement(T0.AddDays(1));

        op.AcceptAgreement(T0.AddDays(30));

        Assert.Equal(T0.AddDays(1), op.AgreementAcceptedAt);
    }

    [Fact]
    public void AcceptAgreement_Throws_WhenOperatorIsDeactivated()
    {
        var op = Caseworker();
        op.Deactivate();

        var ex = Assert.Throws<DomainException>(() => op.AcceptAgreement(T0.AddDays(1)));

        Assert.Equal("Un operador/a desactivado no puede aceptar el acuerdo.", ex.Message);
        Assert.Null(op.AgreementAcceptedAt);
    }

    [Fact]
    public void Deactivate_RemovesActiveFlag_AndKeepsTheAgreementDate()
    {
        var op = Caseworker();
        op.AcceptAgreement(T0.AddDays(1));

        op.Deactivate();

        Assert.False(op.IsActive);
        Assert.Equal(T0.AddDays(1), op.AgreementAcceptedAt);
    }

    [Fact]
    public void Deactivate_Twice_LeavesTheOperatorDeactivated()
    {
        var op = Caseworker();

        op.Deactivate();
        op.Deactivate();

        Assert.False(op.IsActive);
    }

    [Fact]
    public void Reactivate_RestoresActiveFlag_AndAllowsAcceptingTheAgreement()
    {
        var op = Caseworker();
        op.Deactivate();

        op.Reactivate();
        op.AcceptAgreement(T0.AddDays(2));

        Assert.True(op.IsActive);
        Assert.Equal(T0.AddDays(2), op.AgreementAcceptedAt);
    }

    [Fact]
    public void Reactivate_KeepsTheOriginalAgreementDate()
    {
        var op = Caseworker();
        op.AcceptAgreement(T0.AddDays(1));
        op.Deactivate();
        op.Reactivate();

        op.AcceptAgreement(T0.AddDays(40));

        Assert.Equal(T0.AddDays(1), op.AgreementAcceptedAt);
    }
}
