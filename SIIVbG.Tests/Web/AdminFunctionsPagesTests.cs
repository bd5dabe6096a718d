using Bunit;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Administration;

namespace SIIVbG.Tests.Web;

/// <summary>Differentiated administrator rights on the pages (ADR 023): each N2 sees the sections of her functions.</summary>
[Trait("Area", "Access")]
public sealed class AdminFunctionsPagesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly Run AuditorRun = Run.FromNumber(11_333_444);

    [Fact]
    public async Task AdminPanel_ForAnAuditAndConnectionsAdministrator_ShowsOnlyThoseSections()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AuditorRun)).WithAgreement());
        ctx.RenderAsInteractiveServer();

        var cut = ctx.Render<AdminPanel>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=auditoria]")), Wait);
        Assert.Single(cut.FindAll("[data-testid=abrir-conexiones]"));
        Assert.Contains("Registro y control de acceso", cut.Find("[data-testid=funciones-admin]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=abrir-operadores]"));
        Assert.Empty(cut.FindAll("[data-testid=abrir-funcionalidades]"));
        Assert.Empty(cut.FindAll("[data-testid=publicar-aviso]"));
        Assert.Empty(cut.FindAll("[data-testid=abrir-sgp]"));
    }

    [Fact]
    public async Task OperatorsPage_ForAnAuditor_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AuditorRun)).WithAgreement());
        var cut = ctx.Render<OperatorsPage>();
        cut.WaitForElement("[data-testid=acceso-no-autorizado]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=operador]"));
    }

    [Fact]
    public async Task OperatorsPage_TheItHead_GivesAnAdministratorTheSgpFunction_AndTheRowSaysSo()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        var cut = ctx.Render<OperatorsPage>();
        var row = $"[data-testid=operador][data-run='{AuditorRun}']";
        cut.WaitForAssertion(() => Assert.Contains("Registro y control de acceso", cut.Find($"{row} [data-testid=operador-funciones]").TextContent), Wait);
        Assert.Contains(cut.FindAll("#operador-nivel option"), o => o.TextContent == "N2");

        await cut.InvokeAsync(() => cut.Find($"{row} [data-testid=operador-editar]").Click());
        await cut.InvokeAsync(() => cut.Find("[data-funcion=AuditTrail]").Change(false));
        await cut.InvokeAsync(() => cut.Find("[data-funcion=Connections]").Change(false));
        await cut.InvokeAsync(() => cut.Find("[data-funcion=SgpImport]").Change(true));
        await cut.InvokeAsync(() => cut.Find("[data-testid=operador-guardar-funciones]").Click());

        cut.WaitForAssertion(() => Assert.Equal("Importación SGP", cut.Find($"{row} [data-testid=operador-funciones]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=operadores-error]"));
        // She has no editor for herself.
        var self = $"[data-testid=operador][data-run='{Run.FromNumber(10_222_333)}']";
        Assert.Empty(cut.FindAll($"{self} [data-testid=operador-editar]"));
    }
}

/// <summary>The cookie carries the functions; when the registry's differ, the session no longer matches and is ended.</summary>
[Trait("Area", "Access")]
public sealed class AdminFunctionsClaimsTests
{
    private static SIIVbG.Infrastructure.Operators.OperatorStanding Standing(AccessLevel level, AdminFunctions functions) =>
        new(Guid.Parse("00000000-0000-4000-8000-000000000042"), "11333444-0", "Rosa Demo Auditora", level, ScopeKind.Nation, null, true,
            DateTimeOffset.UnixEpoch, functions);

    [Fact]
    public void ThePrincipal_CarriesTheFunctions_AndStopsMatchingWhenTheyChange()
    {
        var granted = Standing(AccessLevel.N2, AdminFunctions.AuditTrail | AdminFunctions.Connections);
        var principal = SIIVbG.Web.Auth.OperatorClaims.CreatePrincipal(granted, "test");

        Assert.Equal(granted.Functions, SIIVbG.Web.Auth.OperatorClaims.ToOperator(principal)!.Functions);
        Assert.True(SIIVbG.Web.Auth.OperatorClaims.StillMatches(principal, granted));
        Assert.False(SIIVbG.Web.Auth.OperatorClaims.StillMatches(principal, granted with { Functions = AdminFunctions.AuditTrail }));
        Assert.False(SIIVbG.Web.Auth.OperatorClaims.StillMatches(principal, granted with { Functions = AdminFunctions.Full }));
    }

    [Fact]
    public void AFunctionsClaim_OnANonAdministrator_GivesNothing()
    {
        var principal = SIIVbG.Web.Auth.OperatorClaims.CreatePrincipal(Standing(AccessLevel.N1, AdminFunctions.Full), "test");
        Assert.Equal(AdminFunctions.None, SIIVbG.Web.Auth.OperatorClaims.ToOperator(principal)!.Functions);
    }
}
