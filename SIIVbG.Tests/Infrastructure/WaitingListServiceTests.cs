using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.WaitingLists;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Referrals")]
public sealed class WaitingListServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 14, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(T0);
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private WaitingListService _lists = default!;
    private SignedInOperator _worker = default!, _head = default!, _otherCentre = default!, _n3 = default!, _n4 = default!, _n1 = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(s => s.AddSingleton<TimeProvider>(_clock));
        _lists = _services.GetRequiredService<WaitingListService>();
        _worker = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        _head = await _services.SignedInAsync(Run.FromNumber(10_555_666));
        _otherCentre = await _services.SignedInAsync(Run.FromNumber(11_222_333));
        _n3 = await _services.SignedInAsync(AccessLevel.N3);
        _n4 = await _services.SignedInAsync(AccessLevel.N4);
        _n1 = await _services.SignedInAsync(AccessLevel.N1);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<Guid> WomanAsync(int run, string name, RiskLevel? risk)
    {
        var registry = _services.GetRequiredService<SurvivorRegistry>();
        var id = (await registry.RegisterAsync(_worker, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, name, "Demo Espera", null))).SurvivorId;
        if (risk is { } level)
        {
            var cases = _services.GetRequiredService<CaseService>();
            var caseId = (await registry.OpenFileAsync(_worker, id)).Trajectory.Single().Id;
            await cases.RecordRiskAsync(_worker, caseId, (await cases.VersionsAsync(id))[caseId], level);
        }
        return id;
    }

    [Fact]
    public async Task CentreList_OrdersByRiskThenWaitingTime_BesideThePlacesTheHeadConfigured()
    {
        var early = await WomanAsync(49_000_001, "Ana", RiskLevel.Medium);
        await _lists.AddAsync(_worker, early, WaitingStage.Intake, "Llamar en la tarde");
        _clock.Now = T0.AddDays(5);
        var vital = await WomanAsync(49_000_002, "Berta", RiskLevel.Vital);
        await _lists.AddAsync(_worker, vital, WaitingStage.Intake, null);
        var unknown = await WomanAsync(49_000_003, "Carla", null);
        await _lists.AddAsync(_worker, unknown, WaitingStage.Intake, null);
        await _lists.SetCapacityAsync(_head, WaitingStage.Intake, 12);

        var list = await _lists.CentreListAsync(_worker);

        Assert.Equal([vital, early, unknown], list.Waiting.Select(w => w.SurvivorId));
        Assert.Equal(5, list.Waiting.Single(w => w.SurvivorId == early).DaysWaiting);
        Assert.Equal(new StageCapacity(WaitingStage.Intake, 12, 3), list.Capacity.Single(c => c.Stage == WaitingStage.Intake));
        Assert.False(list.CanConfigureCapacity);
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == WaitingListAuditActions.Read);
    }

    [Fact]
    public async Task Add_Twice_ForTheSameStage_IsRefusedInSpanish_AndAnOutcomeEndsTheWait()
    {
        var woman = await WomanAsync(49_000_010, "Dora", RiskLevel.High);
        var id = await _lists.AddAsync(_worker, woman, WaitingStage.Shelter, null);
        var ex = await Assert.ThrowsAsync<DomainException>(() => _lists.AddAsync(_head, woman, WaitingStage.Shelter, null));
        Assert.Equal("Ya está en la lista de espera de esta etapa en su centro.", ex.Message);

        var row = Assert.Single((await _lists.CentreListAsync(_head)).Waiting);
        await Assert.ThrowsAsync<DomainException>(() => _lists.RecordOutcomeAsync(_worker, id, row.Version, WaitingOutcome.DroppedOut, null));
        await _lists.RecordOutcomeAsync(_worker, id, row.Version, WaitingOutcome.DroppedOut, "No volvió a contestar");
        Assert.Empty((await _lists.CentreListAsync(_head)).Waiting);
        await Assert.ThrowsAsync<ConcurrentEditException>(() => _lists.RecordOutcomeAsync(_head, id, row.Version, WaitingOutcome.Admitted, null));

        // Waiting again later is a new entry.
        await _lists.AddAsync(_worker, woman, WaitingStage.Shelter, "Volvió a pedir cupo");
        Assert.Single((await _lists.CentreListAsync(_head)).Waiting);
    }

    [Fact]
    public async Task OtherCentresAndOversightLevels_CannotTouchACentresList()
    {
        var woman = await WomanAsync(49_000_020, "Elsa", null);
        var id = await _lists.AddAsync(_worker, woman, WaitingStage.Intake, null);
        var version = (await _lists.CentreListAsync(_worker)).Waiting.Single().Version;

        await Assert.ThrowsAsync<AccessDeniedException>(() => _lists.AddAsync(_otherCentre, woman, WaitingStage.Intake, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _lists.RecordOutcomeAsync(_otherCentre, id, version, WaitingOutcome.Admitted, null));
        Assert.Empty((await _lists.CentreListAsync(_otherCentre)).Waiting);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _lists.CentreListAsync(_n3));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _lists.SetCapacityAsync(_worker, WaitingStage.Intake, 3)); // heads only
        await Assert.ThrowsAsync<AccessDeniedException>(() => _lists.TerritoryAsync(_n1));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _lists.TerritoryAsync(_worker));
    }

    [Fact]
    public async Task Territory_ShowsCountsPerCentreAndStage_ForTheRegionOrEntity_WithoutNames()
    {
        var vital = await WomanAsync(49_000_030, "Flor", RiskLevel.Vital);
        var low = await WomanAsync(49_000_031, "Gina", RiskLevel.Low);
        await _lists.AddAsync(_worker, vital, WaitingStage.Intake, null);
        _clock.Now = T0.AddDays(9);
        await _lists.AddAsync(_worker, low, WaitingStage.Intake, null);
        await _lists.SetCapacityAsync(_head, WaitingStage.Intake, 4);

        foreach (var officer in new[] { _n3, _n4 })
        {
            var row = Assert.Single(await _lists.TerritoryAsync(officer));
            Assert.Equal(new TerritoryWaitingRow("CDM-13101-D", "Centro de la Mujer Santiago Centro (demo)", "13", WaitingStage.Intake, 4, 2, 1, 9), row);
        }
    }
}
