using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Access")]
public sealed class OperatorAdministrationTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private OperatorAdministration _admin = default!;
    private SignedInOperator _n2 = default!, _n5 = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _admin = _services.GetRequiredService<OperatorAdministration>();
        _n2 = await _services.SignedInAsync(AccessLevel.N2);
        _n5 = await _services.SignedInAsync(AccessLevel.N5);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<OperatorRow> RowAsync(Run run) => Assert.Single(await _admin.ListAsync(_n2, run.ToDisplay()));

    [Fact]
    public async Task Registered_Operator_CanSignIn_AndOnceDeactivated_IsRefused_AndReactivatedAgain()
    {
        var run = Run.FromNumber(12_345_001);
        await _admin.RegisterAsync(_n2, new RegisterOperator(run.ToDisplay(), "Teresa", "Demo Nueva", AccessLevel.N6, ScopeKind.Centre, "CDM-05101-D"));
        var directory = _services.GetRequiredService<OperatorDirectory>();
        Assert.True((await directory.ResolveLoginAsync(run)).Allowed);

        await _admin.DeactivateAsync(_n2, (await RowAsync(run)).Id, (await RowAsync(run)).Version);
        Assert.Equal(LoginDenial.Deactivated, (await directory.ResolveLoginAsync(run)).Denial);
        Assert.False((await RowAsync(run)).IsActive);

        var row = await RowAsync(run);
        await _admin.ReactivateAsync(_n2, row.Id, row.Version);
        Assert.True((await directory.ResolveLoginAsync(run)).Allowed);
        var actions = (await _services.AuditRowsAsync()).Select(a => a.Action).ToList();
        Assert.Contains(OperatorAuditActions.Registered, actions);
        Assert.Contains(OperatorAuditActions.Deactivated, actions);
        Assert.Contains(OperatorAuditActions.Reactivated, actions);
    }

    [Theory]
    [InlineData("12.345.678-9", "CDM-13101-D", "El dígito verificador")]
    [InlineData("12.345.002-7", "NO-EXISTE", "no existe en el catálogo")]
    public async Task Register_RefusesInSpanish_ABadRunOrAnUnknownScope(string run, string scope, string message)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _admin.RegisterAsync(_n2, new RegisterOperator(run, "Ana", "Demo", AccessLevel.N6, ScopeKind.Centre, scope)));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task Register_RefusesADuplicateRun_AndALevelWithTheWrongScope()
    {
        var existing = DemoData().Run;
        var dup = await Assert.ThrowsAsync<DomainException>(() =>
            _admin.RegisterAsync(_n2, new RegisterOperator(existing.ToDisplay(), "Otra", "Persona", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D")));
        Assert.Equal("Ya existe un operador/a con ese RUN.", dup.Message);
        await Assert.ThrowsAsync<DomainException>(() =>
            _admin.RegisterAsync(_n2, new RegisterOperator(Run.FromNumber(12_345_003).ToDisplay(), "Ana", "Demo", AccessLevel.N6, ScopeKind.Region, "13")));
    }

    [Fact]
    public async Task OnlyAdministrators_ManageOperators_AndNobodyDeactivatesOrDemotesHerself()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.ListAsync(_n5));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _admin.RegisterAsync(_n5, new RegisterOperator(Run.FromNumber(12_345_004).ToDisplay(), "Ana", "Demo", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D")));
        var me = await RowAsync(Run.Parse(_n2.Run));
        var self = await Assert.ThrowsAsync<DomainException>(() => _admin.DeactivateAsync(_n2, me.Id, me.Version));
        Assert.Contains("No puede desactivarse a sí misma", self.Message);
        await Assert.ThrowsAsync<DomainException>(() => _admin.ChangeAccessAsync(_n2, new ChangeOperatorAccess(me.Id, me.Version, AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D")));
    }

    [Fact]
    public async Task ConcurrentChanges_AreDetected()
    {
        var run = Run.FromNumber(12_345_005);
        await _admin.RegisterAsync(_n2, new RegisterOperator(run.ToDisplay(), "Ada", "Demo", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D"));
        var seen = await RowAsync(run);
        await _admin.ChangeAccessAsync(_n2, new ChangeOperatorAccess(seen.Id, seen.Version, AccessLevel.N5, ScopeKind.Centre, "CDM-13101-D"));
        await Assert.ThrowsAsync<ConcurrentEditException>(() => _admin.DeactivateAsync(_n2, seen.Id, seen.Version));
        Assert.Equal(AccessLevel.N5, (await RowAsync(run)).Level);
    }

    [Fact]
    public async Task CentreHead_AsksToAddAndRemoveHerTeam_AndOnlyAnAdministratorAppliesIt()
    {
        var newcomer = Run.FromNumber(12_345_010);
        await _admin.RequestAdditionAsync(_n5, new RequestOperatorAddition(newcomer.ToDisplay(), "Yolanda", "Demo Pedida", AccessLevel.N6, "CDM-13101-D",
            "Reemplazo por licencia"));
        var denied = await Assert.ThrowsAsync<DomainException>(() => _admin.RequestAdditionAsync(_n5, new RequestOperatorAddition(
            Run.FromNumber(12_345_011).ToDisplay(), "Zoe", "Demo", AccessLevel.N5, "CDM-13101-D", "Otra encargada")));
        Assert.Contains("(N6) de su propio centro", denied.Message);
        await Assert.ThrowsAsync<DomainException>(() => _admin.RequestAdditionAsync(_n5, new RequestOperatorAddition(
            Run.FromNumber(12_345_012).ToDisplay(), "Zoe", "Demo", AccessLevel.N6, "CDM-05101-D", "Otro centro")));
        Assert.Empty(await _admin.ListAsync(_n2, newcomer.ToDisplay())); // asking changes nothing yet

        var pending = Assert.Single(await _admin.ChangeRequestsAsync(_n2));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.ApplyChangeAsync(_n5, pending.Id, pending.Version));
        await _admin.ApplyChangeAsync(_n2, pending.Id, pending.Version);
        var added = await RowAsync(newcomer);
        Assert.Equal((AccessLevel.N6, "CDM-13101-D", true), (added.Level, added.ScopeCode, added.IsActive));
        Assert.Equal(SIIVbG.Domain.Operators.OperatorChangeState.Done, Assert.Single(await _admin.ChangeRequestsAsync(_n5)).State);

        Assert.Contains(await _admin.RemovableAsync(_n5), o => o.Id == added.Id);
        await _admin.RequestRemovalAsync(_n5, added.Id, "Dejó el centro");
        var removal = Assert.Single(await _admin.ChangeRequestsAsync(_n2));
        await Assert.ThrowsAsync<DomainException>(() => _admin.RejectChangeAsync(_n2, removal.Id, removal.Version, " "));
        await _admin.ApplyChangeAsync(_n2, removal.Id, removal.Version);
        Assert.False((await RowAsync(newcomer)).IsActive);
    }

    private static SIIVbG.Infrastructure.Seeding.DemoOperator DemoData() =>
        SIIVbG.Infrastructure.Seeding.DemoData.Operators.Single(o => o.Run.Number == 10_666_777);
}
