using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Referrals;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Referrals")]
public sealed class ReferralServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 6, 1);
    private const string Santiago = "CDM-13101-D";
    private const string Valparaiso = "CDM-05101-D";

    private readonly ManualClock _clock = new(T0);
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private ReferralService _referrals = default!;
    private SignedInOperator _sender = default!, _senderHead = default!, _receiver = default!, _receiverHead = default!;
    private SignedInOperator _n3Rm = default!, _n4Rm = default!, _n1 = default!, _n2 = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(s => { s.AddSingleton<TimeProvider>(_clock); s.AddSingleton<ChangeFeed>(); });
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        _referrals = _services.GetRequiredService<ReferralService>();
        _sender = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        _senderHead = await _services.SignedInAsync(Run.FromNumber(10_555_666));
        _receiver = await _services.SignedInAsync(Run.FromNumber(10_777_888));
        _receiverHead = await _services.SignedInAsync(Run.FromNumber(11_222_333));
        _n1 = await _services.SignedInAsync(AccessLevel.N1);
        _n2 = await _services.SignedInAsync(AccessLevel.N2);
        _n3Rm = await _services.SignedInAsync(AccessLevel.N3);
        _n4Rm = await _services.SignedInAsync(AccessLevel.N4);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<(Guid Survivor, Guid Case)> WomanAsync(int run, ConsentScope scopes, RiskLevel? risk = null)
    {
        var r = await _registry.RegisterAsync(_sender, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Rosa Ficticia", "Demo Derivada",
            new DateOnly(1990, 4, 2)));
        var file = await _registry.OpenFileAsync(_sender, r.SurvivorId);
        var caseId = file.Trajectory.Single(c => c.IsOwnCentre).Id;
        await _services.GetRequiredService<ConsentService>().RecordAsync(_sender, r.SurvivorId, new RecordConsent(true, ConsentGiver.Survivor,
            null, null, ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, scopes, null));
        if (risk is { } level)
        {
            var cases = _services.GetRequiredService<CaseService>();
            await cases.RecordRiskAsync(_sender, caseId, (await cases.VersionsAsync(r.SurvivorId))[caseId], level);
        }
        return (r.SurvivorId, caseId);
    }

    private Task<Guid> ReferAsync(Guid woman, Guid @case, PackageField[]? fields = null, int dueInDays = 3) =>
        _referrals.SendAsync(_sender, new SendReferral(woman, @case, ReferralKind.Internal, Valparaiso, null, "Necesita atención en Valparaíso",
            ReferralUrgency.High, Today.AddDays(dueInDays), fields ?? [PackageField.Identification, PackageField.LatestRisk]));

    [Fact]
    public async Task Send_FreezesTheChosenPackage_AndTheReceiverReadsIt_OnlyAfterAccepting()
    {
        var (woman, @case) = await WomanAsync(46_000_001, ConsentScope.ShareWithSernamEgCentres, RiskLevel.Vital);
        var draft = await _referrals.DraftAsync(_sender, woman);
        Assert.Equal(ReferralUrgency.Urgent, draft.SuggestedUrgency);
        Assert.True(draft.ConsentSharesWithCentres);
        Assert.DoesNotContain(draft.Centres, c => c.Code == Santiago);

        var id = await ReferAsync(woman, @case);

        var preview = await _referrals.OpenAsync(_receiver, id);
        Assert.Null(preview.Package);
        Assert.Null(preview.SurvivorName);
        Assert.Equal([PackageField.Identification, PackageField.LatestRisk], preview.PackageFields);
        Assert.Equal("Necesita atención en Valparaíso", preview.Reason);
        Assert.Contains(ReferralAction.Accept, preview.Actions);

        await _referrals.AcceptAsync(_receiver, new AcceptReferral(id, preview.Version, null));
        var accepted = await _referrals.OpenAsync(_receiver, id);
        Assert.Equal(ReferralState.Accepted, accepted.State);
        Assert.Equal("Rosa Ficticia", accepted.Package!.Identity!.GivenNames);
        Assert.Equal(RiskLevel.Vital, accepted.Package.LatestRisk!.Level);
        Assert.Null(accepted.Package.Contact); // not chosen, not sent
        Assert.Equal("Rosa Ficticia Demo Derivada", accepted.SurvivorName);

        // Frozen: a later change to her record does not reach the package already sent.
        var identity = (await _registry.OpenFileAsync(_sender, woman)).Identity;
        await _registry.UpdateIdentificationAsync(_sender, woman, new UpdateIdentification(identity.Version, "Rosa Cambiada", identity.Surnames,
            identity.BirthDate, null, null, null, null, null, null, null, null, null));
        Assert.Equal("Rosa Ficticia", (await _referrals.OpenAsync(_receiver, id)).Package!.Identity!.GivenNames);
    }

    [Fact]
    public async Task Send_WithoutConsentToShareWithCentres_RefusesAnyField_AndSendsReasonOnly()
    {
        var (woman, @case) = await WomanAsync(46_000_002, ConsentScope.ShareWithInstitutions);
        Assert.False((await _referrals.DraftAsync(_sender, woman)).ConsentSharesWithCentres);

        var ex = await Assert.ThrowsAsync<DomainException>(() => ReferAsync(woman, @case));
        Assert.Contains("consentimiento no permite compartir datos con otros centros", ex.Message);
        Assert.Empty((await _referrals.QueueAsync(_sender, new ReferralQueueFilter())).Rows);

        var id = await ReferAsync(woman, @case, fields: []);
        var detail = await _referrals.OpenAsync(_sender, id);
        Assert.Empty(detail.PackageFields);
        Assert.Equal(ReferralPackage.Empty, detail.Package);
    }

    [Fact]
    public async Task ExternalReferral_FollowsTheInstitutionsConsentScope_AndItsStepsAreRecordedByTheSender()
    {
        var (woman, @case) = await WomanAsync(46_000_003, ConsentScope.ShareWithInstitutions);
        var id = await _referrals.SendAsync(_sender, new SendReferral(woman, @case, ReferralKind.External, null, "FISCALIA",
            "Acompañamiento a denuncia", ReferralUrgency.Normal, Today.AddDays(10), [PackageField.Identification, PackageField.Contact]));

        var detail = await _referrals.OpenAsync(_sender, id);
        Assert.Equal("Fiscalía (Ministerio Público)", detail.ToName);
        Assert.Contains(ReferralAction.Accept, detail.Actions);
        await _referrals.AcceptAsync(_sender, new AcceptReferral(id, detail.Version, "Confirmado por teléfono"));
        Assert.Equal(ReferralState.Accepted, (await _referrals.OpenAsync(_sender, id)).State);
        // Nobody at another centre stands on either side of an external referral.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.OpenAsync(_receiver, id));
    }

    [Fact]
    public async Task FullCycle_CounterReferral_ShowsInTheSendersFileOfHer()
    {
        var (woman, @case) = await WomanAsync(46_000_004, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(woman, @case);
        uint V(ReferralDetail d) => d.Version;

        await _referrals.ReceiveAsync(_receiverHead, new ReceiveReferral(id, V(await _referrals.OpenAsync(_receiverHead, id))));
        await _referrals.AcceptAsync(_receiverHead, new AcceptReferral(id, V(await _referrals.OpenAsync(_receiverHead, id)), null));
        _clock.Now = T0.AddDays(1);
        await _referrals.RecordFollowUpAsync(_sender, new RecordReferralFollowUp(id, V(await _referrals.OpenAsync(_sender, id)),
            FollowUpKind.Call, T0.AddHours(20), "Confirmó que asistió a la primera sesión"));
        await _referrals.MarkAttendedAsync(_receiver, new MarkReferralAttended(id, V(await _referrals.OpenAsync(_receiver, id)), null));
        await _referrals.SendCounterReferralAsync(_receiver, new SendCounterReferral(id, V(await _referrals.OpenAsync(_receiver, id)),
            "Ingresó a intervención", "Atención psicológica y jurídica", "Coordinar seguimiento trimestral"));

        var rows = await _referrals.ForSurvivorAsync(_sender, woman);
        var row = Assert.Single(rows);
        Assert.Equal(ReferralState.Closed, row.State);
        Assert.Equal("Ingresó a intervención", row.CounterReferral!.Outcome);
        Assert.Equal("Gabriela Demo Costa", row.CounterReferral.ByName);
        var detail = await _referrals.OpenAsync(_sender, id);
        Assert.Equal([ReferralState.Sent, ReferralState.Received, ReferralState.Accepted, ReferralState.Attended, ReferralState.Closed],
            detail.Steps.Select(s => s.State));
        Assert.Single(detail.FollowUps);
        Assert.Empty(detail.Actions.Except([ReferralAction.RecordFollowUp]));

        var audit = await _services.AuditRowsAsync();
        foreach (var action in new[] { ReferralAuditActions.Sent, ReferralAuditActions.Received, ReferralAuditActions.Accepted,
                     ReferralAuditActions.FollowUpRecorded, ReferralAuditActions.Attended, ReferralAuditActions.CounterReferred,
                     ReferralAuditActions.ReadForSurvivor })
            Assert.Contains(audit, a => a.Action == action && a.SurvivorId == woman);
    }

    [Fact]
    public async Task Steps_OfTheOtherSide_AreRefused_AndAudited()
    {
        var (woman, @case) = await WomanAsync(46_000_005, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(woman, @case);
        var v = (await _referrals.OpenAsync(_sender, id)).Version;

        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.AcceptAsync(_sender, new AcceptReferral(id, v, null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.WithdrawAsync(_receiver, new WithdrawReferral(id, v, "No")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.AcceptAsync(_n3Rm, new AcceptReferral(id, v, null)));
        var denials = (await _services.AuditRowsAsync()).Where(a => a.Outcome == (int)AuditOutcome.Denied && a.Resource == $"derivacion/{id}").ToList();
        Assert.Equal(3, denials.Count);
        Assert.Equal(ReferralState.Sent, (await _referrals.OpenAsync(_sender, id)).State);
    }

    [Fact]
    public async Task ConcurrentSteps_AreDetected_NotOverwritten()
    {
        var (woman, @case) = await WomanAsync(46_000_006, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(woman, @case);
        var seenByBoth = (await _referrals.OpenAsync(_receiver, id)).Version;

        await _referrals.RejectAsync(_receiverHead, new RejectReferral(id, seenByBoth, "Sin cupos este mes"));
        var ex = await Assert.ThrowsAsync<ConcurrentEditException>(() => _referrals.AcceptAsync(_receiver, new AcceptReferral(id, seenByBoth, null)));
        Assert.Contains("Otra persona modificó esta derivación", ex.Message);
        Assert.Equal(ReferralState.Rejected, (await _referrals.OpenAsync(_receiver, id)).State);
    }

    [Fact]
    public async Task Queue_ShowsEachSideItsReferrals_OversightTheListOnly_AndNobodyElse()
    {
        var (woman, @case) = await WomanAsync(46_000_007, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(woman, @case);

        var outgoing = Assert.Single((await _referrals.QueueAsync(_sender, new ReferralQueueFilter(QueueDirection.Outgoing))).Rows);
        Assert.Equal(ReferralSide.Sender, outgoing.Side);
        Assert.NotNull(outgoing.CaseNumber);
        Assert.Empty((await _referrals.QueueAsync(_sender, new ReferralQueueFilter(QueueDirection.Incoming))).Rows);
        var incoming = Assert.Single((await _referrals.QueueAsync(_receiverHead, new ReferralQueueFilter(QueueDirection.Incoming))).Rows);
        Assert.Null(incoming.CaseNumber);
        Assert.Equal("Centro de la Mujer Santiago Centro (demo)", incoming.FromName);

        // N3 of the RM and N4 of the RM entity: the row, and no detail.
        Assert.Equal(id, Assert.Single((await _referrals.QueueAsync(_n3Rm, new ReferralQueueFilter())).Rows).Id);
        Assert.Equal(id, Assert.Single((await _referrals.QueueAsync(_n4Rm, new ReferralQueueFilter())).Rows).Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.OpenAsync(_n3Rm, id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.OpenAsync(_n4Rm, id));

        // N1 and N2 have no referral list; a guessed id answers like a missing one.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.QueueAsync(_n1, new ReferralQueueFilter()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.QueueAsync(_n2, new ReferralQueueFilter()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.OpenAsync(_n1, id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.OpenAsync(_receiver, Guid.NewGuid()));
    }

    [Fact]
    public async Task Queue_Filters_ByStateUrgencyCounterpartAndDates()
    {
        var (woman, @case) = await WomanAsync(46_000_008, ConsentScope.ShareWithSernamEgCentres);
        var first = await ReferAsync(woman, @case);
        _clock.Now = T0.AddDays(2);
        var second = await _referrals.SendAsync(_sender, new SendReferral(woman, @case, ReferralKind.External, null, "PDI", "Denuncia",
            ReferralUrgency.Urgent, Today.AddDays(3), []));

        async Task<Guid[]> Ids(ReferralQueueFilter f) => (await _referrals.QueueAsync(_sender, f)).Rows.Select(r => r.Id).ToArray();
        Assert.Equal([second], await Ids(new ReferralQueueFilter(Urgency: ReferralUrgency.Urgent)));
        Assert.Equal([first], await Ids(new ReferralQueueFilter(Counterpart: Valparaiso)));
        Assert.Equal([second], await Ids(new ReferralQueueFilter(SentFrom: Today.AddDays(1))));
        Assert.Equal([first], await Ids(new ReferralQueueFilter(SentTo: Today)));
        Assert.Equal([first], await Ids(new ReferralQueueFilter(RegionCode: "05")));
        Assert.Empty(await Ids(new ReferralQueueFilter(State: ReferralState.Accepted)));
        Assert.Equal([second, first], await Ids(new ReferralQueueFilter(State: ReferralState.Sent)));
    }

    [Fact]
    public async Task Send_IsRefused_ToACentreTeamWithoutAnOpenCaseOfHers_AndToOversightLevels()
    {
        var (woman, @case) = await WomanAsync(46_000_009, ConsentScope.ShareWithSernamEgCentres);
        var send = new SendReferral(woman, @case, ReferralKind.Internal, Santiago, null, "x", ReferralUrgency.Normal, Today.AddDays(1), []);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.SendAsync(_receiver, send));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.SendAsync(_n3Rm, send));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.DraftAsync(_receiver, woman));
    }

    [Fact]
    public async Task Send_NotifiesBothCentres_ThroughTheChangeFeed()
    {
        var feed = _services.GetRequiredService<ChangeFeed>();
        await feed.StartAsync(CancellationToken.None);
        await feed.Listening.WaitAsync(InfrastructureTestKit.EventTimeout);
        var seen = new List<ChangeEvent>();
        using var _ = feed.Subscribe(c => c.Kind == ChangeKinds.Referral, c => { lock (seen) seen.Add(c); return Task.CompletedTask; });
        var (woman, @case) = await WomanAsync(46_000_010, ConsentScope.ShareWithSernamEgCentres);

        var id = await ReferAsync(woman, @case);

        await InfrastructureTestKit.WaitUntilAsync(() => Task.FromResult(seen.Count >= 2), "two referral notifications");
        Assert.Contains(seen, c => c.Id == id && c.Centre == Santiago && c.Region == "13");
        Assert.Contains(seen, c => c.Id == id && c.Centre == Valparaiso && c.Region == "05");
        Assert.DoesNotContain(seen, c => JsonSerializer.Serialize(c).Contains("Rosa"));
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OverdueJob_AlertsBothHeadsOnce_AndTheAlertResolvesWhenAnswered()
    {
        var (woman, @case) = await WomanAsync(46_000_011, ConsentScope.ShareWithSernamEgCentres);
        var id = await ReferAsync(woman, @case, dueInDays: 1);
        var job = _services.GetRequiredService<ReferralOverdueJob>();

        Assert.Equal(new OverdueRun(0, 0, 0), await job.RunAsync(CancellationToken.None));
        _clock.Now = T0.AddDays(3);
        Assert.Equal(new OverdueRun(1, 2, 0), await job.RunAsync(CancellationToken.None));
        Assert.Equal(new OverdueRun(1, 0, 0), await job.RunAsync(CancellationToken.None)); // told once

        var queue = await _referrals.QueueAsync(_receiverHead, new ReferralQueueFilter(OnlyOverdue: true));
        Assert.Equal(id, Assert.Single(queue.Rows).Id);
        var alert = Assert.Single(queue.Alerts);
        Assert.Equal(1, queue.Pending!.OverdueIncoming);
        Assert.Single((await _referrals.QueueAsync(_senderHead, new ReferralQueueFilter())).Alerts);
        Assert.Empty((await _referrals.QueueAsync(_receiver, new ReferralQueueFilter())).Alerts); // heads only

        await _referrals.AcknowledgeAlertAsync(_receiverHead, alert.Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _referrals.AcknowledgeAlertAsync(_senderHead, alert.Id));
        Assert.NotNull(Assert.Single((await _referrals.QueueAsync(_receiverHead, new ReferralQueueFilter())).Alerts).AcknowledgedAt);

        await _referrals.AcceptAsync(_receiverHead, new AcceptReferral(id, (await _referrals.OpenAsync(_receiverHead, id)).Version, null));
        Assert.Empty((await _referrals.QueueAsync(_receiverHead, new ReferralQueueFilter())).Alerts);
        Assert.Empty((await _referrals.QueueAsync(_senderHead, new ReferralQueueFilter())).Alerts);
        Assert.Equal(new OverdueRun(0, 0, 0), await job.RunAsync(CancellationToken.None));
    }
}
