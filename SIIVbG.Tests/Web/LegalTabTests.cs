using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Legal;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Registry")]
public sealed class LegalTabTests
{
    private static readonly Run Santiago = Run.FromNumber(10_666_777);
    private static readonly Run Valparaiso = Run.FromNumber(10_777_888);
    private static readonly Run Head = Run.FromNumber(10_555_666);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static string WrongRuc(string body) => $"{body}-{(Ruc.ComputeCheckDigit(body) == '1' ? '2' : '1')}";

    /// <summary>A woman registered by <paramref name="by"/> (which opens her case there), and her file as the Santiago caseworker sees it.</summary>
    private static async Task<(Guid Woman, Guid Case)> WomanAsync(IServiceProvider services, Run by, int run)
    {
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var op = await services.SignedInAsync(by);
        var r = await registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Ficticia", "Demo Tribunal", null));
        var file = await registry.OpenFileAsync(op, r.SurvivorId);
        return (r.SurvivorId, file.Trajectory.Single().Id);
    }

    private static async Task<IRenderedComponent<LegalTab>> RenderAsync(BunitContext ctx, TestDatabase db, Guid woman)
    {
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement());
        var op = await ctx.Services.SignedInAsync(Santiago);
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(op, woman);
        var cut = ctx.Render<LegalTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, woman));
        // The first query of a test run compiles EF models and queries: more than bUnit's default second.
        cut.WaitForElement("[data-testid=procesos]", TimeSpan.FromSeconds(15));
        return cut;
    }

    [Fact]
    public async Task Register_WithAWrongRucCheckDigit_ShowsTheSpanishMessage_AndRegistersNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices()) (woman, _) = await WomanAsync(services, Santiago, 43_000_001);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        await cut.InvokeAsync(() => cut.Find("#proceso-tribunal").Change("Juzgado de Garantía (ficticio)"));
        await cut.InvokeAsync(() => cut.Find("#proceso-ruc").Change(WrongRuc("2600012345")));
        await cut.InvokeAsync(() => cut.Find("#proceso-inicio").Change("2026-01-15"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=guardar-proceso]").Click());

        cut.WaitForAssertion(() => Assert.Equal("El dígito verificador del RUC no corresponde.", cut.Find("[data-testid=proceso-error]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=proceso]"));
    }

    [Fact]
    public async Task Register_WithoutAStartDate_AsksForIt()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices()) (woman, _) = await WomanAsync(services, Santiago, 43_000_002);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        await cut.InvokeAsync(() => cut.Find("#proceso-tribunal").Change("Juzgado de Familia (ficticio)"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=guardar-proceso]").Click());

        cut.WaitForAssertion(() => Assert.Equal("Indique la fecha de inicio del proceso.", cut.Find("[data-testid=proceso-error]").TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task Register_ShowsTheProcessWithItsCanonicalRit_ThenLiftingAMeasureShowsItAlzada()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices()) (woman, _) = await WomanAsync(services, Santiago, 43_000_003);
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        await cut.InvokeAsync(() => cut.Find("#proceso-tribunal").Change("Juzgado de Familia de Pudahuel (ficticio)"));
        await cut.InvokeAsync(() => cut.Find("#proceso-rit").Change("f-0042-2026"));
        await cut.InvokeAsync(() => cut.Find("#proceso-inicio").Change(DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=guardar-proceso]").Click());

        cut.WaitForElement("[data-testid=proceso-guardado]", Wait);
        cut.WaitForAssertion(() => Assert.Equal("F-42-2026", cut.Find("[data-testid=proceso-rit]").TextContent.Trim()), Wait);
        Assert.Contains("En tramitación", cut.Find("[data-testid=proceso-estado]").TextContent);

        // A measure ordered meanwhile (by the same centre) shows vigente once the tab re-reads.
        var legal = ctx.Services.GetRequiredService<LegalService>();
        var op = await ctx.Services.SignedInAsync(Santiago);
        var process = Assert.Single((await legal.ListAsync(op, woman)).Processes);
        await legal.OrderMeasureAsync(op, woman, new OrderProtectiveMeasure(process.Id, process.Version, ProtectiveMeasureKind.RestrainingOrder,
            null, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(90)), null));
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(op, woman);
        cut.Render(p => p.Add(x => x.File, file));
        cut.WaitForAssertion(() => Assert.Equal("Vigente", cut.Find("[data-testid=medida-estado]").TextContent.Trim()), Wait);

        var measureId = (await legal.ListAsync(op, woman)).Processes.Single().Measures.Single().Id;
        await cut.InvokeAsync(() => cut.Find($"#medida-fecha-{measureId}").Change(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=alzar-medida]").Click());

        cut.WaitForAssertion(() => Assert.Equal("Alzada", cut.Find("[data-testid=medida-estado]").TextContent.Trim()), Wait);
        Assert.NotNull(cut.Find("[data-testid=proceso-cambio-guardado]"));
    }

    [Fact]
    public async Task LiftingAMeasure_OnACardLoadedBeforeSomeoneElsesChange_ShowsTheConcurrencyMessage_AndKeepsTheirChange()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman, process, measure;
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(90));
        await using (var services = db.CreateServices())
        {
            Guid @case;
            (woman, @case) = await WomanAsync(services, Santiago, 43_000_005);
            var op = await services.SignedInAsync(Santiago);
            var legal = services.GetRequiredService<LegalService>();
            process = await legal.RegisterAsync(op, woman, new RegisterLegalProcess(@case, LegalProcessType.FamilyViolence, LegalSubject.Survivor,
                "Juzgado de Familia (ficticio)", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-20))));
            var p = Assert.Single((await legal.ListAsync(op, woman)).Processes);
            await legal.OrderMeasureAsync(op, woman, new OrderProtectiveMeasure(process, p.Version, ProtectiveMeasureKind.RestrainingOrder, null,
                DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)), until, null));
            measure = (await legal.ListAsync(op, woman)).Processes.Single().Measures.Single().Id;
        }
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);
        cut.WaitForElement($"#medida-fecha-{measure}", Wait);

        // The head extends the measure after the caseworker's card was loaded.
        var legalNow = ctx.Services.GetRequiredService<LegalService>();
        var head = await ctx.Services.SignedInAsync(Head);
        var seen = (await legalNow.ListAsync(head, woman)).Processes.Single();
        await legalNow.ExtendMeasureAsync(head, woman, new ExtendProtectiveMeasure(process, seen.Version, measure, until.AddDays(30)));
        await cut.InvokeAsync(() => cut.Find($"#medida-fecha-{measure}").Change(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=alzar-medida]").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("Otra persona modificó este proceso",
            cut.Find("[data-testid=proceso-cambio-error]").TextContent.Trim()), Wait);
        var after = (await legalNow.ListAsync(head, woman)).Processes.Single().Measures.Single();
        Assert.Null(after.LiftedOn);
        Assert.Equal(until.AddDays(30), after.ValidUntil);
    }

    [Fact]
    public async Task UploadingAnAnnexFromAProcess_ListsItUnderThatProcess()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices())
        {
            Guid @case;
            (woman, @case) = await WomanAsync(services, Santiago, 43_000_006);
            await services.GetRequiredService<LegalService>().RegisterAsync(await services.SignedInAsync(Santiago), woman,
                new RegisterLegalProcess(@case, LegalProcessType.FamilyViolence, LegalSubject.Survivor, "Juzgado de Familia (ficticio)", null, null,
                    DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3))));
        }
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);
        cut.WaitForElement("[data-testid=proceso-sin-anexos]", Wait);

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(SIIVbG.Tests.Domain.Attachments.SampleFiles.Pdf(), "medida-cautelar.pdf", contentType: "application/pdf"));
        cut.WaitForElement("[data-testid=anexo-elegido]", Wait);
        await cut.InvokeAsync(() => cut.Find("[data-testid=subir-anexo]").Click());

        cut.WaitForAssertion(() => Assert.Contains("medida-cautelar.pdf", cut.Find("[data-testid=proceso-anexo]").TextContent), Wait);
        Assert.StartsWith("/anexos/", cut.Find("[data-testid=proceso-anexo] a").GetAttribute("href"));
    }

    [Fact]
    public async Task AnotherCentresProcess_IsCountedOnly_AndWithAGrant_IsShownReadOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        Guid woman;
        await using (var services = db.CreateServices())
        {
            Guid @case;
            (woman, @case) = await WomanAsync(services, Valparaiso, 43_000_004);
            var valparaiso = await services.SignedInAsync(Valparaiso);
            var legal = services.GetRequiredService<LegalService>();
            var id = await legal.RegisterAsync(valparaiso, woman, new RegisterLegalProcess(@case, LegalProcessType.Criminal, LegalSubject.Aggressor,
                "Fiscalía Local de Valparaíso (ficticia)", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10))));
            var p = Assert.Single((await legal.ListAsync(valparaiso, woman)).Processes);
            await legal.OrderMeasureAsync(valparaiso, woman, new OrderProtectiveMeasure(id, p.Version, ProtectiveMeasureKind.RestrainingOrder, null,
                DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), null));
            await services.GetRequiredService<SurvivorRegistry>().OpenCaseAtMyCentreAsync(await services.SignedInAsync(Santiago),
                Run.FromNumber(43_000_004).ToString());
        }
        await using var ctx = WebTestHost.NewContext(db);
        var cut = await RenderAsync(ctx, db, woman);

        Assert.Empty(cut.FindAll("[data-testid=proceso]"));
        Assert.Equal("1 procesos registrados por otros centros requieren autorización para verse.",
            cut.Find("[data-testid=procesos-ocultos]").TextContent.Trim());

        await using (var services = db.CreateServices())
        await using (var dbx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            var santiago = await services.SignedInAsync(Santiago);
            var head = await services.SignedInAsync(Head);
            dbx.AccessGrants.Add(AccessGrant.Approve(santiago.Id, woman, GrantScope.Only(SurvivorTab.Legal), "Audiencia (ficticia)", head.Id,
                DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
            await dbx.SaveChangesAsync();
        }
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(await ctx.Services.SignedInAsync(Santiago), woman);
        cut.Render(p => p.Add(x => x.File, file));

        cut.WaitForElement("[data-testid=proceso]", Wait);
        Assert.NotNull(cut.Find("[data-testid=proceso-solo-lectura]"));
        Assert.Equal("Vencida", cut.Find("[data-testid=medida-estado]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=alzar-medida]"));
        Assert.Empty(cut.FindAll("[data-testid=guardar-medida]"));
        Assert.Empty(cut.FindAll("[data-testid=procesos-ocultos]"));
        Assert.NotNull(cut.Find("[data-testid=proceso-anexos]"));
    }
}
