using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Notices;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Notices;
using SIIVbG.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Live")]
public sealed class ChangeFeedTests
{
    /// <summary>Long enough for a notification already sent to be dispatched; used only to assert that nothing more came.</summary>
    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>One web node's change feed, started and listening.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        public ChangeFeed Feed { get; }

        private Node(ServiceProvider services, ChangeFeed feed) { _services = services; Feed = feed; }

        public static async Task<Node> StartAsync(TestDatabase db)
        {
            var services = db.CreateServices(s => s.AddSingleton<ChangeFeed>());
            var feed = services.GetRequiredService<ChangeFeed>();
            await feed.StartAsync(CancellationToken.None);
            await feed.Listening.WaitAsync(InfrastructureTestKit.EventTimeout);
            return new Node(services, feed);
        }

        public async ValueTask DisposeAsync()
        {
            await Feed.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }
    }

    /// <summary>What one subscriber (one circuit) received, in arrival order.</summary>
    private sealed class Inbox
    {
        private readonly Channel<ChangeEvent> _events = Channel.CreateUnbounded<ChangeEvent>();

        public Task Handle(ChangeEvent e) => _events.Writer.WriteAsync(e).AsTask();

        public async Task<ChangeEvent> NextAsync()
        {
            using var cts = new CancellationTokenSource(InfrastructureTestKit.EventTimeout);
            try { return await _events.Reader.ReadAsync(cts.Token); }
            catch (OperationCanceledException) { throw new Xunit.Sdk.XunitException($"No change event within {InfrastructureTestKit.EventTimeout}."); }
        }

        public async Task<ChangeEvent> NextMatchingAsync(Func<ChangeEvent, bool> match)
        {
            while (true)
            {
                var e = await NextAsync();
                if (match(e)) return e;
            }
        }

        public async Task AssertNothingMoreAsync()
        {
            await Task.Delay(QuietWindow);
            Assert.False(_events.Reader.TryRead(out var extra), $"Unexpected change event: {extra}");
        }
    }

    private static bool IsNotice(ChangeEvent e) => e.Kind == ChangeKinds.SystemNotice;

    private static async Task PublishAsync(IServiceProvider services, ChangeEvent change, bool commit)
    {
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        await using var tx = await ctx.Database.BeginTransactionAsync();
        await ChangePublisher.PublishAsync(ctx, change);
        if (commit) await tx.CommitAsync();
        else await tx.RollbackAsync();
    }

    [Fact]
    public async Task NoticePostedOnAnotherNode_ReachesTheSubscriber_ByIdOnly()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var node = await Node.StartAsync(db);
        var inbox = new Inbox();
        using var _ = node.Feed.Subscribe(IsNotice, inbox.Handle);

        await using var otherNode = db.CreateServices();
        var id = await otherNode.GetRequiredService<NoticeService>()
            .PostAsync(await otherNode.SignedInAsync(AccessLevel.N2), "Mantención programada", NoticeSeverity.Info);

        Assert.Equal(new ChangeEvent(ChangeKinds.SystemNotice, id), await inbox.NextAsync());
    }

    [Fact]
    public async Task RolledBackChange_IsNeverDelivered()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var node = await Node.StartAsync(db);
        var inbox = new Inbox();
        using var _ = node.Feed.Subscribe(_ => true, inbox.Handle);
        await using var otherNode = db.CreateServices();
        var rolledBack = new ChangeEvent(ChangeKinds.SystemNotice, Guid.NewGuid());
        var committed = new ChangeEvent(ChangeKinds.SystemNotice, Guid.NewGuid());

        await PublishAsync(otherNode, rolledBack, commit: false);
        await PublishAsync(otherNode, committed, commit: true);

        Assert.Equal(committed, await inbox.NextAsync());
        await inbox.AssertNothingMoreAsync();
    }

    [Fact]
    public async Task Subscriber_ReceivesOnlyTheKindsItsFilterAccepts()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var node = await Node.StartAsync(db);
        var operatorsOnly = new Inbox();
        var everything = new Inbox();
        using var a = node.Feed.Subscribe(e => e.Kind == ChangeKinds.Operator, operatorsOnly.Handle);
        using var b = node.Feed.Subscribe(_ => true, everything.Handle);
        await using var otherNode = db.CreateServices();
        var notice = new ChangeEvent(ChangeKinds.SystemNotice, Guid.NewGuid());
        var operatorChange = new ChangeEvent(ChangeKinds.Operator, Guid.NewGuid(), Centre: "CDM-13101-D", Region: "13");

        await PublishAsync(otherNode, notice, commit: true);
        await PublishAsync(otherNode, operatorChange, commit: true);

        Assert.Equal(operatorChange, await operatorsOnly.NextAsync());
        Assert.Equal(new[] { notice, operatorChange }.ToHashSet(), new[] { await everything.NextAsync(), await everything.NextAsync() }.ToHashSet());
        await operatorsOnly.AssertNothingMoreAsync();
    }

    [Fact]
    public async Task Feed_ReconnectsAfterItsConnectionIsKilled_SendsResync_AndKeepsDelivering()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var node = await Node.StartAsync(db);
        var inbox = new Inbox();
        using var _ = node.Feed.Subscribe(IsNotice, inbox.Handle);
        await using var otherNode = db.CreateServices();

        await using (var owner = await db.OpenOwnerConnectionAsync())
            Assert.Equal(1L, await owner.ScalarAsync<long>("""
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE application_name = 'siivbg-change-feed' AND datname = current_database()
                """));

        // The resync passes every filter: a notice-only subscriber must still hear it.
        Assert.True((await inbox.NextAsync()).IsResync);
        var id = await otherNode.GetRequiredService<NoticeService>()
            .PostAsync(await otherNode.SignedInAsync(AccessLevel.N2), "Tras la reconexión", NoticeSeverity.Info);
        Assert.Equal(new ChangeEvent(ChangeKinds.SystemNotice, id), await inbox.NextAsync());

        await using var check = await db.OpenOwnerConnectionAsync();
        Assert.Equal(1L, await check.ScalarAsync<long>("""
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = 'siivbg-change-feed' AND datname = current_database()
            """));
    }

    [Fact]
    public async Task DisposedSubscription_ReceivesNothingMore()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var node = await Node.StartAsync(db);
        var leaving = new Inbox();
        var staying = new Inbox();
        var subscription = node.Feed.Subscribe(_ => true, leaving.Handle);
        using var stays = node.Feed.Subscribe(_ => true, staying.Handle);
        await using var otherNode = db.CreateServices();
        var first = new ChangeEvent(ChangeKinds.SystemNotice, Guid.NewGuid());
        await PublishAsync(otherNode, first, commit: true);
        Assert.Equal(first, await leaving.NextAsync());
        Assert.Equal(first, await staying.NextAsync());

        subscription.Dispose();
        subscription.Dispose();
        var second = new ChangeEvent(ChangeKinds.SystemNotice, Guid.NewGuid());
        await PublishAsync(otherNode, second, commit: true);

        Assert.Equal(second, await staying.NextAsync());
        Assert.Equal(1, node.Feed.SubscriberCount);
        await leaving.AssertNothingMoreAsync();
    }

    [Fact]
    public async Task Publish_RefusesToRunOutsideATransaction()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ChangePublisher.PublishAsync(ctx, new ChangeEvent(ChangeKinds.SystemNotice, Guid.NewGuid())));
    }
}
