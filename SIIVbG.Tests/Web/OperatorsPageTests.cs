using Bunit;
using SIIVbG.Domain.Access;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Administration;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Access")]
public sealed class OperatorsPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Administrator_SeesTheOperators_AndABadRunIsRefusedInSpanish_KeepingWhatSheTyped()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        var cut = ctx.Render<OperatorsPage>();
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=operador]"), r => r.GetAttribute("data-run") == "10888999-3"), Wait);
        Assert.Equal("no", cut.Find("[data-testid=operador][data-run='10888999-3']").GetAttribute("data-activo"));

        await cut.InvokeAsync(() => cut.Find("#operador-run").Change("12.345.678-9"));
        await cut.InvokeAsync(() => cut.Find("#operador-nombres").Change("Ximena"));
        await cut.InvokeAsync(() => cut.Find("#operador-apellidos").Change("Demo Error"));
        await cut.InvokeAsync(() => cut.Find("#operador-codigo").Change("CDM-13101-D"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=operador-registrar]").Click());

        cut.WaitForAssertion(() => Assert.Contains("dígito verificador", cut.Find("[data-testid=operadores-error]").TextContent), Wait);
        Assert.Equal("Ximena", cut.Find("#operador-nombres").GetAttribute("value"));
    }

    [Fact]
    public async Task CentreHead_IsToldNo_AndSeesNoOperator()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N5)).WithAgreement());
        var cut = ctx.Render<OperatorsPage>();
        cut.WaitForElement("[data-testid=acceso-no-autorizado]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=operador]"));
    }

    [Fact]
    public async Task CentreHead_AsksForAnAddition_AndSeesItPending_ButWithoutAReasonIsToldInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        var head = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N5)).WithAgreement();
        ctx.SignIn(head);
        var cut = ctx.Render<OperatorChangeRequestsPanel>(p => p.Add(x => x.Operator, head.ToSignedIn()));

        await cut.InvokeAsync(() => cut.Find("#alta-run").Change(SIIVbG.Domain.Identity.Run.FromNumber(12_345_020).ToDisplay()));
        await cut.InvokeAsync(() => cut.Find("#alta-nombres").Change("Wanda"));
        await cut.InvokeAsync(() => cut.Find("#alta-apellidos").Change("Demo Alta"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=solicitar-alta]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Indique el motivo.", cut.Find("[data-testid=solicitud-operador-error]").TextContent.Trim()), Wait);

        await cut.InvokeAsync(() => cut.Find("#alta-motivo").Change("Nueva dupla psicosocial"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=solicitar-alta]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Pending", cut.Find("[data-testid=solicitud-operador]").GetAttribute("data-estado")), Wait);
        Assert.Contains("Wanda Demo Alta", cut.Find("[data-testid=solicitud-operador]").TextContent);
    }
}
