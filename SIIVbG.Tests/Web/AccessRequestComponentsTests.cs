using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Access;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Access")]
public sealed class AccessRequestComponentsTests
{
    private static readonly Run Caseworker = Run.FromNumber(10_666_777);
    private static readonly Run Head = Run.FromNumber(10_555_666);
    private static readonly Run Valparaiso = Run.FromNumber(10_777_888);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const string Why = "Coordinación con Valparaíso por medida cautelar vigente (ficticia)";

    private static async Task<Guid> WomanAtBothCentresAsync(IServiceProvider services, int run)
    {
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var santiago = await services.SignedInAsync(Caseworker);
        var valparaiso = await services.SignedInAsync(Valparaiso);
        var woman = (await registry.RegisterAsync(santiago, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Rita", "Demo Ventana", null))).SurvivorId;
        await services.GetRequiredService<ConsentService>().RecordAsync(santiago, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null,
            ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.ShareWithSernamEgCentres, null));
        await registry.OpenCaseAtMyCentreAsync(valparaiso, Run.FromNumber(run).ToString());
        await registry.RecordEpisodeAsync(valparaiso, woman, new RecordEpisode(new DateOnly(2026, 8, 20), null, null, "05101",
            ViolenceTypes.Physical, AggressorRelation.ExPartner, "Registrado en Valparaíso (ficticio)", RiskLevel.High));
        return woman;
    }

    [Fact]
    public async Task OpenFile_LocksAgainByItself_WhenTheGrantWindowCloses()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.Services.AddSingleton<TimeProvider>(clock);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, Caseworker)).WithAgreement());
        var woman = await WomanAtBothCentresAsync(ctx.Services, 51_000_001);
        var requests = ctx.Services.GetRequiredService<AccessRequestService>();
        var id = await requests.SubmitAsync(await ctx.Services.SignedInAsync(Caseworker), woman, GrantScope.AllDetailsScope, Why);
        var head = await ctx.Services.SignedInAsync(Head);
        await requests.ApproveAsync(head, id, Assert.Single(await requests.PendingAsync(head)).Version);
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<SurvivorFilePage>(p => p.Add(x => x.Id, woman));
        cut.WaitForElement("[data-testid=autorizacion-vigente]", Wait);

        clock.Advance(requests.GrantDuration + TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=autorizacion-vigente]"));
            Assert.NotNull(cut.Find("[data-testid=acceso-solicitar]")); // hidden again, so she may ask again
        }, Wait);
    }

    [Fact]
    public async Task ApprovalsPage_ShowsTheHeadHerTeamsRequest_AndAnEmptyRejectionIsRefusedInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var services = db.CreateServices())
        {
            var woman = await WomanAtBothCentresAsync(services, 51_000_002);
            await services.GetRequiredService<AccessRequestService>().SubmitAsync(await services.SignedInAsync(Caseworker), woman,
                GrantScope.AllDetailsScope, Why);
        }
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, Head)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<ApprovalsPage>();

        cut.WaitForAssertion(() => Assert.Contains(Why, cut.Find("[data-testid=solicitud-justificacion]").TextContent), Wait);
        await cut.InvokeAsync(() => cut.Find("[data-testid=solicitud-rechazar]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Indique el motivo del rechazo.", cut.Find("[data-testid=solicitud-error]").TextContent.Trim()), Wait);
        Assert.Single(cut.FindAll("[data-testid=solicitud]"));
    }
}
