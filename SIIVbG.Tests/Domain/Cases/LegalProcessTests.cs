using SIIVbG.Domain.Common;
using SIIVbG.Domain.Legal;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class LegalProcessTests
{
    private static readonly Guid Survivor = Guid.NewGuid();
    private static readonly Guid Lawyer = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(-3));
    private static readonly DateOnly Filed = new(2026, 1, 15);

    private static LegalProcess Vif(LegalSubject subject = LegalSubject.Survivor, Guid? related = null, DateOnly? filed = null) =>
        LegalProcess.Register(Survivor, null, LegalProcessType.FamilyViolence, subject, related,
            "Juzgado de Familia de Santiago", Rit.Parse("F-1234-2026"), null, filed ?? Filed, Now, Lawyer);

    [Fact]
    public void Register_KeepsIdentifiersInCanonicalForm()
    {
        var p = LegalProcess.Register(Survivor, null, LegalProcessType.Criminal, LegalSubject.Aggressor, Guid.NewGuid(),
            " 7° Juzgado de Garantía de Santiago ", Rit.Parse("o-45-2026"), Ruc.Parse("2.400.123.456-7"), Filed, Now, Lawyer);

        Assert.Equal("O-45-2026", p.Rit);
        Assert.Equal("2400123456-7", p.Ruc);
        Assert.Equal("7° Juzgado de Garantía de Santiago", p.Court);
        Assert.Equal(LegalJurisdiction.Criminal, p.Jurisdiction);
        Assert.Equal(LegalProcessStatus.InProgress, p.Status);
    }

    [Theory]
    [InlineData(LegalProcessType.FamilyViolence, LegalJurisdiction.Family)]
    [InlineData(LegalProcessType.Alimony, LegalJurisdiction.Family)]
    [InlineData(LegalProcessType.ChildProtection, LegalJurisdiction.Family)]
    [InlineData(LegalProcessType.Criminal, LegalJurisdiction.Criminal)]
    public void Jurisdiction_FollowsTheProcessType(LegalProcessType type, LegalJurisdiction expected)
    {
        var p = LegalProcess.Register(Survivor, null, type, LegalSubject.Survivor, null, "Tribunal", null, null, Filed, Now, Lawyer);

        Assert.Equal(expected, p.Jurisdiction);
    }

    [Fact]
    public void Register_AcceptsAProcessWhoseIdentifiersAreNotYetKnown()
    {
        var p = LegalProcess.Register(Survivor, null, LegalProcessType.Alimony, LegalSubject.Child, Guid.NewGuid(),
            "Juzgado de Familia", null, null, Filed, Now, Lawyer);

        Assert.Null(p.Rit);
        Assert.Null(p.Ruc);
        p.IdentifyRit(Rit.Parse("C-99-2026"));
        Assert.Equal("C-99-2026", p.Rit);
    }

    [Fact]
    public void Register_Throws_WhenCourtIsMissing()
    {
        var ex = Assert.Throws<DomainException>(() => LegalProcess.Register(Survivor, null, LegalProcessType.Criminal,
            LegalSubject.Survivor, null, " ", null, null, Filed, Now, Lawyer));

        Assert.Equal("Indique el tribunal o fiscalía.", ex.Message);
    }

    [Fact]
    public void Register_Throws_WhenFiledAfterRegistration()
    {
        var ex = Assert.Throws<DomainException>(() => Vif(filed: new DateOnly(2026, 3, 11)));

        Assert.Equal("La fecha de inicio del proceso no puede ser posterior a la fecha de registro.", ex.Message);
    }

    [Fact]
    public void Register_Throws_WhenASurvivorProcessNamesAnotherPerson()
    {
        Assert.Throws<DomainException>(() => Vif(LegalSubject.Survivor, Guid.NewGuid()));
    }

    [Fact]
    public void Resolve_RecordsDateAndOutcome_AndTwiceDoesNothing()
    {
        var p = Vif();

        p.Resolve(new DateOnly(2026, 3, 1), "Sentencia condenatoria");
        p.Resolve(new DateOnly(2026, 3, 5), "otra");

        Assert.Equal(LegalProcessStatus.Resolved, p.Status);
        Assert.Equal(new DateOnly(2026, 3, 1), p.ResolvedOn);
        Assert.Equal("Sentencia condenatoria", p.Outcome);
    }

    [Fact]
    public void Resolve_Throws_WhenDatedBeforeFiling()
    {
        var p = Vif();

        var ex = Assert.Throws<DomainException>(() => p.Resolve(Filed.AddDays(-1), null));

        Assert.Equal("La fecha de término no puede ser anterior al inicio del proceso.", ex.Message);
    }

    [Fact]
    public void Resolve_Throws_WhenProcessIsArchived()
    {
        var p = Vif();
        p.Archive(Filed.AddDays(10), "Archivo provisional");

        var ex = Assert.Throws<DomainException>(() => p.Resolve(Filed.AddDays(20), null));

        Assert.Equal("Solo un proceso en tramitación puede darse por terminado.", ex.Message);
    }

    [Fact]
    public void Archive_Throws_WithoutReason()
    {
        var p = Vif();

        Assert.Equal("Indique el motivo del archivo.",
            Assert.Throws<DomainException>(() => p.Archive(Filed.AddDays(1), " ")).Message);
        Assert.Equal(LegalProcessStatus.InProgress, p.Status);
    }

    [Fact]
    public void Reopen_BringsAnArchivedProcessBackToInProgress()
    {
        var p = Vif();
        p.Archive(Filed.AddDays(10), "Archivo provisional");

        p.Reopen();

        Assert.Equal(LegalProcessStatus.InProgress, p.Status);
        Assert.Null(p.ArchivedOn);
        Assert.Null(p.ArchiveReason);
    }

    [Fact]
    public void Reopen_Throws_WhenProcessIsResolved()
    {
        var p = Vif();
        p.Resolve(Filed.AddDays(10), null);

        Assert.Throws<DomainException>(() => p.Reopen());
    }
}

