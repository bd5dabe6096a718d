using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Domain.Attachments;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Auth;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

/// <summary>Demo operators and a survivor with annexes, written through the real services.</summary>
internal sealed class AttachmentWorld : IAsyncDisposable
{
    public const int Santiago = 10_666_777, Valparaiso = 10_777_888, Head = 10_555_666;

    public required TestDatabase Db { get; init; }
    public required ServiceProvider Services { get; init; }

    public static async Task<AttachmentWorld> CreateAsync()
    {
        var db = await TestDatabase.CreateAsync();
        return new AttachmentWorld { Db = db, Services = db.CreateServices() };
    }

    public async Task<OperatorStanding> OperatorAsync(int run) =>
        (await Services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == run).Run))
        .Operator!.WithAgreement();

    public async Task<Guid> RegisterAsync(int operatorRun, int run) =>
        (await Services.GetRequiredService<SurvivorRegistry>().RegisterAsync((await OperatorAsync(operatorRun)).ToSignedIn(),
            new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Demo", "Anexos Ficticia", new DateOnly(1991, 2, 3)))).SurvivorId;

    public async Task<Guid> UploadAsync(int operatorRun, Guid survivor, byte[] content, string name, string type) =>
        await Services.GetRequiredService<AttachmentService>().UploadAsync((await OperatorAsync(operatorRun)).ToSignedIn(), survivor,
            new MemoryStream(content), name, type, AttachmentKind.LegalAnnex, "Resolución ficticia");

    public async Task GrantAllDetailsAsync(int operatorRun, Guid survivor)
    {
        var to = await OperatorAsync(operatorRun);
        var by = await OperatorAsync(Head);
        await using var ctx = await Services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        ctx.AccessGrants.Add(AccessGrant.Approve(to.Id, survivor, GrantScope.AllDetailsScope, "Derivación urgente (ficticia)", by.Id,
            DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
        await ctx.SaveChangesAsync();
    }

    public async Task<List<AuditRow>> AuditAsync(string action)
    {
        await using var ctx = await Services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return await ctx.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Sequence).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Db.DisposeAsync();
    }
}

[Trait("Area", "Registry")]
public sealed class AttachmentsTabTests
{
    // Each step reads or writes PostgreSQL; under a full parallel run that takes longer than bUnit's one-second default.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<IRenderedComponent<AttachmentsTab>> RenderTabAsync(BunitContext ctx, OperatorStanding op, Guid survivor)
    {
        ctx.SignIn(op);
        var file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(op.ToSignedIn(), survivor);
        var cut = ctx.Render<AttachmentsTab>(p => p.Add(t => t.File, file).Add(t => t.SurvivorId, survivor));
        cut.WaitForElement("[data-testid=anexos], [data-testid=anexos-vacio], [data-testid=anexos-sin-acceso]", Timeout);
        return cut;
    }

    [Fact]
    public async Task Tab_ListsHerAnnexes_WithAViewLinkOpeningInANewTab()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 32_000_001);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "resolucion-vif.pdf", "application/pdf");
        await using var ctx = WebTestHost.NewContext(world.Db);

        var cut = await RenderTabAsync(ctx, await world.OperatorAsync(AttachmentWorld.Santiago), woman);

        var row = Assert.Single(cut.FindAll("[data-testid=anexo]"));
        Assert.Contains("resolucion-vif.pdf", row.TextContent);
        Assert.Contains("Anexo judicial", row.TextContent);
        Assert.Contains("Resolución ficticia", row.TextContent);
        var view = cut.Find("[data-testid=anexo-ver]");
        Assert.Equal($"/anexos/{id}", view.GetAttribute("href"));
        Assert.Equal("_blank", view.GetAttribute("target"));
        Assert.NotNull(cut.Find("[data-testid=nuevo-anexo]"));
    }

    [Fact]
    public async Task Upload_OfAnExecutableNamedPdf_ShowsTheSpanishMessage_AndListsNothing()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 32_000_002);
        await using var ctx = WebTestHost.NewContext(world.Db);
        var cut = await RenderTabAsync(ctx, await world.OperatorAsync(AttachmentWorld.Santiago), woman);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(SampleFiles.Exe(), "resolucion.pdf", contentType: "application/pdf"));
        cut.Find("[data-testid=subir-anexo]").Click();

        cut.WaitForAssertion(() => Assert.Equal("El contenido del archivo no es un PDF válido.", cut.Find("[data-testid=anexo-error]").TextContent.Trim()), Timeout);
        Assert.Empty(cut.FindAll("[data-testid=anexo]"));
    }

    [Fact]
    public async Task Upload_OfARealPdf_AppearsInTheList()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 32_000_003);
        await using var ctx = WebTestHost.NewContext(world.Db);
        var cut = await RenderTabAsync(ctx, await world.OperatorAsync(AttachmentWorld.Santiago), woman);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(SampleFiles.Pdf(), "consentimiento.pdf", contentType: "application/pdf"));
        cut.WaitForElement("[data-testid=anexo-elegido]", Timeout);
        cut.Find("[data-testid=subir-anexo]").Click();

        cut.WaitForAssertion(() => Assert.Contains("consentimiento.pdf", Assert.Single(cut.FindAll("[data-testid=anexo]")).TextContent), Timeout);
        Assert.NotNull(cut.Find("[data-testid=anexo-guardado]"));
    }

    [Fact]
    public async Task ReadingThroughAGrant_ShowsTheList_ButNoUploadForm()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Valparaiso, 32_000_004);
        await world.UploadAsync(AttachmentWorld.Valparaiso, woman, SampleFiles.Png(), "foto.png", "image/png");
        await world.GrantAllDetailsAsync(AttachmentWorld.Santiago, woman);
        await using var ctx = WebTestHost.NewContext(world.Db);

        var cut = await RenderTabAsync(ctx, await world.OperatorAsync(AttachmentWorld.Santiago), woman);

        Assert.Single(cut.FindAll("[data-testid=anexo]"));
        Assert.Empty(cut.FindAll("[data-testid=nuevo-anexo]"));
        Assert.Empty(cut.FindAll("input[type=file]"));
        Assert.NotNull(cut.Find("[data-testid=anexos-solo-lectura]"));
    }

    [Fact]
    public async Task Download_AsksForAReason_ThenPostsItInTheFormBody_NeverInAUrl()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 32_000_005);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "acta.pdf", "application/pdf");
        await using var ctx = WebTestHost.NewContext(world.Db);
        var cut = await RenderTabAsync(ctx, await world.OperatorAsync(AttachmentWorld.Santiago), woman);

        cut.Find("[data-testid=anexo-descargar]").Click();
        Assert.True(cut.WaitForElement("[data-testid=anexo-confirmar-descarga]", Timeout).HasAttribute("disabled"));
        cut.Find("#anexo-motivo").Input("Oficio del tribunal");

        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=anexo-confirmar-descarga]").HasAttribute("disabled")), Timeout);
        var form = cut.Find("[data-testid=anexo-descarga-form]");
        Assert.Equal(("post", $"/anexos/{id}/descarga", "_blank"), (form.GetAttribute("method"), form.GetAttribute("action"), form.GetAttribute("target")));
        Assert.Equal("Oficio del tribunal", form.QuerySelector("input[name=motivo]")!.GetAttribute("value"));
        Assert.DoesNotContain(cut.FindAll("a[href]"), a => a.GetAttribute("href")!.Contains("motivo"));
    }
}

