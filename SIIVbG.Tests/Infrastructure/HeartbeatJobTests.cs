using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Infrastructure.Jobs;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Jobs")]
public sealed class HeartbeatJobTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);

    private static ServiceProvider NodeServices(TestDatabase db, string node, TimeProvider clock) =>
        db.CreateServices(s => s.AddSingleton(clock).AddTransient<HeartbeatJob>(),
            new Dictionary<string, string?> { ["Node:Name"] = node });

    private static async Task<List<(string Job, string Node, DateTimeOffset At)>> HeartbeatsAsync(IServiceProvider services)
    {
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return (await ctx.JobHeartbeats.AsNoTracking().OrderBy(h => h.Node).ToListAsync())
            .Select(h => (h.Job, h.Node, h.LastRunAt)).ToList();
    }

    [Fact]
    public async Task Run_KeepsOneRowPerNode_AndMovesItsLastRunForward()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clockA = new ManualClock(T0);
        await using var nodeA = NodeServices(db, "nodo-a", clockA);
        await using var nodeB = NodeServices(db, "nodo-b", new ManualClock(T0.AddSeconds(30)));

        await nodeA.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None);
        Assert.Equal([(HeartbeatJob.RecurringId, "nodo-a", T0)], await HeartbeatsAsync(nodeA));

        clockA.Now = T0.AddMinutes(1);
        await nodeA.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None);
        await nodeB.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None);

        Assert.Equal(
            [(HeartbeatJob.RecurringId, "nodo-a", T0.AddMinutes(1)), (HeartbeatJob.RecurringId, "nodo-b", T0.AddSeconds(30))],
            await HeartbeatsAsync(nodeA));
        await using var ctx = await nodeA.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        Assert.Equal(T0.AddMinutes(1), await HeartbeatJob.LastRunAsync(ctx, CancellationToken.None));
    }

    [Fact]
    public async Task LastRun_IsNull_BeforeAnyHeartbeat()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();

        Assert.Null(await HeartbeatJob.LastRunAsync(ctx, CancellationToken.None));
    }
}
