using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Legal;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class LegalServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 10);

    private readonly ManualClock _clock = new(T0);
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private LegalService _legal = default!;
    private SignedInOperator _santiago = default!, _head = default!, _valparaiso = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(s => s.AddSingleton<TimeProvider>(_clock));
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        _legal = _services.GetRequiredService<LegalService>();
        _santiago = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        _head = await _services.SignedInAsync(Run.FromNumber(10_555_666));
        _valparaiso = await _services.SignedInAsync(Run.FromNumber(10_777_888));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<(Guid Survivor, Guid Case)> WomanAtAsync(SignedInOperator op, int run)
    {
        var r = await _registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Ficticia", "Demo Legal", null));
        var file = await _registry.OpenFileAsync(op, r.SurvivorId);
        return (r.SurvivorId, file.Trajectory.Single(c => c.IsOwnCentre).Id);
    }

    private static string ValidRuc(string body) => $"{body}-{Ruc.ComputeCheckDigit(body)}";

    private static string WrongRuc(string body) => $"{body}-{(Ruc.ComputeCheckDigit(body) == '1' ? '2' : '1')}";

    private Task<Guid> RegisterAsync(SignedInOperator op, Guid survivor, Guid @case, string? rit = "F-1234-2026", string? ruc = null) =>
        _legal.RegisterAsync(op, survivor, new RegisterLegalProcess(@case, LegalProcessType.FamilyViolence, LegalSubject.Survivor,
            "Juzgado de Familia de Santiago (ficticio)", rit, ruc, Today.AddDays(-20)));

    private async Task<LegalProcessRow> ProcessAsync(SignedInOperator op, Guid survivor, Guid process) =>
        (await _legal.ListAsync(op, survivor)).Processes.Single(p => p.Id == process);

    [Fact]
    public async Task Register_KeepsCanonicalRitAndRuc_AndListsTheProcessWithItsCase()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_001);

        var id = await RegisterAsync(_santiago, woman, @case, " f-00123-2026 ", ValidRuc("2600012345").Replace("-", ""));

        var file = await _legal.ListAsync(_head, woman);
        var row = Assert.Single(file.Processes);
        Assert.Equal(id, row.Id);
        Assert.Equal("F-123-2026", row.Rit);
        Assert.Equal(ValidRuc("2600012345"), row.Ruc);
        Assert.Equal(@case, row.CaseId);
        Assert.Equal(LegalProcessStatus.InProgress, row.Status);
        Assert.True(row.CanEdit);
        Assert.Equal(0, file.HiddenProcesses);
        Assert.Equal(@case, Assert.Single(file.OpenCasesHere).CaseId);
    }

    [Fact]
    public async Task Register_WithAWrongRucCheckDigit_IsRefusedInSpanish_AndSavesNothing()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_002);

        var ex = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync(_santiago, woman, @case, null, WrongRuc("2600012345")));

        Assert.Equal("El dígito verificador del RUC no corresponde.", ex.Message);
        Assert.Empty((await _legal.ListAsync(_santiago, woman)).Processes);
    }

    [Fact]
    public async Task Register_WithAMalformedRit_IsRefusedInSpanish()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_003);
        var ex = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync(_santiago, woman, @case, "F/12/26"));
        Assert.Equal("El RIT debe tener la forma F-1234-2024.", ex.Message);
    }

    [Fact]
    public async Task Register_OnACaseOfAnotherCentre_IsRefused()
    {
        var (woman, valparaisoCase) = await WomanAtAsync(_valparaiso, 41_000_004);
        await _registry.OpenCaseAtMyCentreAsync(_santiago, Run.FromNumber(41_000_004).ToString());

        var ex = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync(_santiago, woman, valparaisoCase));
        Assert.Equal("Indique uno de sus casos abiertos en este centro.", ex.Message);
    }

    [Fact]
    public async Task Measures_AreVigenteVencidaOrAlzada_ForToday()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_005);
        var id = await RegisterAsync(_santiago, woman, @case);
        async Task Order(ProtectiveMeasureKind kind, DateOnly from, DateOnly? until)
        {
            var p = await ProcessAsync(_santiago, woman, id);
            await _legal.OrderMeasureAsync(_santiago, woman, new OrderProtectiveMeasure(id, p.Version, kind, null, from, until, null));
        }
        await Order(ProtectiveMeasureKind.RestrainingOrder, Today.AddDays(-10), Today.AddDays(80));
        await Order(ProtectiveMeasureKind.WeaponsBan, Today.AddDays(-15), Today.AddDays(-1));
        await Order(ProtectiveMeasureKind.LeaveCommonHome, Today.AddDays(-15), null);
        var leave = (await ProcessAsync(_santiago, woman, id)).Measures.Single(m => m.Kind == ProtectiveMeasureKind.LeaveCommonHome);
        await _legal.LiftMeasureAsync(_santiago, woman,
            new LiftProtectiveMeasure(id, (await ProcessAsync(_santiago, woman, id)).Version, leave.Id, Today));

        var measures = (await ProcessAsync(_santiago, woman, id)).Measures;

        Assert.Equal(MeasureState.Active, measures.Single(m => m.Kind == ProtectiveMeasureKind.RestrainingOrder).State);
        Assert.Equal(MeasureState.Expired, measures.Single(m => m.Kind == ProtectiveMeasureKind.WeaponsBan).State);
        Assert.Equal(MeasureState.Lifted, measures.Single(m => m.Kind == ProtectiveMeasureKind.LeaveCommonHome).State);
        Assert.All(measures, m => Assert.Equal("Juzgado de Familia de Santiago (ficticio)", m.IssuedByCourt));
    }

    [Fact]
    public async Task Extend_MakesAnExpiredMeasureVigenteAgain_AndEveryChangeIsAudited()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_006);
        var id = await RegisterAsync(_santiago, woman, @case);
        var p = await ProcessAsync(_santiago, woman, id);
        await _legal.OrderMeasureAsync(_santiago, woman,
            new OrderProtectiveMeasure(id, p.Version, ProtectiveMeasureKind.RestrainingOrder, null, Today.AddDays(-30), Today.AddDays(-1), null));
        p = await ProcessAsync(_santiago, woman, id);
        Assert.Equal(MeasureState.Expired, Assert.Single(p.Measures).State);

        await _legal.ExtendMeasureAsync(_santiago, woman, new ExtendProtectiveMeasure(id, p.Version, p.Measures[0].Id, Today.AddDays(60)));

        Assert.Equal(MeasureState.Active, Assert.Single((await ProcessAsync(_santiago, woman, id)).Measures).State);
        var actions = (await _services.AuditRowsAsync()).Where(a => a.SurvivorId == woman).Select(a => a.Action).ToList();
        Assert.Contains(LegalAuditActions.ProcessRegistered, actions);
        Assert.Contains(LegalAuditActions.MeasureOrdered, actions);
        Assert.Contains(LegalAuditActions.MeasureExtended, actions);
        Assert.Contains(LegalAuditActions.Read, actions);
    }

    [Fact]
    public async Task Resolve_AndArchive_ChangeTheStatus_AndArchiveNeedsAReason()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_007);
        var first = await RegisterAsync(_santiago, woman, @case);
        var second = await RegisterAsync(_santiago, woman, @case, "O-77-2026");

        await _legal.ResolveAsync(_santiago, woman,
            new ResolveLegalProcess(first, (await ProcessAsync(_santiago, woman, first)).Version, Today, "Sentencia condenatoria (ficticia)"));
        var v = (await ProcessAsync(_santiago, woman, second)).Version;
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _legal.ArchiveAsync(_santiago, woman, new ArchiveLegalProcess(second, v, Today, "  ")));
        Assert.Equal("Indique el motivo del archivo.", ex.Message);
        await _legal.ArchiveAsync(_santiago, woman, new ArchiveLegalProcess(second, v, Today, "Archivo provisional"));

        Assert.Equal(LegalProcessStatus.Resolved, (await ProcessAsync(_santiago, woman, first)).Status);
        Assert.Equal(LegalProcessStatus.Archived, (await ProcessAsync(_santiago, woman, second)).Status);
    }

    [Fact]
    public async Task SameVersionTwice_RefusesTheSecondEdit_AndKeepsTheFirst()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_008);
        var id = await RegisterAsync(_santiago, woman, @case);
        var seen = (await ProcessAsync(_santiago, woman, id)).Version;

        await _legal.OrderMeasureAsync(_santiago, woman,
            new OrderProtectiveMeasure(id, seen, ProtectiveMeasureKind.RestrainingOrder, null, Today, Today.AddDays(90), null));
        var ex = await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(() => _legal.ArchiveAsync(_head, woman, new ArchiveLegalProcess(id, seen, Today, "Archivo")));

        Assert.StartsWith("Otra persona modificó", ex.Message);
        var now = await ProcessAsync(_santiago, woman, id);
        Assert.Equal(LegalProcessStatus.InProgress, now.Status);
        Assert.Single(now.Measures);
        Assert.NotEqual(seen, now.Version);
    }

    [Fact]
    public async Task SameVersionTwice_OnMeasuresOnly_StillRefusesTheSecond()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_009);
        var id = await RegisterAsync(_santiago, woman, @case);
        var seen = (await ProcessAsync(_santiago, woman, id)).Version;

        await _legal.OrderMeasureAsync(_santiago, woman,
            new OrderProtectiveMeasure(id, seen, ProtectiveMeasureKind.RestrainingOrder, null, Today, null, null));
        await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(() => _legal.OrderMeasureAsync(_head, woman,
            new OrderProtectiveMeasure(id, seen, ProtectiveMeasureKind.WeaponsBan, null, Today, null, null)));

        Assert.Equal(ProtectiveMeasureKind.RestrainingOrder, Assert.Single((await ProcessAsync(_santiago, woman, id)).Measures).Kind);
    }

    [Fact]
    public async Task AnotherCentresProcesses_AreCountedButHidden_AndAskingDirectlyIsAuditedAsDenied()
    {
        var (woman, valparaisoCase) = await WomanAtAsync(_valparaiso, 41_000_010);
        var theirs = await RegisterAsync(_valparaiso, woman, valparaisoCase);
        await _registry.OpenCaseAtMyCentreAsync(_santiago, Run.FromNumber(41_000_010).ToString());

        var file = await _legal.ListAsync(_santiago, woman);

        Assert.Empty(file.Processes);
        Assert.Equal(1, file.HiddenProcesses);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _legal.GetAsync(_santiago, woman, theirs));
        var denied = (await _services.AuditRowsAsync()).Single(a => a.Action == "access.denied" && a.OperatorId == _santiago.Id);
        Assert.Equal($"proceso/{theirs}", denied.Resource);
        Assert.Equal(SurvivorAccessReason.NotOwnCentre, denied.Reason);
    }

    [Fact]
    public async Task AGrantCoveringLegal_RevealsAnotherCentresProcess_ReadOnly()
    {
        var (woman, valparaisoCase) = await WomanAtAsync(_valparaiso, 41_000_011);
        var theirs = await RegisterAsync(_valparaiso, woman, valparaisoCase);
        await _registry.OpenCaseAtMyCentreAsync(_santiago, Run.FromNumber(41_000_011).ToString());
        await using (var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            ctx.AccessGrants.Add(AccessGrant.Approve(_santiago.Id, woman, GrantScope.Only(SurvivorTab.Legal), "Audiencia de control (ficticia)",
                _head.Id, T0.AddMinutes(-1), TimeSpan.FromHours(2)));
            await ctx.SaveChangesAsync();
        }

        var file = await _legal.ListAsync(_santiago, woman);
        var row = Assert.Single(file.Processes);

        Assert.Equal(theirs, row.Id);
        Assert.False(row.CanEdit);
        Assert.Equal(0, file.HiddenProcesses);
        Assert.Equal(theirs, (await _legal.GetAsync(_santiago, woman, theirs)).Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _legal.ResolveAsync(_santiago, woman, new ResolveLegalProcess(theirs, row.Version, Today, null)));
        Assert.Equal(LegalProcessStatus.InProgress, (await ProcessAsync(_valparaiso, woman, theirs)).Status);
    }

    [Fact]
    public async Task List_ForAnOperatorWithoutAnyLinkToHer_IsDenied_AndAudited()
    {
        var (woman, @case) = await WomanAtAsync(_valparaiso, 41_000_012);
        await RegisterAsync(_valparaiso, woman, @case);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _legal.ListAsync(_santiago, woman));
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == "access.denied" && a.SurvivorId == woman && a.OperatorId == _santiago.Id);
    }

    [Fact]
    public async Task Identify_AddsTheRucLater_AndAWrongOneChangesNothing()
    {
        var (woman, @case) = await WomanAtAsync(_santiago, 41_000_013);
        var id = await RegisterAsync(_santiago, woman, @case, null);
        var v = (await ProcessAsync(_santiago, woman, id)).Version;

        await Assert.ThrowsAsync<DomainException>(() =>
            _legal.IdentifyAsync(_santiago, woman, new IdentifyLegalProcess(id, v, "F-9-2026", WrongRuc("2600000001"))));
        Assert.Null((await ProcessAsync(_santiago, woman, id)).Rit);
        await _legal.IdentifyAsync(_santiago, woman, new IdentifyLegalProcess(id, v, "F-9-2026", ValidRuc("2600000001")));

        var row = await ProcessAsync(_santiago, woman, id);
        Assert.Equal("F-9-2026", row.Rit);
        Assert.Equal(ValidRuc("2600000001"), row.Ruc);
    }
}
