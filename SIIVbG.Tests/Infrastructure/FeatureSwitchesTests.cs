using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Features;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Referrals;
using SIIVbG.Domain.WaitingLists;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Access")]
public sealed class FeatureSwitchesTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private FeatureSwitches _switches = default!;
    private SignedInOperator _n2 = default!, _worker = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _switches = _services.GetRequiredService<FeatureSwitches>();
        _n2 = await _services.SignedInAsync(AccessLevel.N2);
        _worker = await _services.SignedInAsync(Run.FromNumber(10_666_777));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ModuleTurnedOff_IsRefusedByItsServices_InSpanish_AndWorksAgainWhenTurnedOn()
    {
        var registry = _services.GetRequiredService<SurvivorRegistry>();
        var woman = (await registry.RegisterAsync(_worker, new RegisterSurvivor(Run.FromNumber(53_000_001).ToString(), null, "Vera", "Demo Módulo", null))).SurvivorId;
        var @case = (await registry.OpenFileAsync(_worker, woman)).Trajectory.Single().Id;
        var referrals = _services.GetRequiredService<ReferralService>();
        var lists = _services.GetRequiredService<WaitingListService>();
        var send = new SendReferral(woman, @case, ReferralKind.External, null, "PDI", "Denuncia", ReferralUrgency.Normal,
            LegalService.Today(DateTimeOffset.UtcNow).AddDays(3), []);

        await _switches.SetAsync(_n2, Module.Referrals, false);
        await _switches.SetAsync(_n2, Module.WaitingLists, false);
        await _switches.SetAsync(_n2, Module.AccessRequests, false);

        var off = await Assert.ThrowsAsync<DomainException>(() => referrals.SendAsync(_worker, send));
        Assert.Equal("El módulo de derivaciones está desactivado por la administración del sistema.", off.Message);
        await Assert.ThrowsAsync<DomainException>(() => referrals.QueueAsync(_worker, new ReferralQueueFilter()));
        Assert.Empty(await referrals.ForSurvivorAsync(_worker, woman)); // her file keeps working
        await Assert.ThrowsAsync<DomainException>(() => lists.AddAsync(_worker, woman, WaitingStage.Intake, null));
        await Assert.ThrowsAsync<DomainException>(() => _services.GetRequiredService<AccessRequestService>()
            .SubmitAsync(_worker, woman, GrantScope.AllDetailsScope, "Justificación suficientemente larga (ficticia)"));
        Assert.All((await _switches.ListAsync(_n2)).Where(m => m.Module != Module.SgpImport), m => Assert.False(m.Enabled));

        await _switches.SetAsync(_n2, Module.Referrals, true);
        await referrals.SendAsync(_worker, send);
        Assert.Single(await referrals.ForSurvivorAsync(_worker, woman));
    }

    [Fact]
    public async Task OnlyAdministrators_TurnModules()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _switches.SetAsync(_worker, Module.Referrals, false));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _switches.ListAsync(_worker));
        Assert.True(await _switches.IsEnabledAsync(Module.Referrals));
    }
}
