using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Plans;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class PlanServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 10);

    private readonly ManualClock _clock = new(T0);
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private PlanService _plans = default!;
    private SignedInOperator _santiago = default!, _head = default!, _valparaiso = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(s => s.AddSingleton<TimeProvider>(_clock));
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        _plans = _services.GetRequiredService<PlanService>();
        _santiago = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        _head = await _services.SignedInAsync(Run.FromNumber(10_555_666));
        _valparaiso = await _services.SignedInAsync(Run.FromNumber(10_777_888));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<(Guid Survivor, Guid Case)> WomanAtAsync(SignedInOperator op, int run)
    {
        var r = await _registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Ficticia", "Demo Plan", null));
        var file = await _registry.OpenFileAsync(op, r.SurvivorId);
        return (r.SurvivorId, file.Trajectory.Single(c => c.IsOwnCentre).Id);
    }

    private async Task<CasePlan> CaseAsync(SignedInOperator op, Guid survivor, Guid @case) =>
        (await _plans.ListAsync(op, survivor)).Cases.Single(c => c.CaseId == @case);

    /// <summary>A plan with one objective and one action due in <paramref name="dueInDays"/> days.</summary>
    private async Task<(Guid Objective, Guid Action)> PlanWithActionAsync(Guid woman, Guid @case, int dueInDays)
    {
        await _plans.AddObjectiveAsync(_santiago, woman, new AddPlanObjective(@case, null, "Recuperar autonomía económica"));
        var plan = (await CaseAsync(_santiago, woman, @case)).Plan!;
        var objective = plan.Objectives.Single().Id;
        await _plans.AddActionAsync(_santiago, woman, new AddPlanAction(@case, plan.Version, objective, "Postular a curso de capacitación",
            "Dupla psicosocial", Today.AddDays(dueInDays)));
        var action = (await CaseAsync(_santiago, woman, @case)).Plan!.Objectives.Single().Actions.Single().Id;
        return (objective, action);
    }

    private async Task<Guid> UploadAsync(SignedInOperator op, Guid woman, SIIVbG.Domain.Attachments.AttachmentKind kind)
    {
        using var pdf = new MemoryStream(SIIVbG.Tests.Domain.Attachments.SampleFiles.Pdf());
        return await _services.GetRequiredService<SIIVbG.Infrastructure.Attachments.AttachmentService>()
            .UploadAsync(op, woman, pdf, "pii.pdf", "application/pdf", kind);
    }

    [Fact]
    public async Task AttachPdf_OfHerPlanAnnex_LinksItToTheCasesPlan_DraftingItWhenThereIsNone()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 45_500_001);
        var pdf = await UploadAsync(_santiago, woman, SIIVbG.Domain.Attachments.AttachmentKind.InterventionPlan);

        await _plans.AttachPdfAsync(_santiago, woman, new AttachPlanPdf(@case, null, pdf));

        var plan = (await CaseAsync(_santiago, woman, @case)).Plan!;
        Assert.Equal(pdf, plan.PdfAttachmentId);
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == PlanAuditActions.PdfAttached && a.SurvivorId == woman);
    }

    [Fact]
    public async Task AttachPdf_OfAnAnnexOfAnotherKindOrWoman_IsRefused_AndLinksNothing()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 45_500_002);
        var (other, _) = await WomanAtAsync(_santiago, 45_500_003);
        var consentScan = await UploadAsync(_santiago, woman, SIIVbG.Domain.Attachments.AttachmentKind.ConsentScan);
        var othersPdf = await UploadAsync(_santiago, other, SIIVbG.Domain.Attachments.AttachmentKind.InterventionPlan);

        await Assert.ThrowsAsync<DomainException>(() => _plans.AttachPdfAsync(_santiago, woman, new AttachPlanPdf(@case, null, consentScan)));
        await Assert.ThrowsAsync<DomainException>(() => _plans.AttachPdfAsync(_santiago, woman, new AttachPlanPdf(@case, null, othersPdf)));

        Assert.Null((await CaseAsync(_santiago, woman, @case)).Plan);
    }

    [Fact]
    public async Task OwnCase_WithoutAPlan_IsListedEditable_AndItsFirstObjectiveDraftsThePlan()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_001);

        var before = await CaseAsync(_santiago, woman, @case);
        Assert.Null(before.Plan);
        Assert.True(before.CanEdit);

        await _plans.AddObjectiveAsync(_santiago, woman, new AddPlanObjective(@case, null, "  Fortalecer red de apoyo  "));

        var plan = (await CaseAsync(_head, woman, @case)).Plan!;
        Assert.Equal("Fortalecer red de apoyo", Assert.Single(plan.Objectives).Description);
        var actions = (await _services.AuditRowsAsync()).Where(a => a.SurvivorId == woman).Select(a => a.Action).ToList();
        Assert.Contains(PlanAuditActions.Drafted, actions);
        Assert.Contains(PlanAuditActions.ObjectiveAdded, actions);
        Assert.Contains(PlanAuditActions.Read, actions);
    }

    [Fact]
    public async Task Progress_IsRecorded_AndOneHundredCompletesTheAction_ThenTheObjectiveCanBeAchieved()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_002);
        var (objective, action) = await PlanWithActionAsync(woman, @case, 30);

        await _plans.RecordProgressAsync(_santiago, woman,
            new RecordPlanProgress(@case, (await CaseAsync(_santiago, woman, @case)).Plan!.Version, action, 40));
        var half = (await CaseAsync(_santiago, woman, @case)).Plan!.Objectives.Single();
        Assert.Equal(40, half.Actions.Single().Progress);
        Assert.Equal(PlanActionStatus.InProgress, half.Actions.Single().Status);

        await _plans.CompleteActionAsync(_santiago, woman,
            new CompletePlanAction(@case, (await CaseAsync(_santiago, woman, @case)).Plan!.Version, action));
        await _plans.AchieveObjectiveAsync(_santiago, woman,
            new AchievePlanObjective(@case, (await CaseAsync(_santiago, woman, @case)).Plan!.Version, objective));

        var done = (await CaseAsync(_santiago, woman, @case)).Plan!.Objectives.Single();
        Assert.Equal(PlanActionStatus.Completed, done.Actions.Single().Status);
        Assert.True(done.IsAchieved);
        Assert.Equal(100, done.Progress);
    }

    [Fact]
    public async Task Progress_OutOfRange_IsRefusedInSpanish()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_003);
        var (_, action) = await PlanWithActionAsync(woman, @case, 30);
        var v = (await CaseAsync(_santiago, woman, @case)).Plan!.Version;

        var ex = await Assert.ThrowsAsync<DomainException>(() => _plans.RecordProgressAsync(_santiago, woman, new RecordPlanProgress(@case, v, action, 120)));
        Assert.Equal("El avance debe estar entre 0 y 100.", ex.Message);
    }

    [Fact]
    public async Task AnActionPastItsDueDate_IsOverdue_UntilCompleted()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_004);
        var (_, action) = await PlanWithActionAsync(woman, @case, 5);
        Assert.Equal(0, (await CaseAsync(_santiago, woman, @case)).Plan!.OverdueActions);

        _clock.Now = T0.AddDays(6);
        var late = (await CaseAsync(_santiago, woman, @case)).Plan!;
        Assert.Equal(1, late.OverdueActions);
        Assert.True(late.Objectives.Single().Actions.Single().IsOverdue);

        await _plans.CompleteActionAsync(_santiago, woman, new CompletePlanAction(@case, late.Version, action));
        var done = (await CaseAsync(_santiago, woman, @case)).Plan!;
        Assert.Equal(0, done.OverdueActions);
        Assert.False(done.Objectives.Single().Actions.Single().IsOverdue);
    }

    [Fact]
    public async Task AddAction_DueBeforeToday_IsRefusedInSpanish()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_005);
        await _plans.AddObjectiveAsync(_santiago, woman, new AddPlanObjective(@case, null, "Objetivo"));
        var plan = (await CaseAsync(_santiago, woman, @case)).Plan!;

        var ex = await Assert.ThrowsAsync<DomainException>(() => _plans.AddActionAsync(_santiago, woman,
            new AddPlanAction(@case, plan.Version, plan.Objectives[0].Id, "Acción", "Abogada", Today.AddDays(-1))));
        Assert.Equal("La fecha comprometida no puede ser anterior a hoy.", ex.Message);
    }

    [Fact]
    public async Task SameVersionTwice_RefusesTheSecondEdit_AndKeepsTheFirst()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_006);
        var (_, action) = await PlanWithActionAsync(woman, @case, 30);
        var seen = (await CaseAsync(_santiago, woman, @case)).Plan!.Version;

        await _plans.RecordProgressAsync(_santiago, woman, new RecordPlanProgress(@case, seen, action, 30));
        var ex = await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(() => _plans.RecordProgressAsync(_head, woman, new RecordPlanProgress(@case, seen, action, 70)));

        Assert.StartsWith("Otra persona modificó", ex.Message);
        Assert.Equal(30, (await CaseAsync(_santiago, woman, @case)).Plan!.Objectives.Single().Actions.Single().Progress);
    }

    [Fact]
    public async Task DraftingAPlanSomeoneElseAlreadyDrafted_IsRefused_AndKeepsTheirs()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 42_000_007);
        await _plans.AddObjectiveAsync(_santiago, woman, new AddPlanObjective(@case, null, "Primero"));

        var ex = await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(() => _plans.AddObjectiveAsync(_head, woman, new AddPlanObjective(@case, null, "Segundo")));

        Assert.StartsWith("Otra persona modificó", ex.Message);
        Assert.Equal("Primero", Assert.Single((await CaseAsync(_santiago, woman, @case)).Plan!.Objectives).Description);
    }

    [Fact]
    public async Task AnotherCentresPlan_IsHidden_AndEditingItIsDeniedAndAudited_EvenWithAGrantThatShowsIt()
    {
        var (woman, valparaisoCase) = await WomanAtAsync(_valparaiso, 42_000_008);
        await _plans.AddObjectiveAsync(_valparaiso, woman, new AddPlanObjective(valparaisoCase, null, "Objetivo de Valparaíso"));
        await _registry.OpenCaseAtMyCentreAsync(_santiago, Run.FromNumber(42_000_008).ToString());

        var hidden = await _plans.ListAsync(_santiago, woman);
        Assert.Equal(1, hidden.HiddenPlans);
        Assert.DoesNotContain(hidden.Cases, c => c.CaseId == valparaisoCase);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _plans.AddObjectiveAsync(_santiago, woman, new AddPlanObjective(valparaisoCase, null, "Intruso")));
        var denied = (await _services.AuditRowsAsync()).Single(a => a.Action == "access.denied" && a.OperatorId == _santiago.Id);
        Assert.Equal(SurvivorAccessReason.NotOwnCentre, denied.Reason);

        await using (var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            ctx.AccessGrants.Add(AccessGrant.Approve(_santiago.Id, woman, GrantScope.Only(SurvivorTab.InterventionPlan), "Coordinación (ficticia)",
                _head.Id, T0.AddMinutes(-1), TimeSpan.FromHours(2)));
            await ctx.SaveChangesAsync();
        }
        var shown = await CaseAsync(_santiago, woman, valparaisoCase);
        Assert.False(shown.CanEdit);
        Assert.Equal("Objetivo de Valparaíso", Assert.Single(shown.Plan!.Objectives).Description);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _plans.AddObjectiveAsync(_santiago, woman, new AddPlanObjective(valparaisoCase, shown.Plan.Version, "Intruso")));
        Assert.Single((await CaseAsync(_valparaiso, woman, valparaisoCase)).Plan!.Objectives);
    }
}