[Trait("Area", "Access")]
public sealed class AttachmentEndpointTests
{
    private static async Task<(int Status, DefaultHttpContext Http, byte[] Body)> GetAsync(AttachmentWorld world, OperatorStanding op, Guid id,
        string? download = null, string? reason = null, string? fetchSite = "same-origin")
    {
        var use = download is null ? AttachmentUse.View : AttachmentUse.Download;
        var http = new DefaultHttpContext { RequestServices = world.Services, User = OperatorClaims.CreatePrincipal(op, "Cookies") };
        if (fetchSite is not null) http.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        var body = new MemoryStream();
        http.Response.Body = body;
        var result = await AttachmentEndpoints.ServeAsync(id, http, world.Services.GetRequiredService<AttachmentService>(), use, reason);
        await result.ExecuteAsync(http);
        return (http.Response.StatusCode, http, body.ToArray());
    }

    [Fact]
    public async Task View_ServesTheSniffedType_Inline_NotCached_NotSniffed_AndIsAudited()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_001);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "Resolución VIF.pdf", "application/pdf");

        var (status, http, body) = await GetAsync(world, await world.OperatorAsync(AttachmentWorld.Head), id);

        Assert.Equal(200, status);
        Assert.Equal(SampleFiles.Pdf(), body);
        var h = http.Response.Headers;
        Assert.Equal("application/pdf", http.Response.ContentType);
        Assert.StartsWith("inline;", h.ContentDisposition.ToString());
        Assert.Contains("filename*=UTF-8''Resoluci%C3%B3n%20VIF.pdf", h.ContentDisposition.ToString());
        Assert.Equal("nosniff", h.XContentTypeOptions.ToString());
        Assert.Equal("no-store", h.CacheControl.ToString());
        Assert.Single(await world.AuditAsync(AttachmentAuditActions.Viewed));
    }

    [Fact]
    public async Task View_OfAnImage_IsSandboxed()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_002);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Png(), "foto.png", "image/png");

        var (status, http, _) = await GetAsync(world, await world.OperatorAsync(AttachmentWorld.Santiago), id);

        Assert.Equal(200, status);
        Assert.Equal("image/png", http.Response.ContentType);
        Assert.StartsWith("sandbox;", http.Response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task Download_WithAReason_IsAnAttachment_AuditedWithTheReason()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_003);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "acta.pdf", "application/pdf");

        var (status, http, _) = await GetAsync(world, await world.OperatorAsync(AttachmentWorld.Santiago), id, "1", "Oficio del tribunal");

        Assert.Equal(200, status);
        Assert.StartsWith("attachment;", http.Response.Headers.ContentDisposition.ToString());
        Assert.Equal("Oficio del tribunal", Assert.Single(await world.AuditAsync(AttachmentAuditActions.Downloaded)).Reason);
    }

    [Fact]
    public async Task Download_WithoutAReason_IsRefused_InSpanish()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_004);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "acta.pdf", "application/pdf");

        var (status, _, body) = await GetAsync(world, await world.OperatorAsync(AttachmentWorld.Santiago), id, "1");

        Assert.Equal(400, status);
        Assert.StartsWith("Indique el motivo de la descarga", System.Text.Encoding.UTF8.GetString(body));
        Assert.Empty(await world.AuditAsync(AttachmentAuditActions.Downloaded));
    }

    [Fact]
    public async Task AnotherCentresAnnex_AndAGuessedId_AreTheSame404_BothAudited()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_005);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "acta.pdf", "application/pdf");
        var valparaiso = await world.OperatorAsync(AttachmentWorld.Valparaiso);

        var forbidden = await GetAsync(world, valparaiso, id);
        var missing = await GetAsync(world, valparaiso, Guid.NewGuid());

        Assert.Equal((404, 0), (forbidden.Status, forbidden.Body.Length));
        Assert.Equal((404, 0), (missing.Status, missing.Body.Length));
        Assert.Equal(2, (await world.AuditAsync("access.denied")).Count(a => a.OperatorId == valparaiso.Id));
    }

    [Fact]
    public async Task DownloadForm_WithoutItsAntiforgeryToken_IsRefused_WithoutOpeningTheFile()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_007);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "acta.pdf", "application/pdf");
        await using var web = new ServiceCollection().AddLogging().AddAntiforgery().BuildServiceProvider();
        var http = new DefaultHttpContext
        {
            RequestServices = web,
            User = OperatorClaims.CreatePrincipal(await world.OperatorAsync(AttachmentWorld.Santiago), "Cookies"),
        };
        http.Request.Method = "POST";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.Body = new MemoryStream("motivo=Oficio+del+tribunal"u8.ToArray());
        http.Response.Body = new MemoryStream();

        var result = await AttachmentEndpoints.DownloadAsync(id, http, world.Services.GetRequiredService<AttachmentService>(),
            web.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>());
        await result.ExecuteAsync(http);

        Assert.Equal(400, http.Response.StatusCode);
        Assert.Empty(await world.AuditAsync(AttachmentAuditActions.Downloaded));
    }

    [Fact]
    public async Task ARequestStartedByAnotherSite_IsRefused_WithoutOpeningTheFile()
    {
        await using var world = await AttachmentWorld.CreateAsync();
        var woman = await world.RegisterAsync(AttachmentWorld.Santiago, 33_000_006);
        var id = await world.UploadAsync(AttachmentWorld.Santiago, woman, SampleFiles.Pdf(), "acta.pdf", "application/pdf");

        var (status, _, _) = await GetAsync(world, await world.OperatorAsync(AttachmentWorld.Santiago), id, "1", "Motivo inventado", "cross-site");

        Assert.Equal(403, status);
        Assert.Empty(await world.AuditAsync(AttachmentAuditActions.Downloaded));
    }
}
