using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Tests.Domain.Survivors;

[Trait("Area", "Registry")]
public sealed class SurvivorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Caseworker = Guid.NewGuid();

    [Fact]
    public void Register_WithRun_KeepsTheCanonicalRun_AndStampsSelfReportedNames()
    {
        var s = Survivor.Register(Run.Parse("12.345.678-5"), null, " Ana María ", "Demo Pérez", new DateOnly(1990, 5, 1), Caseworker, T0);

        Assert.Equal(IdentityDocumentKind.Run, s.DocumentKind);
        Assert.Equal("12345678-5", s.Run);
        Assert.Equal("Ana María", s.GivenNames);
        Assert.Equal(new FieldProvenance(SurvivorFields.Names, DataSource.SelfReported, T0), s.SourceOf(SurvivorFields.Names));
        Assert.Equal(DataSource.SelfReported, s.SourceOf(SurvivorFields.BirthDate)?.Source);
    }

    [Fact]
    public void Register_WithoutRun_UsesTheForeignDocument_OrNone()
    {
        Assert.Equal(IdentityDocumentKind.ForeignId, Survivor.Register(null, "P-998877", "Rosa", "Demo", null, Caseworker, T0).DocumentKind);
        var none = Survivor.Register(null, "  ", "Rosa", "Demo", null, Caseworker, T0);
        Assert.Equal(IdentityDocumentKind.None, none.DocumentKind);
        Assert.Null(none.Run);
    }

    [Theory]
    [InlineData("", "Demo", "Ingrese los nombres.")]
    [InlineData("Ana", " ", "Ingrese al menos un apellido.")]
    public void Register_Throws_WhenNamesAreMissing(string given, string surnames, string message)
    {
        var ex = Assert.Throws<DomainException>(() => Survivor.Register(null, null, given, surnames, null, Caseworker, T0));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void CorrectBirthDate_Throws_WhenTheDateIsInTheFuture()
    {
        var s = Survivor.Register(null, null, "Ana", "Demo", null, Caseworker, T0);
        Assert.Throws<DomainException>(() => s.CorrectBirthDate(new DateOnly(2027, 1, 1), DataSource.SelfReported, T0));
    }

    [Fact]
    public void CorrectNames_FromARegistry_ReplacesTheProvenance_AndSameValuesChangeNothing()
    {
        var s = Survivor.Register(null, null, "Ana", "Demo", null, Caseworker, T0);
        s.CorrectNames("Ana", "Demo", DataSource.CivilRegistry, T0.AddDays(1));
        Assert.Equal(DataSource.SelfReported, s.SourceOf(SurvivorFields.Names)!.Source);

        s.CorrectNames("Ana Luisa", "Demo", DataSource.CivilRegistry, T0.AddDays(2));
        Assert.Equal(new FieldProvenance(SurvivorFields.Names, DataSource.CivilRegistry, T0.AddDays(2)), s.SourceOf(SurvivorFields.Names));
        Assert.Single(s.Provenance, p => p.Field == SurvivorFields.Names);
    }

    [Fact]
    public void AgeOn_CountsBirthdays()
    {
        var s = Survivor.Register(null, null, "Ana", "Demo", new DateOnly(1990, 11, 25), Caseworker, T0);
        Assert.Equal(35, s.AgeOn(new DateOnly(2026, 11, 24)));
        Assert.Equal(36, s.AgeOn(new DateOnly(2026, 11, 25)));
    }

    [Theory]
    [InlineData("correo-sin-arroba", null, "El correo electrónico no es válido.")]
    [InlineData(null, "131", "La comuna debe indicarse con su código CUT de 5 dígitos.")]
    public void UpdateContact_Throws_OnMalformedEmailOrComuna(string? email, string? comuna, string message)
    {
        var s = Survivor.Register(null, null, "Ana", "Demo", null, Caseworker, T0);
        Assert.Equal(message, Assert.Throws<DomainException>(() => s.UpdateContact(null, email, null, comuna, DataSource.SelfReported, T0)).Message);
    }
}
