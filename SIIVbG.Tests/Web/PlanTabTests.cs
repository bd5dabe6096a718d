using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Registry")]
public sealed class PlanTabTests
{
    private static readonly Run Santiago = Run.FromNumber(10_666_777);
    private static readonly Run Valparaiso = Run.FromNumber(10_777_888);
    private static readonly Run Head = Run.FromNumber(10_555_666);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    private static async Task<(Guid Woman, Guid Case)> WomanAsync(IServiceProvider services, Run by, int run)
    {
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var op = await services.SignedInAsync(by);
        var r = await registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Ficticia", "Demo Plan", null));
        return (r.SurvivorId, (await registry.OpenFileAsync(op, r.SurvivorId)).Trajectory.Single().Id);
    }

    /// <summary>A woman of the Santiago centre whose case plan has one objective with one action due in 20 days.</summary>
    private static async Task<(Guid Woman, Guid Case)> WomanWithAnActionAsync(TestDatabase db, int run)
    {
        await using var services = db.CreateServices();
        var (woman, @case) = await WomanAsync(services, Santiago, run);
        var plans = services.GetRequiredService<PlanService>();
        var op = await services.SignedInAsync(Santiago);
        await plans.AddObjectiveAsync(op, woman, new AddPlanObjective(@case, null, "Autonomía económica"));
        var plan = (await plans.ListAsync(op, woman)).Cases.Single().Plan!;
        await plans.AddActionAsync(op, woman, new AddPlanAction(@case, plan.Version, plan.Objectives[0].Id, "Postular a capacitación",
            "Dupla psicosocial", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20))));
        return (woman, @case);
    }

    private static async Task<IRenderedComponent<PlanTab>> RenderAsync(BunitContext ctx, TestDatabase db, Guid woman)
    {
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement());
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(await ctx.Services.SignedInAsync(Santiago), woman);
        var cut = ctx.Render<PlanTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, woman));
        // The first query of a test run compiles EF models and queries: more than bUnit's default second.
        cut.WaitForElement("[data-testid=pii]", TimeSpan.FromSeconds(15));
        return cut;
    }

    [Fact]
    public async Task FirstObjective_DraftsThePlan_AndAnActionWithoutResponsible_IsRefusedInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices()) (woman, _) = await WomanAsync(services, Santiago, 44_000_001);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);
        Assert.NotNull(cut.Find("[data-testid=pii-sin-plan]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=nuevo-objetivo] input").Change("Fortalecer red de apoyo"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=agregar-objetivo]").Click());
        cut.WaitForAssertion(() => Assert.Contains("Fortalecer red de apoyo", cut.Find("[data-testid=pii-objetivo]").TextContent), Wait);

        await cut.InvokeAsync(() => cut.Find("[data-testid=nueva-accion] input").Change("Acompañar a audiencia"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=agregar-accion]").Click());

        cut.WaitForAssertion(() => Assert.Equal("Indique el responsable de la acción.", cut.Find("[data-testid=pii-cambio-error]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=pii-accion]"));
    }

    [Fact]
    public async Task RecordingProgress_ThenCompleting_ShowsTheActionCumplida()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, @case) = await WomanWithAnActionAsync(db, 44_000_002);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        await cut.InvokeAsync(() => cut.Find("[data-testid=pii-accion] input").Change("60"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=registrar-avance]").Click());
        cut.WaitForAssertion(() => Assert.Equal("60 %", cut.Find("[data-testid=pii-accion-avance]").TextContent.Trim()), Wait);
        Assert.Contains("En curso", cut.Find("[data-testid=pii-accion]").TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=cumplir-accion]").Click());

        cut.WaitForAssertion(() => Assert.Contains("Cumplida", cut.Find("[data-testid=pii-accion]").TextContent), Wait);
        Assert.Equal("100 %", cut.Find("[data-testid=pii-accion-avance]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=lograr-objetivo]"));
    }

    [Fact]
    public async Task RecordingProgress_OnAPlanLoadedBeforeSomeoneElsesChange_ShowsTheConcurrencyMessage_AndKeepsTheirs()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, @case) = await WomanWithAnActionAsync(db, 44_000_005);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        // The head records progress after the caseworker's tab was loaded.
        var plansNow = ctx.Services.GetRequiredService<PlanService>();
        var head = await ctx.Services.SignedInAsync(Head);
        var seen = (await plansNow.ListAsync(head, woman)).Cases.Single().Plan!;
        await plansNow.RecordProgressAsync(head, woman, new RecordPlanProgress(@case, seen.Version, seen.Objectives[0].Actions[0].Id, 30));
        await cut.InvokeAsync(() => cut.Find("[data-testid=pii-accion] input").Change("60"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=registrar-avance]").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("Otra persona modificó este plan",
            cut.Find("[data-testid=pii-cambio-error]").TextContent.Trim()), Wait);
        Assert.Equal(30, (await plansNow.ListAsync(head, woman)).Cases.Single().Plan!.Objectives[0].Actions[0].Progress);
    }

    [Fact]
    public async Task UploadingTheSignedPdf_LinksItToThePlan_WithAViewLink()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices()) (woman, _) = await WomanAsync(services, Santiago, 44_000_006);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(SIIVbG.Tests.Domain.Attachments.SampleFiles.Pdf(), "pii-firmado.pdf", contentType: "application/pdf"));
        cut.WaitForElement("[data-testid=anexo-elegido]", Wait);
        await cut.InvokeAsync(() => cut.Find("[data-testid=subir-anexo]").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("/anexos/", cut.Find("[data-testid=pii-pdf-ver]").GetAttribute("href")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=nuevo-anexo]"));
    }

    [Fact]
    public async Task AnActionPastItsDueDate_IsHighlightedAsAtrasada()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new ManualClock(T0);
        Guid woman;
        await using (var services = db.CreateServices(s => s.AddSingleton<TimeProvider>(clock)))
        {
            Guid @case;
            (woman, @case) = await WomanAsync(services, Santiago, 44_000_003);
            var plans = services.GetRequiredService<PlanService>();
            var op = await services.SignedInAsync(Santiago);
            await plans.AddObjectiveAsync(op, woman, new AddPlanObjective(@case, null, "Seguridad"));
            var plan = (await plans.ListAsync(op, woman)).Cases.Single().Plan!;
            await plans.AddActionAsync(op, woman, new AddPlanAction(@case, plan.Version, plan.Objectives[0].Id, "Plan de seguridad",
                "Abogada", new DateOnly(2026, 3, 12)));
        }
        clock.Now = T0.AddDays(5);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.Services.AddSingleton<TimeProvider>(clock);
        var cut = await RenderAsync(ctx, db, woman);

        Assert.Equal("si", cut.Find("[data-testid=pii-accion]").GetAttribute("data-atrasada"));
        Assert.Equal("Atrasada", cut.Find("[data-testid=pii-accion-atrasada]").TextContent.Trim());
        Assert.Equal("1 acción(es) atrasada(s)", cut.Find("[data-testid=pii-atrasadas]").TextContent.Trim());
    }

    [Fact]
    public async Task AnotherCentresPlan_IsCountedOnly_AndWithAGrant_IsShownReadOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman, theirCase;
        await using (var services = db.CreateServices())
        {
            (woman, theirCase) = await WomanAsync(services, Valparaiso, 44_000_004);
            await services.GetRequiredService<PlanService>().AddObjectiveAsync(await services.SignedInAsync(Valparaiso), woman,
                new AddPlanObjective(theirCase, null, "Objetivo de Valparaíso"));
            await services.GetRequiredService<SurvivorRegistry>().OpenCaseAtMyCentreAsync(await services.SignedInAsync(Santiago),
                Run.FromNumber(44_000_004).ToString());
        }
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        Assert.Equal("1 planes de intervención de otros centros requieren autorización para verse.",
            cut.Find("[data-testid=pii-ocultos]").TextContent.Trim());
        Assert.DoesNotContain("Objetivo de Valparaíso", cut.Markup);

        await using (var services = db.CreateServices())
        await using (var dbx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            dbx.AccessGrants.Add(AccessGrant.Approve((await services.SignedInAsync(Santiago)).Id, woman, GrantScope.Only(SurvivorTab.InterventionPlan),
                "Coordinación (ficticia)", (await services.SignedInAsync(Head)).Id, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
            await dbx.SaveChangesAsync();
        }
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(await ctx.Services.SignedInAsync(Santiago), woman);
        cut.Render(p => p.Add(x => x.File, file));

        cut.WaitForAssertion(() => Assert.Contains("Objetivo de Valparaíso", cut.Markup), Wait);
        var theirs = cut.Find($"[data-caso='{theirCase}']");
        Assert.NotNull(theirs.QuerySelector("[data-testid=pii-solo-lectura]"));
        Assert.Null(theirs.QuerySelector("[data-testid=agregar-objetivo]"));
        Assert.Null(theirs.QuerySelector("[data-testid=agregar-accion]"));
        Assert.Empty(cut.FindAll("[data-testid=pii-ocultos]"));
    }
}
