using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Notices;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Notices;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Notices;

namespace SIIVbG.Tests.Web;

/// <summary>A notice posted or withdrawn through any web node reaches every open banner without a reload.</summary>
[Trait("Area", "Live")]
public sealed class NoticeBannerTests
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Banner_ShowsEveryActiveNotice()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var otherNode = db.CreateServices();
        var admin = await AdminAsync(otherNode);
        var notices = otherNode.GetRequiredService<NoticeService>();
        await notices.PostAsync(admin, "Mantención programada el sábado de 22:00 a 23:00.", NoticeSeverity.Warning);
        await notices.PostAsync(admin, "Nueva versión del panel de casos disponible.", NoticeSeverity.Info);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<NoticeBanner>();

        cut.WaitForAssertion(() => Assert.Equal(
            ["Mantención programada el sábado de 22:00 a 23:00.", "Nueva versión del panel de casos disponible."],
            Texts(cut).Order()), LiveTimeout);
    }

    [Fact]
    public async Task Banner_ShowsANoticePostedOnAnotherNode_WithoutReload()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var otherNode = db.CreateServices();
        var admin = await AdminAsync(otherNode);
        var notices = otherNode.GetRequiredService<NoticeService>();
        await notices.PostAsync(admin, "Aviso uno.", NoticeSeverity.Info);
        await notices.PostAsync(admin, "Aviso dos.", NoticeSeverity.Info);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.RenderAsInteractiveServer();
        var feed = await ctx.StartChangeFeedAsync();
        try
        {
            var cut = ctx.Render<NoticeBanner>();
            cut.WaitForAssertion(() => Assert.Equal(2, Texts(cut).Length), LiveTimeout);

            await notices.PostAsync(admin, "Aviso tres, desde otro nodo.", NoticeSeverity.Warning);

            cut.WaitForAssertion(() => Assert.Equal(["Aviso dos.", "Aviso tres, desde otro nodo.", "Aviso uno."], Texts(cut).Order()),
                LiveTimeout);
        }
        finally { await feed.StopAsync(CancellationToken.None); }
    }

    [Fact]
    public async Task Banner_DropsANoticeWithdrawnOnAnotherNode_WithoutReload()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var otherNode = db.CreateServices();
        var admin = await AdminAsync(otherNode);
        var notices = otherNode.GetRequiredService<NoticeService>();
        var kept = await notices.PostAsync(admin, "Aviso que sigue vigente.", NoticeSeverity.Info);
        var withdrawn = await notices.PostAsync(admin, "Aviso que se retira.", NoticeSeverity.Warning);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.RenderAsInteractiveServer();
        var feed = await ctx.StartChangeFeedAsync();
        try
        {
            var cut = ctx.Render<NoticeBanner>();
            cut.WaitForAssertion(() => Assert.Equal(2, Texts(cut).Length), LiveTimeout);

            await notices.WithdrawAsync(admin, withdrawn);

            cut.WaitForAssertion(() =>
            {
                var only = Assert.Single(cut.FindAll("[data-testid=aviso]"));
                Assert.Equal(kept.ToString(), only.GetAttribute("data-notice-id"));
                Assert.Equal("Aviso que sigue vigente.", only.TextContent.Trim());
            }, LiveTimeout);
        }
        finally { await feed.StopAsync(CancellationToken.None); }
    }

    [Fact]
    public async Task Banner_DoesNotSubscribe_WhenPrerendered()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        var feed = ctx.Services.GetRequiredService<ChangeFeed>();

        ctx.Render<NoticeBanner>();

        // A prerender has no circuit to push to: a subscription here would leak one per page load.
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task Banner_Unsubscribes_WhenDisposed()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.RenderAsInteractiveServer();
        var feed = ctx.Services.GetRequiredService<ChangeFeed>();
        var cut = ctx.Render<NoticeBanner>();
        cut.WaitForAssertion(() => Assert.Equal(1, feed.SubscriberCount), LiveTimeout);

        await ctx.DisposeComponentsAsync();

        Assert.Equal(0, feed.SubscriberCount);
    }

    private static async Task<SignedInOperator> AdminAsync(IServiceProvider node) =>
        (await WebTestHost.DemoOperatorAsync(node, AccessLevel.N2)).ToSignedIn();

    private static string[] Texts(IRenderedComponent<NoticeBanner> cut) =>
        cut.FindAll("[data-testid=aviso]").Select(e => e.TextContent.Trim()).ToArray();
}
