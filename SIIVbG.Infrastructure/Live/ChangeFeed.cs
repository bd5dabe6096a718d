using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Live;

/// <summary>
/// What changed, by ids only (DESIGN §5.2): receivers re-query through their service, so no personal data travels on
/// the notification channel. <see cref="Kind"/> "resync" means "the feed reconnected; re-query everything".
/// </summary>
public sealed record ChangeEvent(string Kind, Guid? Id = null, string? Centre = null, string? Region = null, Guid? Survivor = null)
{
    public const string Resync = "resync";
    public bool IsResync => Kind == Resync;
}

public static class ChangeKinds
{
    public const string SystemNotice = "system-notice";
    public const string Operator = "operator";
    public const string Survivor = "survivor";
    /// <summary>An SGP import started, progressed or ended (id: the run).</summary>
    public const string SgpImport = "sgp-import";
    /// <summary>A referral was sent or moved, or an alert about one changed (id: the referral; centre and region: one side).</summary>
    public const string Referral = "referral";
    /// <summary>A centre's waiting list or its places changed (centre: that centre).</summary>
    public const string WaitingList = "waiting-list";
    /// <summary>An access request was submitted or decided (centre/region: the requester's).</summary>
    public const string AccessRequest = "access-request";
    /// <summary>An administrator turned a module on or off.</summary>
    public const string FeatureSwitch = "feature-switch";
}

/// <summary>Queues a change notification inside the caller's transaction: it is delivered only if the change commits.</summary>
public static class ChangePublisher
{
    public const string Channel = "siivbg_changes";

    public static async Task PublishAsync(SiivbgDbContext db, ChangeEvent change, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Change notifications must be queued inside the change's transaction.");
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var cmd = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", conn,
            (NpgsqlTransaction)db.Database.CurrentTransaction.GetDbTransaction());
        cmd.Parameters.AddWithValue("channel", Channel);
        cmd.Parameters.AddWithValue("payload", JsonSerializer.Serialize(change, ChangeFeed.Json));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// One per web node: LISTENs on a dedicated connection, reconnects with back-off after any failure, and fans each
/// event out to the subscribed circuits. After a reconnect it sends a resync event, since notifications sent while
/// disconnected are lost.
/// </summary>
public sealed class ChangeFeed(IConfiguration configuration, ILogger<ChangeFeed> logger) : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<Guid, Subscription> _subscriptions = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int SubscriberCount => _subscriptions.Count;

    private long _generation;
    private volatile bool _connected;

    /// <summary>
    /// Grows before every event is fanned out and whenever the connection drops: whatever a node computed at an earlier
    /// generation may be stale. Shared read models (the referral queue) key their snapshots by it.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>True while LISTEN is in place: only then does <see cref="Generation"/> follow every committed change.</summary>
    public bool IsLive => _connected;

    /// <summary>Completes once the first LISTEN is in place (tests and the benchmark wait for it).</summary>
    public Task Listening => _listening.Task;

    public IDisposable Subscribe(Func<ChangeEvent, bool> filter, Func<ChangeEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        _subscriptions[id] = new Subscription(filter, handler);
        return new Unsubscriber(() => _subscriptions.TryRemove(id, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetSiivbgConnectionString())
        {
            KeepAlive = 15,
            Pooling = false,
            ApplicationName = "siivbg-change-feed",
        }.ConnectionString;
        var delay = TimeSpan.FromMilliseconds(250);
        var firstConnection = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connectionString);
                conn.Notification += OnNotification;
                await conn.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangePublisher.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                delay = TimeSpan.FromMilliseconds(250);
                Interlocked.Increment(ref _generation);
                _connected = true;
                _listening.TrySetResult();
                if (!firstConnection)
                {
                    logger.LogInformation("Change feed reconnected; asking subscribers to re-query");
                    Dispatch(new ChangeEvent(ChangeEvent.Resync));
                }
                firstConnection = false;
                while (!stoppingToken.IsCancellationRequested)
                    await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _connected = false;
                return;
            }
            catch (Exception ex)
            {
                _connected = false;
                Interlocked.Increment(ref _generation);
                logger.LogWarning(ex, "Change feed connection lost; reconnecting in {Delay}", delay);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        ChangeEvent? change;
        try { change = JsonSerializer.Deserialize<ChangeEvent>(e.Payload, Json); }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignoring malformed change notification");
            return;
        }
        if (change is not null) Dispatch(change);
    }

    /// <summary>Delivers to every matching subscriber without letting one slow or failing circuit hold up the others.</summary>
    internal void Dispatch(ChangeEvent change)
    {
        Interlocked.Increment(ref _generation);
        foreach (var s in _subscriptions.Values)
        {
            if (!change.IsResync && !s.Filter(change)) continue;
            _ = Task.Run(async () =>
            {
                try { await s.Handler(change); }
                catch (Exception ex) { logger.LogWarning(ex, "A change subscriber failed on {Kind}", change.Kind); }
            });
        }
    }

    private sealed record Subscription(Func<ChangeEvent, bool> Filter, Func<ChangeEvent, Task> Handler);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}
