using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class CaseServiceTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private CaseService _cases = default!;
    private SurvivorRegistry _registry = default!;
    private SignedInOperator _caseworker = default!, _other = default!;
    private Guid _survivor, _case;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _cases = _services.GetRequiredService<CaseService>();
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        var directory = _services.GetRequiredService<OperatorDirectory>();
        _caseworker = (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == 10_666_777).Run)).Operator!.ToSignedIn();
        _other = (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == 10_777_888).Run)).Operator!.ToSignedIn();
        _survivor = (await _registry.RegisterAsync(_caseworker, new RegisterSurvivor(Run.FromNumber(44_000_001).ToString(), null, "Ana", "Demo Caso", null))).SurvivorId;
        _case = (await _registry.OpenFileAsync(_caseworker, _survivor)).Trajectory.Single().Id;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<uint> VersionAsync() => (await _cases.VersionsAsync(_survivor))[_case];

    [Fact]
    public async Task Move_FollowsTheLifeCycle_AndTheFileShowsTheNewState()
    {
        await _cases.MoveAsync(_caseworker, new CaseTransition(_case, await VersionAsync(), CaseStep.Admit, null));
        await _cases.MoveAsync(_caseworker, new CaseTransition(_case, await VersionAsync(), CaseStep.StartIntervention, null));

        Assert.Equal(CaseState.Intervention, (await _registry.OpenFileAsync(_caseworker, _survivor)).Trajectory.Single().State);
    }

    [Fact]
    public async Task Move_ThatTheLifeCycleForbids_IsRefusedInSpanish()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _cases.MoveAsync(_caseworker, new CaseTransition(_case, 0, CaseStep.Discharge, null)).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("No es posible pasar el caso de Orientación a Egreso.", ex.Message);
    }

    [Fact]
    public async Task Move_FromAStaleVersion_IsRefused_AndTheFirstMoveStands()
    {
        var version = await VersionAsync();
        await _cases.MoveAsync(_caseworker, new CaseTransition(_case, version, CaseStep.Admit, null));

        await Assert.ThrowsAsync<ConcurrentEditException>(() => _cases.MoveAsync(_caseworker, new CaseTransition(_case, version, CaseStep.StartIntervention, null)));
        Assert.Equal(CaseState.Intake, (await _registry.OpenFileAsync(_caseworker, _survivor)).Trajectory.Single().State);
    }

    [Fact]
    public async Task Move_ByAnotherCentre_IsDenied()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _cases.MoveAsync(_other, new CaseTransition(_case, 0, CaseStep.Admit, null)));
    }

    [Fact]
    public async Task RecordRisk_BecomesTheLatestRiskOfTheFile()
    {
        await _cases.RecordRiskAsync(_caseworker, _case, await VersionAsync(), RiskLevel.Vital);
        Assert.Equal(RiskLevel.Vital, (await _registry.OpenFileAsync(_caseworker, _survivor)).LatestRisk);
    }

    [Fact]
    public async Task ServiceOutsideTheGuidelines_IsRecordedOnHerCase_ReadByHerCentre_AndRefusedToAnotherCentre()
    {
        var today = LegalService.Today(DateTimeOffset.UtcNow);
        await _cases.RecordServiceGivenAsync(_caseworker, new RecordServiceGiven(_case, await VersionAsync(),
            "Patrocinio en causa prescrita", InGuidelines: false, today));

        var row = Assert.Single(await _cases.ServicesGivenAsync(_caseworker, _survivor));
        Assert.Equal("Patrocinio en causa prescrita", row.Description);
        Assert.False(row.InGuidelines);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _cases.RecordServiceGivenAsync(_other,
            new RecordServiceGiven(_case, 0, "x", true, today)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _cases.ServicesGivenAsync(_other, _survivor));
        var future = await Assert.ThrowsAsync<SIIVbG.Domain.Common.DomainException>(() => _cases.RecordServiceGivenAsync(_caseworker,
            new RecordServiceGiven(_case, 0, "Taller", true, today.AddDays(2))));
        Assert.Equal("La prestación no puede tener fecha futura.", future.Message);
        Assert.Single(await _cases.ServicesGivenAsync(_caseworker, _survivor));
    }
}