[Trait("Area", "Registry")]
public class ProtectiveMeasureTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(-3));
    private static readonly DateOnly From = new(2026, 2, 1);
    private static readonly DateOnly Until = new(2026, 7, 31);

    private static LegalProcess Process() =>
        LegalProcess.Register(Guid.NewGuid(), null, LegalProcessType.FamilyViolence, LegalSubject.Survivor, null,
            "Juzgado de Familia de Pudahuel", null, null, new DateOnly(2026, 1, 20), Now, Guid.NewGuid());

    [Theory]
    [InlineData("2026-01-31", false)] // the day before
    [InlineData("2026-02-01", true)]  // first day
    [InlineData("2026-05-15", true)]
    [InlineData("2026-07-31", true)]  // last day
    [InlineData("2026-08-01", false)] // expired
    public void IsActiveOn_CoversValidFromToValidUntil_Inclusive(string date, bool active)
    {
        var m = Process().OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());

        Assert.Equal(active, m.IsActiveOn(DateOnly.Parse(date)));
    }

    [Fact]
    public void IsActiveOn_HasNoEnd_WhenOrderedWithoutTerm()
    {
        var m = Process().OrderMeasure(ProtectiveMeasureKind.LeaveCommonHome, null, From, null, Now, Guid.NewGuid());

        Assert.True(m.IsActiveOn(new DateOnly(2040, 1, 1)));
        Assert.False(m.IsActiveOn(From.AddDays(-1)));
    }

    [Fact]
    public void OrderMeasure_IsIssuedByTheProcessCourt_UnlessAnotherIsGiven()
    {
        var p = Process();

        var own = p.OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());
        var other = p.OrderMeasure(ProtectiveMeasureKind.PoliceProtection, null, From, Until, Now, Guid.NewGuid(),
            "Juzgado de Garantía de Pudahuel");

        Assert.Equal("Juzgado de Familia de Pudahuel", own.IssuedByCourt);
        Assert.Equal("Juzgado de Garantía de Pudahuel", other.IssuedByCourt);
        Assert.Equal(2, p.Measures.Count);
    }

    [Fact]
    public void OrderMeasure_Throws_WhenTermEndsBeforeItStarts()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Process().OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, From.AddDays(-1), Now, Guid.NewGuid()));

        Assert.Equal("La vigencia de la medida no puede terminar antes de comenzar.", ex.Message);
    }

    [Fact]
    public void OrderMeasure_Throws_WhenOtherKindHasNoDescription()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Process().OrderMeasure(ProtectiveMeasureKind.Other, "  ", From, Until, Now, Guid.NewGuid()));

        Assert.Equal("Describa la medida.", ex.Message);
    }

    [Fact]
    public void LiftMeasure_EndsItFromThatDay_AndLiftingAgainKeepsTheFirstDate()
    {
        var p = Process();
        var m = p.OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());

        p.LiftMeasure(m.Id, new DateOnly(2026, 4, 1));
        p.LiftMeasure(m.Id, new DateOnly(2026, 5, 1));

        Assert.Equal(new DateOnly(2026, 4, 1), m.LiftedOn);
        Assert.True(m.IsActiveOn(new DateOnly(2026, 3, 31)));
        Assert.False(m.IsActiveOn(new DateOnly(2026, 4, 1)));
        Assert.Empty(p.MeasuresActiveOn(new DateOnly(2026, 4, 15)));
    }

    [Fact]
    public void ExtendMeasure_PushesTheLastDay_AndRefusesShortening()
    {
        var p = Process();
        var m = p.OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());

        p.ExtendMeasure(m.Id, Until.AddMonths(6));
        var ex = Assert.Throws<DomainException>(() => p.ExtendMeasure(m.Id, Until));

        Assert.Equal("La prórroga debe extender la vigencia de la medida.", ex.Message);
        Assert.Equal(Until.AddMonths(6), m.ValidUntil);
        Assert.True(m.IsActiveOn(Until.AddMonths(3)));
    }

    [Fact]
    public void ExtendMeasure_Throws_WhenMeasureWasLifted()
    {
        var p = Process();
        var m = p.OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());
        p.LiftMeasure(m.Id, From.AddDays(10));

        Assert.Equal("No es posible prorrogar una medida alzada.",
            Assert.Throws<DomainException>(() => p.ExtendMeasure(m.Id, Until.AddDays(30))).Message);
    }

    [Fact]
    public void LiftMeasure_Throws_ForAMeasureOfAnotherProcess()
    {
        var m = Process().OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());

        Assert.Equal("La medida no pertenece a este proceso.",
            Assert.Throws<DomainException>(() => Process().LiftMeasure(m.Id, From)).Message);
    }

    [Fact]
    public void MeasuresActiveOn_ListsOnlyThoseInForce()
    {
        var p = Process();
        var expired = p.OrderMeasure(ProtectiveMeasureKind.PoliceProtection, null, From, From.AddDays(30), Now, Guid.NewGuid());
        var current = p.OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, From, Until, Now, Guid.NewGuid());

        Assert.Equal([current.Id], p.MeasuresActiveOn(new DateOnly(2026, 4, 1)).Select(m => m.Id));
        Assert.NotEqual(expired.Id, current.Id);
    }
}
