using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class CaseTests
{
    private static readonly Guid Survivor = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly Guid Head = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(-3));

    public enum Outcome { Moves, Refused, NothingChanges }

    internal static Case NewCase(DateTimeOffset? at = null) =>
        Case.Open(Survivor, "C-2026-000123", "APR", "CDM-ATENCION", "CDM-13101", "EE-13101", at ?? T0, Worker);

    /// <summary>Brings a new case to <paramref name="state"/> along the legal path, one day per step.</summary>
    internal static Case CaseIn(CaseState state)
    {
        var c = NewCase();
        var at = T0;
        DateTimeOffset Next() => at = at.AddDays(1);
        switch (state)
        {
            case CaseState.Orientation: break;
            case CaseState.Intake: c.Admit(Next(), Worker); break;
            case CaseState.Intervention: c.Admit(Next(), Worker); c.StartIntervention(Next(), Worker); break;
            case CaseState.Discharge:
                c.Admit(Next(), Worker); c.StartIntervention(Next(), Worker); c.Discharge(Next(), Worker); break;
            case CaseState.FollowUp:
                c.Admit(Next(), Worker); c.StartIntervention(Next(), Worker); c.Discharge(Next(), Worker);
                c.StartFollowUp(Next(), Worker); break;
            case CaseState.Dropout: c.Admit(Next(), Worker); c.RecordDropout(Next(), Worker, "No volvió a asistir"); break;
            case CaseState.Closed: c.Close(Next(), Worker, "Derivada a otra institución"); break;
        }
        Assert.Equal(state, c.State);
        return c;
    }

    private static void Move(Case c, CaseState to, DateTimeOffset at)
    {
        switch (to)
        {
            case CaseState.Intake: c.Admit(at, Head); break;
            case CaseState.Intervention: c.StartIntervention(at, Head); break;
            case CaseState.Discharge: c.Discharge(at, Head, "Cumple objetivos"); break;
            case CaseState.FollowUp: c.StartFollowUp(at, Head); break;
            case CaseState.Dropout: c.RecordDropout(at, Head, "Cambio de domicilio"); break;
            case CaseState.Closed: c.Close(at, Head, "Fin"); break;
            default: throw new ArgumentOutOfRangeException(nameof(to));
        }
    }

    // The full from × to matrix, written out. Orientation is never a target: no intent leads back to it.
    [Theory]
    [InlineData(CaseState.Orientation, CaseState.Intake, Outcome.Moves)]
    [InlineData(CaseState.Orientation, CaseState.Intervention, Outcome.Refused)]
    [InlineData(CaseState.Orientation, CaseState.Discharge, Outcome.Refused)]
    [InlineData(CaseState.Orientation, CaseState.FollowUp, Outcome.Refused)]
    [InlineData(CaseState.Orientation, CaseState.Dropout, Outcome.Refused)]
    [InlineData(CaseState.Orientation, CaseState.Closed, Outcome.Moves)]
    [InlineData(CaseState.Intake, CaseState.Intake, Outcome.NothingChanges)]
    [InlineData(CaseState.Intake, CaseState.Intervention, Outcome.Moves)]
    [InlineData(CaseState.Intake, CaseState.Discharge, Outcome.Refused)]
    [InlineData(CaseState.Intake, CaseState.FollowUp, Outcome.Refused)]
    [InlineData(CaseState.Intake, CaseState.Dropout, Outcome.Moves)]
    [InlineData(CaseState.Intake, CaseState.Closed, Outcome.Refused)]
    [InlineData(CaseState.Intervention, CaseState.Intake, Outcome.Refused)]
    [InlineData(CaseState.Intervention, CaseState.Intervention, Outcome.NothingChanges)]
    [InlineData(CaseState.Intervention, CaseState.Discharge, Outcome.Moves)]
    [InlineData(CaseState.Intervention, CaseState.FollowUp, Outcome.Refused)]
    [InlineData(CaseState.Intervention, CaseState.Dropout, Outcome.Moves)]
    [InlineData(CaseState.Intervention, CaseState.Closed, Outcome.Refused)]
    [InlineData(CaseState.Discharge, CaseState.Intake, Outcome.Refused)]
    [InlineData(CaseState.Discharge, CaseState.Intervention, Outcome.Refused)]
    [InlineData(CaseState.Discharge, CaseState.Discharge, Outcome.NothingChanges)]
    [InlineData(CaseState.Discharge, CaseState.FollowUp, Outcome.Moves)]
    [InlineData(CaseState.Discharge, CaseState.Dropout, Outcome.Refused)]
    [InlineData(CaseState.Discharge, CaseState.Closed, Outcome.Moves)]
    [InlineData(CaseState.FollowUp, CaseState.Intake, Outcome.Refused)]
    [InlineData(CaseState.FollowUp, CaseState.Intervention, Outcome.Refused)]
    [InlineData(CaseState.FollowUp, CaseState.Discharge, Outcome.Refused)]
    [InlineData(CaseState.FollowUp, CaseState.FollowUp, Outcome.NothingChanges)]
    [InlineData(CaseState.FollowUp, CaseState.Dropout, Outcome.Refused)]
    [InlineData(CaseState.FollowUp, CaseState.Closed, Outcome.Moves)]
    [InlineData(CaseState.Dropout, CaseState.Intake, Outcome.Refused)]
    [InlineData(CaseState.Dropout, CaseState.Intervention, Outcome.Refused)]
    [InlineData(CaseState.Dropout, CaseState.Discharge, Outcome.Refused)]
    [InlineData(CaseState.Dropout, CaseState.FollowUp, Outcome.Refused)]
    [InlineData(CaseState.Dropout, CaseState.Dropout, Outcome.NothingChanges)]
    [InlineData(CaseState.Dropout, CaseState.Closed, Outcome.Refused)]
    [InlineData(CaseState.Closed, CaseState.Intake, Outcome.Refused)]
    [InlineData(CaseState.Closed, CaseState.Intervention, Outcome.Refused)]
    [InlineData(CaseState.Closed, CaseState.Discharge, Outcome.Refused)]
    [InlineData(CaseState.Closed, CaseState.FollowUp, Outcome.Refused)]
    [InlineData(CaseState.Closed, CaseState.Dropout, Outcome.Refused)]
    [InlineData(CaseState.Closed, CaseState.Closed, Outcome.NothingChanges)]
    public void Transition_FollowsTheStateMachine(CaseState from, CaseState to, Outcome expected)
    {
        var c = CaseIn(from);
        var milestones = c.Milestones.Count;
        var at = c.LastMilestoneAt.AddDays(1);

        if (expected == Outcome.Refused)
        {
            var ex = Assert.Throws<DomainException>(() => Move(c, to, at));
            Assert.Equal(
                $"No es posible pasar el caso de {CaseStateNames.Spanish(from)} a {CaseStateNames.Spanish(to)}.", ex.Message);
            Assert.Equal(from, c.State);
            Assert.Equal(milestones, c.Milestones.Count);
            Assert.False(Case.CanMove(from, to));
        }
        else if (expected == Outcome.NothingChanges)
        {
            Move(c, to, at);
            Assert.Equal(from, c.State);
            Assert.Equal(milestones, c.Milestones.Count);
        }
        else
        {
            Move(c, to, at);
            Assert.Equal(to, c.State);
            Assert.Equal(milestones + 1, c.Milestones.Count);
            Assert.Equal(to, c.Milestones[^1].State);
            Assert.Equal(at, c.Milestones[^1].At);
            Assert.Equal(Head, c.Milestones[^1].By);
            Assert.True(Case.CanMove(from, to));
        }
    }

    [Fact]
    public void Discharge_Throws_WhenCaseIsStillInOrientation()
    {
        var c = NewCase();

        var ex = Assert.Throws<DomainException>(() => c.Discharge(T0.AddDays(1), Worker));

        Assert.Equal("No es posible pasar el caso de Orientación a Egreso.", ex.Message);
    }

    [Fact]
    public void Open_StartsInOrientation_WithOneMilestone()
    {
        var c = NewCase();

        Assert.Equal(CaseState.Orientation, c.State);
        var m = Assert.Single(c.Milestones);
        Assert.Equal((CaseState.Orientation, T0, Worker), (m.State, m.At, m.By));
        Assert.Null(c.AdmittedAt);
        Assert.Null(c.AdmittedBy);
        Assert.Equal("C-2026-000123", c.CaseNumber);
    }

    [Fact]
    public void OpenAdmitted_StartsInIntake_AndRecordsWhoAdmittedHer()
    {
        var c = Case.OpenAdmitted(Survivor, "C-2026-000124", "APR", "CDM", "CDM-1", "EE-1", T0, Worker);

        Assert.Equal(CaseState.Intake, c.State);
        Assert.Equal(CaseState.Intake, Assert.Single(c.Milestones).State);
        Assert.Equal(T0, c.AdmittedAt);
        Assert.Equal(Worker, c.AdmittedBy);
    }

    [Theory]
    [InlineData("", "APR", "T", "C", "E", "Ingrese el número del caso.")]
    [InlineData("  ", "APR", "T", "C", "E", "Ingrese el número del caso.")]
    [InlineData("C-1", "", "T", "C", "E", "Indique la línea programática del caso.")]
    [InlineData("C-1", "APR", " ", "C", "E", "Indique el tipo de intervención.")]
    [InlineData("C-1", "APR", "T", "", "E", "Indique el centro del caso.")]
    [InlineData("C-1", "APR", "T", "C", "", "Indique el ente ejecutor del caso.")]
    public void Open_Throws_WhenARequiredCodeIsMissing(string number, string line, string type, string centre, string entity, string message)
    {
        var ex = Assert.Throws<DomainException>(() => Case.Open(Survivor, number, line, type, centre, entity, T0, Worker));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Open_TrimsTheCaseNumber()
    {
        var c = Case.Open(Survivor, "  C-2026-000001 ", "APR", "T", "C", "E", T0, Worker);

        Assert.Equal("C-2026-000001", c.CaseNumber);
    }

    [Fact]
    public void Open_Throws_WhenSurvivorIsMissing()
    {
        var ex = Assert.Throws<DomainException>(() => Case.Open(Guid.Empty, "C-1", "APR", "T", "C", "E", T0, Worker));

        Assert.Equal("El caso debe indicar la sobreviviente.", ex.Message);
    }

    [Fact]
    public void Admit_RecordsDateAndOperatorOfTheIngreso()
    {
        var c = NewCase();

        c.Admit(T0.AddDays(2), Head);

        Assert.Equal(T0.AddDays(2), c.AdmittedAt);
        Assert.Equal(Head, c.AdmittedBy);
    }

    [Fact]
    public void Admit_Twice_KeepsTheFirstIngreso()
    {
        var c = NewCase();
        c.Admit(T0.AddDays(2), Head);

        c.Admit(T0.AddDays(3), Worker);

        Assert.Equal(T0.AddDays(2), c.AdmittedAt);
        Assert.Equal(Head, c.AdmittedBy);
        Assert.Equal(2, c.Milestones.Count);
    }

    [Fact]
    public void Milestones_KeepTheWholePathInOrder_WithNotes()
    {
        var c = NewCase();
        c.Admit(T0.AddDays(1), Worker);
        c.StartIntervention(T0.AddDays(8), Worker);
        c.Discharge(T0.AddDays(90), Head, "  Cumple objetivos del PII ");
        c.StartFollowUp(T0.AddDays(91), Worker);
        c.Close(T0.AddDays(180), Head);

        Assert.Equal(
            [CaseState.Orientation, CaseState.Intake, CaseState.Intervention, CaseState.Discharge, CaseState.FollowUp, CaseState.Closed],
            c.Milestones.Select(m => m.State));
        Assert.Equal(
            [T0, T0.AddDays(1), T0.AddDays(8), T0.AddDays(90), T0.AddDays(91), T0.AddDays(180)],
            c.Milestones.Select(m => m.At));
        Assert.Equal("Cumple objetivos del PII", c.Milestones[3].Note);
        Assert.Null(c.Milestones[5].Note);
    }

    [Fact]
    public void Transition_Throws_WhenDatedBeforeThePreviousMilestone()
    {
        var c = NewCase();
        c.Admit(T0.AddDays(5), Worker);

        var ex = Assert.Throws<DomainException>(() => c.StartIntervention(T0.AddDays(4), Worker));

        Assert.StartsWith("La fecha del cambio de estado no puede ser anterior al último hito del caso", ex.Message);
        Assert.Equal(CaseState.Intake, c.State);
        Assert.Equal(2, c.Milestones.Count);
    }

    [Fact]
    public void Admit_Throws_WhenDatedBeforeTheOpening()
    {
        var c = NewCase();

        Assert.Throws<DomainException>(() => c.Admit(T0.AddMinutes(-1), Worker));
        Assert.Equal(CaseState.Orientation, c.State);
    }

    [Fact]
    public void Transition_IsAllowed_AtTheSameInstantAsThePreviousMilestone()
    {
        var c = NewCase();

        c.Admit(T0, Worker);
        c.StartIntervention(T0, Worker);

        Assert.Equal(CaseState.Intervention, c.State);
    }

    [Fact]
    public void Transition_ComparesInstants_NotWallClocks()
    {
        var c = NewCase(); // 10:00 at UTC-3 = 13:00 UTC
        var sameInstantElsewhere = new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);
        var earlierInstantLaterClock = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(1)); // 11:00 UTC

        Assert.Throws<DomainException>(() => c.Admit(earlierInstantLaterClock, Worker));
        c.Admit(sameInstantElsewhere, Worker);
        Assert.Equal(CaseState.Intake, c.State);
    }

    [Fact]
    public void RecordDropout_Throws_WhenReasonIsMissing()
    {
        var c = CaseIn(CaseState.Intervention);

        var ex = Assert.Throws<DomainException>(() => c.RecordDropout(T0.AddDays(10), Worker, "  "));

        Assert.Equal("Indique el motivo de la deserción.", ex.Message);
        Assert.Equal(CaseState.Intervention, c.State);
    }

    [Fact]
    public void RecordDropout_KeepsTheReason_OnTheCaseAndTheMilestone()
    {
        var c = CaseIn(CaseState.Intake);

        c.RecordDropout(T0.AddDays(10), Worker, "Se trasladó de región");

        Assert.Equal("Se trasladó de región", c.DropoutReason);
        Assert.Equal("Se trasladó de región", c.Milestones[^1].Note);
        Assert.False(c.IsOpen);
        Assert.True(c.IsFinal);
    }

    [Fact]
    public void RecordDropout_Throws_WhenCaseIsInOrientation_EvenWithAReason()
    {
        var c = NewCase();

        var ex = Assert.Throws<DomainException>(() => c.RecordDropout(T0.AddDays(1), Worker, "No volvió"));

        Assert.Equal("No es posible pasar el caso de Orientación a Deserción.", ex.Message);
    }

    [Fact]
    public void Close_Throws_WhenClosingFromOrientationWithoutAReason()
    {
        var c = NewCase();

        var ex = Assert.Throws<DomainException>(() => c.Close(T0.AddDays(1), Worker));

        Assert.Equal("Indique el motivo del cierre sin ingreso.", ex.Message);
        Assert.Equal(CaseState.Orientation, c.State);
    }

    [Theory]
    [InlineData(CaseState.Discharge)]
    [InlineData(CaseState.FollowUp)]
    public void Close_NeedsNoReason_AfterEgreso(CaseState from)
    {
        var c = CaseIn(from);

        c.Close(c.LastMilestoneAt.AddDays(1), Head);

        Assert.Equal(CaseState.Closed, c.State);
    }

    [Theory]
    [InlineData(CaseState.Orientation, true)]
    [InlineData(CaseState.Intake, true)]
    [InlineData(CaseState.Intervention, true)]
    [InlineData(CaseState.Discharge, false)]
    [InlineData(CaseState.FollowUp, true)]
    [InlineData(CaseState.Dropout, false)]
    [InlineData(CaseState.Closed, false)]
    public void IsOpen_HoldsWhileTheCentreIsWorkingWithHer(CaseState state, bool open)
    {
        Assert.Equal(open, CaseIn(state).IsOpen);
    }

    [Fact]
    public void RecordRiskEstimate_SetsLatestRisk_AndKeepsHistory()
    {
        var c = CaseIn(CaseState.Intake);

        c.RecordRiskEstimate(RiskLevel.Medium, T0.AddDays(2), Worker);
        c.RecordRiskEstimate(RiskLevel.Vital, T0.AddDays(5), Head);

        Assert.Equal(RiskLevel.Vital, c.LatestRisk);
        Assert.Equal(T0.AddDays(5), c.LatestRiskAt);
        Assert.Equal([RiskLevel.Medium, RiskLevel.Vital], c.RiskEstimates.Select(e => e.Level));
    }

    [Fact]
    public void RecordRiskEstimate_DatedBeforeTheLatest_JoinsHistoryWithoutReplacingIt()
    {
        var c = CaseIn(CaseState.Intake);
        c.RecordRiskEstimate(RiskLevel.High, T0.AddDays(5), Worker);

        c.RecordRiskEstimate(RiskLevel.Low, T0.AddDays(3), Worker);

        Assert.Equal(RiskLevel.High, c.LatestRisk);
        Assert.Equal(2, c.RiskEstimates.Count);
    }

    [Fact]
    public void RecordRiskEstimate_Twice_RecordsOnce()
    {
        var c = CaseIn(CaseState.Intake);

        c.RecordRiskEstimate(RiskLevel.High, T0.AddDays(5), Worker);
        c.RecordRiskEstimate(RiskLevel.High, T0.AddDays(5), Worker);

        Assert.Single(c.RiskEstimates);
    }

    [Theory]
    [InlineData(CaseState.Dropout)]
    [InlineData(CaseState.Closed)]
    public void RecordRiskEstimate_Throws_WhenCaseIsFinal(CaseState state)
    {
        var c = CaseIn(state);

        var ex = Assert.Throws<DomainException>(() => c.RecordRiskEstimate(RiskLevel.High, T0.AddDays(30), Worker));

        Assert.Equal($"No es posible registrar una estimación de riesgo en un caso en estado {CaseStateNames.Spanish(state)}.", ex.Message);
        Assert.Null(c.LatestRisk);
    }

    [Fact]
    public void RecordRiskEstimate_Throws_WhenLevelIsUndefined()
    {
        var c = NewCase();

        Assert.Throws<DomainException>(() => c.RecordRiskEstimate((RiskLevel)9, T0, Worker));
    }

    [Fact]
    public void RiskLevels_AreOrderedFromLowToVital()
    {
        Assert.True(RiskLevel.Low < RiskLevel.Medium);
        Assert.True(RiskLevel.Medium < RiskLevel.High);
        Assert.True(RiskLevel.High < RiskLevel.Vital);
    }
}

