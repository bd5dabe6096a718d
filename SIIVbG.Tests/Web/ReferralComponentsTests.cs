using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Referrals;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Referrals;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Referrals")]
public sealed class ReferralComponentsTests
{
    private static readonly Run Sender = Run.FromNumber(10_666_777);
    private static readonly Run ReceiverHead = Run.FromNumber(11_222_333);
    private static readonly Run Territorial = Run.FromNumber(10_333_444);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const string Valparaiso = "CDM-05101-D";

    /// <summary>A woman of the Santiago centre with the given consent scopes.</summary>
    private static async Task<(Guid Woman, Guid Case)> WomanAsync(TestDatabase db, int run, ConsentScope scopes)
    {
        await using var services = db.CreateServices();
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var op = await services.SignedInAsync(Sender);
        var r = await registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Marta Ficticia", "Demo Cola", null));
        await services.GetRequiredService<ConsentService>().RecordAsync(op, r.SurvivorId, new RecordConsent(true, ConsentGiver.Survivor, null, null,
            ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, scopes, null));
        return (r.SurvivorId, (await registry.OpenFileAsync(op, r.SurvivorId)).Trajectory.Single().Id);
    }

    private static async Task<Guid> ReferAsync(TestDatabase db, Guid woman, Guid @case)
    {
        await using var services = db.CreateServices();
        return await services.GetRequiredService<ReferralService>().SendAsync(await services.SignedInAsync(Sender),
            new SendReferral(woman, @case, ReferralKind.Internal, Valparaiso, null, "Traslado de domicilio a Valparaíso", ReferralUrgency.High,
                DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)), [PackageField.Identification]));
    }

    private static async Task<int> ReferralCountAsync(TestDatabase db)
    {
        await using var services = db.CreateServices();
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return await ctx.Referrals.CountAsync();
    }

    [Fact]
    public async Task Queue_OfTheReceivingHead_ShowsANewReferralLive_MarkedNew_AndCountsItAsToReceive()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, @case) = await WomanAsync(db, 47_000_001, ConsentScope.ShareWithSernamEgCentres);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, ReceiverHead)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        await ctx.StartChangeFeedAsync();
        var cut = ctx.Render<ReferralQueueBoard>();
        cut.WaitForElement("[data-testid=derivaciones-vacio]", Wait);

        var id = await ReferAsync(db, woman, @case);

        cut.WaitForAssertion(() =>
        {
            var row = cut.Find($"[data-testid=derivacion][data-id='{id}']");
            Assert.Equal("si", row.GetAttribute("data-nueva"));
            Assert.Contains("Centro de la Mujer Santiago Centro (demo)", row.TextContent);
            Assert.Contains("Alta", row.TextContent);
        }, Wait);
        Assert.Equal("1", cut.Find("[data-testid=pendiente-recibir] [data-testid=cuenta]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=derivacion-abrir]"));
        Assert.DoesNotContain("Marta", cut.Markup); // the queue carries no personal data
    }

    [Fact]
    public async Task Queue_OverTheOperatorsTabLimit_ShowsTheNotice_AndNoQueue()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db, new Dictionary<string, string?> { ["Security:MaxCircuitsPerOperator"] = "1" });
        var head = await WebTestHost.DemoOperatorAsync(db, ReceiverHead);
        ctx.SignIn(head.WithAgreement());
        ctx.RenderAsInteractiveServer();
        // Another tab of hers already holds the one place on this node.
        Assert.True(ctx.Services.GetRequiredService<SIIVbG.Web.Security.OperatorCircuits>().TryOpen(head.Id));

        var cut = ctx.Render<ReferralQueueBoard>();

        cut.WaitForElement("[data-testid=demasiadas-pestanas]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=derivaciones-filtros]"));
        Assert.Empty(cut.FindAll("[data-testid=trabajo-pendiente]"));
    }

    [Fact]
    public async Task Queue_OfATerritorialOfficer_ListsTheReferral_WithoutALinkToItsDetail()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, @case) = await WomanAsync(db, 47_000_002, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(db, woman, @case);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, Territorial)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<ReferralQueueBoard>();

        cut.WaitForElement($"[data-testid=derivacion][data-id='{id}']", Wait);
        Assert.Empty(cut.FindAll("[data-testid=derivacion-abrir]"));
        Assert.Empty(cut.FindAll("[data-testid=trabajo-pendiente]"));
        Assert.Contains("De su territorio", cut.Find("[data-testid=derivacion]").TextContent);
    }

    [Fact]
    public async Task Detail_ShowsThePreviewFirst_AndThePackageAfterAccepting_WhileAnEmptyRejectionIsRefusedInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, @case) = await WomanAsync(db, 47_000_003, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(db, woman, @case);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, ReceiverHead)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<ReferralDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=paquete-tras-aceptar]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=paquete]"));
        Assert.Empty(cut.FindAll("[data-testid=derivacion-sobreviviente]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=accion-rechazar]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Indique el motivo del rechazo.", cut.Find("[data-testid=derivacion-error]").TextContent.Trim()), Wait);
        Assert.Equal("Sent", cut.Find("[data-testid=derivacion-estado]").GetAttribute("data-estado"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=accion-aceptar]").Click());
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Accepted", cut.Find("[data-testid=derivacion-estado]").GetAttribute("data-estado"));
            Assert.Contains("Marta Ficticia", cut.Find("[data-testid=paquete]").TextContent);
        }, Wait);
        Assert.NotNull(cut.Find("[data-testid=accion-atendida]"));
    }

    [Fact]
    public async Task ReferralForm_WithoutConsentToShare_DisablesThePackage_AndAMissingDestinationIsRefusedInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, _) = await WomanAsync(db, 47_000_004, ConsentScope.Statistics);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, Sender)).WithAgreement());
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(await ctx.Services.SignedInAsync(Sender), woman);
        var cut = ctx.Render<ReferralsTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, woman));
        cut.WaitForElement("[data-testid=derivaciones-ninguna]", Wait);

        await cut.InvokeAsync(() => cut.Find("[data-testid=derivar]").Click());
        cut.WaitForElement("[data-testid=derivar-sin-consentimiento]", Wait);
        var boxes = cut.FindAll("[data-field] input");
        Assert.Equal(Enum.GetValues<PackageField>().Length, boxes.Count);
        Assert.All(boxes, input => Assert.True(input.HasAttribute("disabled")));

        await cut.InvokeAsync(() => cut.Find("#derivar-motivo").Input("Necesita casa de acogida"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=derivar-enviar]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Elija el centro de destino.", cut.Find("[data-testid=derivar-error]").TextContent.Trim()), Wait);
        Assert.Equal("Necesita casa de acogida", cut.Find("#derivar-motivo").GetAttribute("value"));
        Assert.Equal(0, await ReferralCountAsync(db));
    }

    [Fact]
    public async Task WaitingList_OfTheHead_ListsHerWithPlaces_AndDroppingOutWithoutAReasonIsRefusedInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, _) = await WomanAsync(db, 47_000_010, ConsentScope.Statistics);
        await using (var services = db.CreateServices())
            await services.GetRequiredService<WaitingListService>().AddAsync(await services.SignedInAsync(Sender), woman,
                SIIVbG.Domain.WaitingLists.WaitingStage.Intake, "Prefiere atención en la tarde");
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N5)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<WaitingListPage>();

        cut.WaitForAssertion(() => Assert.Contains("Marta Ficticia Demo Cola", cut.Find("[data-testid=en-espera]").TextContent), Wait);
        Assert.Equal("1", cut.Find("[data-testid=cupo][data-etapa=Intake] [data-testid=cupo-espera]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid=cupo-guardar]")); // the head configures places

        await cut.InvokeAsync(() => cut.Find("[data-testid=espera-desiste]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Indique el motivo por el que dejó la lista de espera.", cut.Find("[data-testid=espera-error]").TextContent.Trim()), Wait);
        Assert.Single(cut.FindAll("[data-testid=en-espera]"));

        await cut.InvokeAsync(() => cut.Find("#espera-motivo").Change("Se mudó a otra región"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=espera-desiste]").Click());
        cut.WaitForElement("[data-testid=espera-vacia]", Wait);
    }

    [Fact]
    public async Task WaitingList_OfATerritorialOfficer_ShowsCountsPerCentre_WithoutNames()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (woman, _) = await WomanAsync(db, 47_000_011, ConsentScope.Statistics);
        await using (var services = db.CreateServices())
            await services.GetRequiredService<WaitingListService>().AddAsync(await services.SignedInAsync(Sender), woman,
                SIIVbG.Domain.WaitingLists.WaitingStage.Shelter, null);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, Territorial)).WithAgreement());
        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<WaitingListPage>();

        cut.WaitForAssertion(() => Assert.Contains("Centro de la Mujer Santiago Centro (demo)", cut.Find("[data-testid=espera-centro]").TextContent), Wait);
        Assert.Contains("Casa de acogida", cut.Find("[data-testid=espera-centro]").TextContent);
        Assert.DoesNotContain("Marta", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=en-espera]"));
    }
}
