using SIIVbG.Domain.Common;
using SIIVbG.Domain.Plans;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class InterventionPlanTests
{
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(-3));
    private static readonly DateOnly Today = new(2026, 3, 10);

    private static (InterventionPlan Plan, PlanObjective Objective) PlanWithObjective()
    {
        var plan = InterventionPlan.Draft(Guid.NewGuid(), Now, Worker);
        var objective = plan.AddObjective("Fortalecer redes de apoyo", Now, Worker);
        return (plan, objective);
    }

    [Fact]
    public void Draft_Throws_WithoutCase()
    {
        Assert.Equal("El plan de intervención debe indicar el caso.",
            Assert.Throws<DomainException>(() => InterventionPlan.Draft(Guid.Empty, Now, Worker)).Message);
    }

    [Fact]
    public void AddObjective_Throws_WhenDescriptionIsEmptyOrTooLong()
    {
        var plan = InterventionPlan.Draft(Guid.NewGuid(), Now, Worker);

        Assert.Equal("Describa el objetivo.", Assert.Throws<DomainException>(() => plan.AddObjective("  ", Now, Worker)).Message);
        Assert.Equal("La descripción no puede superar 1000 caracteres.",
            Assert.Throws<DomainException>(() => plan.AddObjective(new string('x', 1001), Now, Worker)).Message);
        Assert.Empty(plan.Objectives);
    }

    [Fact]
    public void AddAction_KeepsDescriptionResponsibleAndDueDate()
    {
        var (plan, objective) = PlanWithObjective();

        var action = plan.AddAction(objective.Id, " Derivar a OPD ", " Dupla psicosocial ", Today.AddDays(14), Now, Worker);

        Assert.Equal("Derivar a OPD", action.Description);
        Assert.Equal("Dupla psicosocial", action.Responsible);
        Assert.Equal(Today.AddDays(14), action.DueOn);
        Assert.Equal(PlanActionStatus.Pending, action.Status);
        Assert.Same(action, Assert.Single(objective.Actions));
    }

    [Fact]
    public void AddAction_Throws_WhenResponsibleIsMissing()
    {
        var (plan, objective) = PlanWithObjective();

        Assert.Equal("Indique el responsable de la acción.",
            Assert.Throws<DomainException>(() => plan.AddAction(objective.Id, "Acción", " ", null, Now, Worker)).Message);
    }

    [Fact]
    public void AddAction_Throws_WhenDueDateIsInThePast()
    {
        var (plan, objective) = PlanWithObjective();

        var ex = Assert.Throws<DomainException>(() => plan.AddAction(objective.Id, "Acción", "Abogada", Today.AddDays(-1), Now, Worker));

        Assert.Equal("La fecha comprometida no puede ser anterior a hoy.", ex.Message);
        Assert.Empty(objective.Actions);
    }

    [Fact]
    public void AddAction_Throws_ForAnObjectiveOfAnotherPlan()
    {
        var (plan, _) = PlanWithObjective();
        var (_, foreign) = PlanWithObjective();

        Assert.Equal("El objetivo no pertenece a este plan.",
            Assert.Throws<DomainException>(() => plan.AddAction(foreign.Id, "Acción", "Abogada", null, Now, Worker)).Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void RecordProgress_Throws_OutsideZeroToHundred(int percent)
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Worker);

        Assert.Equal("El avance debe estar entre 0 y 100.",
            Assert.Throws<DomainException>(() => plan.RecordProgress(action.Id, percent, Now, Worker)).Message);
    }

    [Fact]
    public void RecordProgress_MovesTheActionToInProgress_AndHundredCompletesIt()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Worker);

        plan.RecordProgress(action.Id, 40, Now.AddDays(1), Worker);
        Assert.Equal(PlanActionStatus.InProgress, action.Status);

        plan.RecordProgress(action.Id, 100, Now.AddDays(2), Worker);
        Assert.Equal(PlanActionStatus.Completed, action.Status);
        Assert.Equal(Now.AddDays(2), action.CompletedAt);
        Assert.Equal(Worker, action.CompletedBy);
    }

    [Fact]
    public void RecordProgress_Throws_WhenActionIsAlreadyCompleted_UnlessNothingChanges()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Worker);
        plan.CompleteAction(action.Id, Now.AddDays(1), Worker);

        plan.RecordProgress(action.Id, 100, Now.AddDays(3), Worker);
        var ex = Assert.Throws<DomainException>(() => plan.RecordProgress(action.Id, 50, Now.AddDays(3), Worker));

        Assert.Equal("La acción ya está cumplida.", ex.Message);
        Assert.Equal(Now.AddDays(1), action.CompletedAt);
    }

    [Fact]
    public void CompleteAction_Twice_KeepsTheFirstCompletion()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Worker);

        plan.CompleteAction(action.Id, Now.AddDays(1), Worker);
        plan.CompleteAction(action.Id, Now.AddDays(2), Guid.NewGuid());

        Assert.Equal(Now.AddDays(1), action.CompletedAt);
        Assert.Equal(Worker, action.CompletedBy);
        Assert.Equal(100, action.Progress);
    }

    [Fact]
    public void UpdateAction_Throws_WhenActionIsCompleted()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Worker);
        plan.CompleteAction(action.Id, Now, Worker);

        Assert.Equal("La acción ya está cumplida.",
            Assert.Throws<DomainException>(() => plan.UpdateAction(action.Id, "Otra", "Abogada", null, Now, Worker)).Message);
    }

    [Fact]
    public void UpdateAction_KeepsAnUnchangedPastDueDate_ButRefusesMovingItIntoThePast()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", Today.AddDays(5), Now, Worker);
        var later = Now.AddDays(10);

        plan.UpdateAction(action.Id, "Acción reformulada", "Abogada", Today.AddDays(5), later, Worker);
        var ex = Assert.Throws<DomainException>(() => plan.UpdateAction(action.Id, "Acción", "Abogada", Today.AddDays(8), later, Worker));

        Assert.Equal("La fecha comprometida no puede ser anterior a hoy.", ex.Message);
        Assert.Equal("Acción reformulada", action.Description);
        Assert.Equal(Today.AddDays(5), action.DueOn);
    }

    [Fact]
    public void UpdateAction_WithSameValues_DoesNothing()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Worker);

        plan.UpdateAction(action.Id, "Acción", "Abogada", null, Now.AddDays(1), Guid.NewGuid());

        Assert.Equal(Now, plan.UpdatedAt);
        Assert.Equal(Worker, plan.UpdatedBy);
    }

    [Fact]
    public void AchieveObjective_Throws_WhileAnActionIsPending()
    {
        var (plan, objective) = PlanWithObjective();
        var done = plan.AddAction(objective.Id, "Una", "Abogada", null, Now, Worker);
        plan.AddAction(objective.Id, "Otra", "Psicóloga", null, Now, Worker);
        plan.CompleteAction(done.Id, Now, Worker);

        var ex = Assert.Throws<DomainException>(() => plan.AchieveObjective(objective.Id, Now, Worker));

        Assert.Equal("No es posible dar por logrado un objetivo con acciones pendientes.", ex.Message);
        Assert.False(objective.IsAchieved);
        Assert.Equal(50, objective.Progress);
    }

    [Fact]
    public void AchieveObjective_ClosesItToFurtherActions()
    {
        var (plan, objective) = PlanWithObjective();
        var action = plan.AddAction(objective.Id, "Una", "Abogada", null, Now, Worker);
        plan.CompleteAction(action.Id, Now, Worker);

        plan.AchieveObjective(objective.Id, Now.AddDays(1), Worker);

        Assert.True(objective.IsAchieved);
        Assert.Equal(100, objective.Progress);
        Assert.Equal("El objetivo ya fue logrado.",
            Assert.Throws<DomainException>(() => plan.AddAction(objective.Id, "Otra", "Abogada", null, Now, Worker)).Message);
        Assert.Throws<DomainException>(() => plan.RewordObjective(objective.Id, "Nuevo texto", Now, Worker));
    }

    [Fact]
    public void OverdueActionsOn_ListsUncompletedActionsPastTheirDueDate()
    {
        var (plan, objective) = PlanWithObjective();
        var late = plan.AddAction(objective.Id, "Tarde", "Abogada", Today.AddDays(3), Now, Worker);
        var done = plan.AddAction(objective.Id, "Hecha", "Abogada", Today.AddDays(3), Now, Worker);
        plan.AddAction(objective.Id, "Sin plazo", "Abogada", null, Now, Worker);
        plan.AddAction(objective.Id, "A tiempo", "Abogada", Today.AddDays(30), Now, Worker);
        plan.CompleteAction(done.Id, Now, Worker);

        Assert.Equal([late.Id], plan.OverdueActionsOn(Today.AddDays(4)).Select(a => a.Id));
        Assert.Empty(plan.OverdueActionsOn(Today.AddDays(3)));
    }

    [Fact]
    public void AttachPdf_RecordsTheAttachment_AndWhoChangedThePlan()
    {
        var (plan, _) = PlanWithObjective();
        var other = Guid.NewGuid();
        var pdf = Guid.NewGuid();

        plan.AttachPdf(pdf, Now.AddDays(1), other);

        Assert.Equal(pdf, plan.PdfAttachmentId);
        Assert.Equal((Now.AddDays(1), (Guid?)other), (plan.UpdatedAt, plan.UpdatedBy));
    }

    [Fact]
    public void Changes_Throw_WithoutOperator_AndLeaveThePlanUntouched()
    {
        var (plan, objective) = PlanWithObjective();

        Assert.Throws<DomainException>(() => plan.AddAction(objective.Id, "Acción", "Abogada", null, Now, Guid.Empty));

        Assert.Empty(objective.Actions);
    }
}
