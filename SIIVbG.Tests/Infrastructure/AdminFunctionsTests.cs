using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Features;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>Differentiated administrator rights (ADR 023): the IT head does everything; other N2 only their functions.</summary>
[Trait("Area", "Access")]
public sealed class AdminFunctionsTests : IAsyncLifetime
{
    private static readonly Run AuditorRun = Run.FromNumber(11_333_444);
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private OperatorAdministration _admin = default!;
    private SignedInOperator _itHead = default!, _auditor = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _admin = _services.GetRequiredService<OperatorAdministration>();
        _itHead = await _services.SignedInAsync(AccessLevel.N2);
        _auditor = await _services.SignedInAsync(AuditorRun);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<OperatorRow> RowAsync(Run run) => Assert.Single(await _admin.ListAsync(_itHead, run.ToDisplay()));

    /// <summary>Registers an administrator with only the given functions and returns her as signed in.</summary>
    private async Task<SignedInOperator> AdministratorWithAsync(int number, AdminFunctions functions)
    {
        var run = Run.FromNumber(number);
        await _admin.RegisterAsync(_itHead, new RegisterOperator(run.ToDisplay(), "Paula", "Demo Admin", AccessLevel.N2, ScopeKind.Nation, null));
        var row = await RowAsync(run);
        await _admin.AssignFunctionsAsync(_itHead, row.Id, row.Version, functions);
        return await _services.SignedInAsync(run);
    }

    [Fact]
    public async Task DemoAdministrators_CarryTheirFunctions_IntoTheSignedInOperator()
    {
        Assert.Equal(AdminFunctions.Full, _itHead.Functions);
        Assert.Equal(AdminFunctions.AuditTrail | AdminFunctions.Connections, _auditor.Functions);
        var standing = await _services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(AuditorRun);
        Assert.Equal(AdminFunctions.AuditTrail | AdminFunctions.Connections, standing.Operator!.ToSignedIn().Functions);
    }

    [Fact]
    public async Task AnAdministratorWithoutTheOperatorsFunction_CannotListOrRegister_AndTheDenialIsAudited()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.ListAsync(_auditor));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.RegisterAsync(_auditor,
            new RegisterOperator(Run.FromNumber(12_400_001).ToDisplay(), "Ana", "Demo", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D")));

        Assert.Empty(await _admin.ListAsync(_itHead, Run.FromNumber(12_400_001).ToDisplay()));
        var denials = (await _services.AuditRowsAsync()).Where(a => a.Action == AuditActions.AccessDenied && a.OperatorId == _auditor.Id).ToList();
        Assert.Equal(2, denials.Count);
        Assert.All(denials, d => Assert.Equal(nameof(Capability.AdministerOperators), d.Details));
    }

    [Fact]
    public async Task AnAdministratorWithTheOperatorsFunction_ManagesCaseworkers_ButNeverAdministrators()
    {
        var operators = await AdministratorWithAsync(12_400_002, AdminFunctions.Operators);
        var caseworker = Run.FromNumber(12_400_003);
        await _admin.RegisterAsync(operators, new RegisterOperator(caseworker.ToDisplay(), "Marta", "Demo", AccessLevel.N6, ScopeKind.Centre, "CDM-13101-D"));
        Assert.True((await RowAsync(caseworker)).IsActive);

        var newAdmin = Run.FromNumber(12_400_004);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _admin.RegisterAsync(operators, new RegisterOperator(newAdmin.ToDisplay(), "Nora", "Demo", AccessLevel.N2, ScopeKind.Nation, null)));
        Assert.Empty(await _admin.ListAsync(_itHead, newAdmin.ToDisplay()));

        var auditor = await RowAsync(AuditorRun);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.DeactivateAsync(operators, auditor.Id, auditor.Version));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.AssignFunctionsAsync(operators, auditor.Id, auditor.Version, AdminFunctions.Full));
        var cw = await RowAsync(caseworker);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _admin.ChangeAccessAsync(operators, new ChangeOperatorAccess(cw.Id, cw.Version, AccessLevel.N2, ScopeKind.Nation, null)));

        Assert.True((await RowAsync(AuditorRun)).IsActive);
        Assert.Equal(AdminFunctions.AuditTrail | AdminFunctions.Connections, (await RowAsync(AuditorRun)).Functions);
        Assert.Equal(AccessLevel.N6, (await RowAsync(caseworker)).Level);
    }

    [Fact]
    public async Task TheItHead_AssignsFunctions_WhichTakeEffectAtTheNextCheck_AndNeverHerOwn()
    {
        var row = await RowAsync(AuditorRun);
        await _admin.AssignFunctionsAsync(_itHead, row.Id, row.Version, AdminFunctions.SgpImport);
        var auditor = await _services.SignedInAsync(AuditorRun);
        Assert.Equal(AdminFunctions.SgpImport, auditor.Functions);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.GetRequiredService<AuditSearch>()
            .SearchAsync(auditor, new AuditQuery()));

        var self = await RowAsync(DemoRun(AccessLevel.N2));
        var ex = await Assert.ThrowsAsync<DomainException>(() => _admin.AssignFunctionsAsync(_itHead, self.Id, self.Version, AdminFunctions.None));
        Assert.Contains("propias funciones", ex.Message);
        Assert.Equal(AdminFunctions.Full, (await RowAsync(DemoRun(AccessLevel.N2))).Functions);
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == OperatorAuditActions.FunctionsAssigned && a.Resource == $"operador/{row.Id}");
    }

    [Fact]
    public async Task Functions_BelongToAdministratorsOnly_AndAreDroppedWhenTheLevelChanges()
    {
        var caseworker = await RowAsync(DemoRun(AccessLevel.N6));
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _admin.AssignFunctionsAsync(_itHead, caseworker.Id, caseworker.Version, AdminFunctions.AuditTrail));
        Assert.Contains("Solo las personas administradoras", ex.Message);

        var auditor = await RowAsync(AuditorRun);
        await _admin.ChangeAccessAsync(_itHead, new ChangeOperatorAccess(auditor.Id, auditor.Version, AccessLevel.N1, ScopeKind.Nation, null));
        Assert.Equal(AdminFunctions.None, (await RowAsync(AuditorRun)).Functions);
    }

    [Fact]
    public async Task CataloguesAndSwitches_NeedTheCataloguesFunction()
    {
        var switches = _services.GetRequiredService<FeatureSwitches>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => switches.SetAsync(_auditor, Module.Referrals, false));
        Assert.True(await switches.IsEnabledAsync(Module.Referrals));

        var catalogues = await AdministratorWithAsync(12_400_005, AdminFunctions.Catalogues);
        await switches.SetAsync(catalogues, Module.Referrals, false);
        Assert.False(await switches.IsEnabledAsync(Module.Referrals));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.ListAsync(catalogues));
    }

    private static Run DemoRun(AccessLevel level) => SIIVbG.Infrastructure.Seeding.DemoData.Operators.First(o => o.Active && o.Level == level).Run;
}
