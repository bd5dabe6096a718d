using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class ViolenceEpisodeTests
{
    private static readonly Guid Survivor = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 30, 0, TimeSpan.FromHours(-3));

    private static ViolenceEpisode Register(
        DateOnly? on = null, TimeOnly? time = null, string comuna = "13101",
        ViolenceTypes types = ViolenceTypes.Physical | ViolenceTypes.Psychological,
        AggressorRelation relation = AggressorRelation.ExPartner, string? observations = null,
        string? place = "Domicilio", RiskLevel? risk = RiskLevel.High, DateTimeOffset? at = null) =>
        ViolenceEpisode.Register(Survivor, null, "CDM-13101", on ?? new DateOnly(2026, 3, 1), time, place, comuna,
            types, relation, observations, risk, at ?? Now, Worker);

    [Fact]
    public void Register_KeepsWhatWasReported()
    {
        var e = Register(time: new TimeOnly(22, 15), observations: "  Relato breve ");

        Assert.Equal(Survivor, e.SurvivorId);
        Assert.Equal(new DateOnly(2026, 3, 1), e.OccurredOn);
        Assert.Equal(new TimeOnly(22, 15), e.OccurredAtTime);
        Assert.Equal("13101", e.ComunaCode);
        Assert.Equal("13", e.RegionCode);
        Assert.True(e.ViolenceTypes.HasFlag(ViolenceTypes.Psychological));
        Assert.Equal("Relato breve", e.Observations);
        Assert.Equal(RiskLevel.High, e.RiskAtRegistration);
        Assert.Equal(Now, e.RegisteredAt);
        Assert.Null(e.CaseId);
    }

    [Fact]
    public void Register_Throws_WhenNoViolenceTypeIsGiven()
    {
        var ex = Assert.Throws<DomainException>(() => Register(types: ViolenceTypes.None));

        Assert.Equal("Indique al menos un tipo de violencia.", ex.Message);
    }

    [Fact]
    public void Register_Throws_WhenAViolenceFlagIsBeyondTheCatalogueRange()
    {
        Assert.Throws<DomainException>(() => Register(types: ViolenceTypes.Physical | (ViolenceTypes)int.MinValue));
    }

    [Fact]
    public void Register_AcceptsAFlagACatalogueEntryMayHaveAdded()
    {
        Assert.Equal(ViolenceTypes.Physical | (ViolenceTypes)128, Register(types: ViolenceTypes.Physical | (ViolenceTypes)128).ViolenceTypes);
    }

    [Fact]
    public void Register_AcceptsEveryViolenceTypeTogether()
    {
        var all = ViolenceTypes.Physical | ViolenceTypes.Psychological | ViolenceTypes.Sexual | ViolenceTypes.Economic
            | ViolenceTypes.Symbolic | ViolenceTypes.Digital | ViolenceTypes.Other;

        Assert.Equal(all, Register(types: all).ViolenceTypes);
    }

    [Fact]
    public void Register_Throws_WhenEpisodeOccursAfterRegistration()
    {
        var ex = Assert.Throws<DomainException>(() => Register(on: new DateOnly(2026, 3, 11)));

        Assert.Equal("La fecha del episodio no puede ser posterior a la fecha de registro.", ex.Message);
    }

    [Fact]
    public void Register_Throws_WhenEpisodeTimeTodayIsAfterRegistration()
    {
        var ex = Assert.Throws<DomainException>(() => Register(on: new DateOnly(2026, 3, 10), time: new TimeOnly(16, 0)));

        Assert.Equal("La hora del episodio no puede ser posterior a la hora de registro.", ex.Message);
    }

    [Fact]
    public void Register_AcceptsAnEpisodeEarlierTheSameDay()
    {
        var e = Register(on: new DateOnly(2026, 3, 10), time: new TimeOnly(15, 30));

        Assert.Equal(new DateOnly(2026, 3, 10), e.OccurredOn);
    }

    [Fact]
    public void Register_JudgesTodayInTheRegistrationsOwnOffset()
    {
        // 23:00 on 10 March in Chile is already 11 March in UTC: an episode on 11 March is still in the future.
        var lateEvening = new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.FromHours(-3));

        Assert.Throws<DomainException>(() => Register(on: new DateOnly(2026, 3, 11), at: lateEvening));
        Assert.Equal(new DateOnly(2026, 3, 10), Register(on: new DateOnly(2026, 3, 10), at: lateEvening).OccurredOn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1310")]
    [InlineData("131010")]
    [InlineData("13a01")]
    [InlineData("13-01")]
    public void Register_Throws_WhenComunaIsNotFiveDigits(string comuna)
    {
        var ex = Assert.Throws<DomainException>(() => Register(comuna: comuna));

        Assert.Equal("El código de comuna debe tener 5 dígitos (código CUT).", ex.Message);
    }

    [Theory]
    [InlineData("00101")]
    [InlineData("17101")]
    [InlineData("99999")]
    public void Register_Throws_WhenComunaIsOutsideTheSixteenRegions(string comuna)
    {
        var ex = Assert.Throws<DomainException>(() => Register(comuna: comuna));

        Assert.Equal("El código de comuna no corresponde a una región válida.", ex.Message);
    }

    [Theory]
    [InlineData("01101")]
    [InlineData("16101")]
    [InlineData(" 05101 ")]
    public void Register_AcceptsComunasOfAnyRegion(string comuna)
    {
        Assert.Equal(comuna.Trim(), Register(comuna: comuna).ComunaCode);
    }

    [Fact]
    public void Register_Throws_WhenObservationsAreTooLong()
    {
        var ex = Assert.Throws<DomainException>(() => Register(observations: new string('x', 4001)));

        Assert.Equal("Las observaciones no pueden superar 4000 caracteres.", ex.Message);
        Assert.Equal(4000, Register(observations: new string('x', 4000)).Observations!.Length);
    }

    [Fact]
    public void Register_Throws_WhenPlaceIsTooLong()
    {
        Assert.Throws<DomainException>(() => Register(place: new string('x', 201)));
    }

    [Fact]
    public void Register_Throws_WhenAggressorRelationIsUndefined()
    {
        var ex = Assert.Throws<DomainException>(() => Register(relation: 0));

        Assert.Equal("Indique la relación con el agresor/a.", ex.Message);
    }

    [Fact]
    public void Register_AcceptsAnUnknownRisk()
    {
        Assert.Null(Register(risk: null).RiskAtRegistration);
    }

    [Fact]
    public void LinkToCase_Throws_WhenAlreadyLinkedToAnotherCase()
    {
        var e = Register();
        var caseId = Guid.NewGuid();
        e.LinkToCase(caseId);
        e.LinkToCase(caseId);

        var ex = Assert.Throws<DomainException>(() => e.LinkToCase(Guid.NewGuid()));

        Assert.Equal("El episodio ya está asociado a otro caso.", ex.Message);
        Assert.Equal(caseId, e.CaseId);
    }
}
