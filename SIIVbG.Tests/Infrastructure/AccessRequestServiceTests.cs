using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Access")]
public sealed class AccessRequestServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 15, 0, 0, TimeSpan.Zero);
    private const string Why = "Coordinar la medida de protección vigente con el centro de Valparaíso";

    private readonly ManualClock _clock = new(T0);
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private AccessRequestService _requests = default!;
    private SignedInOperator _santiago = default!, _santiagoHead = default!, _valparaiso = default!, _valparaisoHead = default!, _n1 = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(s => s.AddSingleton<TimeProvider>(_clock));
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        _requests = _services.GetRequiredService<AccessRequestService>();
        _santiago = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        _santiagoHead = await _services.SignedInAsync(Run.FromNumber(10_555_666));
        _valparaiso = await _services.SignedInAsync(Run.FromNumber(10_777_888));
        _valparaisoHead = await _services.SignedInAsync(Run.FromNumber(11_222_333));
        _n1 = await _services.SignedInAsync(AccessLevel.N1);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A woman with a case in Santiago and one in Valparaíso; Valparaíso recorded an episode Santiago cannot read.</summary>
    private async Task<Guid> WomanAtBothCentresAsync(int run)
    {
        var woman = (await _registry.RegisterAsync(_santiago, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Olga", "Demo Autorización", null))).SurvivorId;
        await _services.GetRequiredService<ConsentService>().RecordAsync(_santiago, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null,
            ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.ShareWithSernamEgCentres, null));
        await _registry.OpenCaseAtMyCentreAsync(_valparaiso, Run.FromNumber(run).ToString());
        await _registry.RecordEpisodeAsync(_valparaiso, woman, new RecordEpisode(new DateOnly(2026, 8, 20), null, null, "05101",
            ViolenceTypes.Physical, AggressorRelation.ExPartner, "Relato registrado en Valparaíso (ficticio)", RiskLevel.High));
        return woman;
    }

    [Fact]
    public async Task Approval_ByHerCentresHead_OpensTheOtherCentresDetails_ForTheGrantWindow_AndTellsTheHoldingCentre()
    {
        var woman = await WomanAtBothCentresAsync(50_000_001);
        Assert.Equal(1, (await _registry.OpenFileAsync(_santiago, woman)).HiddenEpisodes);

        var id = await _requests.SubmitAsync(_santiago, woman, GrantScope.AllDetailsScope, Why);
        var pending = Assert.Single(await _requests.PendingAsync(_santiagoHead));
        Assert.Equal("Francisca Demo Interventora", pending.RequesterName);
        Assert.Empty(await _requests.PendingAsync(_valparaisoHead)); // not her approver
        await Assert.ThrowsAsync<AccessDeniedException>(() => _requests.ApproveAsync(_valparaisoHead, id, pending.Version));

        await _requests.ApproveAsync(_santiagoHead, id, pending.Version);

        var file = await _registry.OpenFileAsync(_santiago, woman);
        Assert.Equal(0, file.HiddenEpisodes);
        Assert.Contains(file.Episodes, e => e.Observations == "Relato registrado en Valparaíso (ficticio)");
        Assert.Equal(T0.AddHours(24), await _requests.ActiveGrantEndsAsync(_santiago, woman));
        var told = await _services.GetRequiredService<ReferralService>().QueueAsync(_valparaisoHead, new ReferralQueueFilter());
        Assert.Contains(told.Alerts, a => a.Kind == SIIVbG.Domain.Alerts.AlertKind.AccessGranted && a.Summary.StartsWith("Francisca Demo Interventora"));

        _clock.Now = T0.AddHours(24); // the window closes by itself
        Assert.Equal(1, (await _registry.OpenFileAsync(_santiago, woman)).HiddenEpisodes);
        Assert.Null(await _requests.ActiveGrantEndsAsync(_santiago, woman));
        Assert.False((await _requests.MyLatestAsync(_santiago, woman))!.GrantActive);
    }

    [Fact]
    public async Task Revocation_ClosesTheGrantAtOnce()
    {
        var woman = await WomanAtBothCentresAsync(50_000_002);
        var id = await _requests.SubmitAsync(_santiago, woman, GrantScope.AllDetailsScope, Why);
        var grant = await _requests.ApproveAsync(_santiagoHead, id, Assert.Single(await _requests.PendingAsync(_santiagoHead)).Version);
        Assert.Equal(0, (await _registry.OpenFileAsync(_santiago, woman)).HiddenEpisodes);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _requests.RevokeAsync(_valparaisoHead, grant));
        await _requests.RevokeAsync(_santiagoHead, grant);

        Assert.Equal(1, (await _registry.OpenFileAsync(_santiago, woman)).HiddenEpisodes);
    }

    [Fact]
    public async Task Rejection_NeedsAReason_LeavesTheDetailsHidden_AndIsAudited()
    {
        var woman = await WomanAtBothCentresAsync(50_000_003);
        var id = await _requests.SubmitAsync(_santiago, woman, GrantScope.Only(SurvivorTab.Episodes), Why);
        var v = Assert.Single(await _requests.PendingAsync(_santiagoHead)).Version;
        await Assert.ThrowsAsync<DomainException>(() => _requests.RejectAsync(_santiagoHead, id, v, ""));
        await _requests.RejectAsync(_santiagoHead, id, v, "La coordinación puede hacerse por derivación");

        var mine = await _requests.MyLatestAsync(_santiago, woman);
        Assert.Equal((AccessRequestState.Rejected, "La coordinación puede hacerse por derivación"), (mine!.State, mine.DecisionReason));
        Assert.Equal(1, (await _registry.OpenFileAsync(_santiago, woman)).HiddenEpisodes);
        var actions = (await _services.AuditRowsAsync()).Select(a => a.Action).ToList();
        Assert.Contains(AccessRequestAuditActions.Submitted, actions);
        Assert.Contains(AccessRequestAuditActions.Rejected, actions);
        await Assert.ThrowsAsync<ConcurrentEditException>(() => _requests.ApproveAsync(_santiagoHead, id, v));
    }

    [Fact]
    public async Task Submit_IsRefused_WithoutARelationToHer_AndTwicePending()
    {
        var woman = await WomanAtBothCentresAsync(50_000_004);
        var stranger = (await _registry.RegisterAsync(_valparaiso, new RegisterSurvivor(Run.FromNumber(50_000_005).ToString(), null, "Paula", "Demo Ajena", null))).SurvivorId;

        await Assert.ThrowsAsync<AccessDeniedException>(() => _requests.SubmitAsync(_santiago, stranger, GrantScope.AllDetailsScope, Why));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _requests.SubmitAsync(_n1, woman, GrantScope.AllDetailsScope, Why)); // no vital risk
        await _requests.SubmitAsync(_santiago, woman, GrantScope.AllDetailsScope, Why);
        var twice = await Assert.ThrowsAsync<DomainException>(() => _requests.SubmitAsync(_santiago, woman, GrantScope.AllDetailsScope, Why));
        Assert.Equal("Ya tiene una solicitud pendiente para esta sobreviviente.", twice.Message);
    }
}