[Trait("Area", "Registry")]
public class CaseServicesGivenTests
{
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(-3));
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Fact]
    public void ServiceGiven_IsKeptWithWhetherTheGuidelinesContemplateIt()
    {
        var c = CaseTests.NewCase();
        var s = c.RecordServiceGiven("  Taller de sexualidad temprana  ", inGuidelines: false, Today, Today, T0.AddDays(8), Worker);
        Assert.Equal("Taller de sexualidad temprana", s.Description);
        Assert.False(s.InGuidelines);
        Assert.Single(c.ServicesGiven);
    }

    [Theory]
    [InlineData("", 0, "Describa la prestación entregada.")]
    [InlineData("Orientación", 1, "La prestación no puede tener fecha futura.")]
    [InlineData("Orientación", -30, "La prestación no puede ser anterior a la apertura del caso.")]
    public void ServiceGiven_IsRefused_WhenItsDescriptionOrDateIsWrong(string description, int daysFromToday, string message)
    {
        var c = CaseTests.NewCase();
        var ex = Assert.Throws<DomainException>(() => c.RecordServiceGiven(description, true, Today.AddDays(daysFromToday), Today, T0.AddDays(8), Worker));
        Assert.Equal(message, ex.Message);
        Assert.Empty(c.ServicesGiven);
    }

    [Fact]
    public void ServiceGiven_IsRefused_OnAClosedCase()
    {
        var c = CaseTests.CaseIn(CaseState.Closed);
        Assert.Throws<DomainException>(() => c.RecordServiceGiven("Orientación", true, Today, Today, T0.AddDays(8), Worker));
    }
}
