using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure.Registries;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

/// <summary>The identification tab's Registros del Estado panel against the real simulators.</summary>
[Trait("Area", "Registries")]
public sealed class RegistryPanelTests(RegistryDatabaseFixture sim) : IClassFixture<RegistryDatabaseFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private async Task<(BunitContext Ctx, IRenderedComponent<RegistryPanel> Cut)> RenderAsync(int from)
    {
        var ctx = WebTestHost.NewContext(sim.Database, sim.Settings(totalSeconds: 3));
        var worker = (await WebTestHost.DemoOperatorAsync(sim.Database, Run.FromNumber(10_666_777))).WithAgreement();
        ctx.SignIn(worker);
        var registry = ctx.Services.GetRequiredService<SurvivorRegistry>();
        var run = RegistryConnectorTests.RunWhere(from, n => n % 7 == 0 && n % 11 != 0 && n % 97 != 0 && n % 5 != 0);
        var woman = (await registry.RegisterAsync(worker.ToSignedIn(), new RegisterSurvivor(run.ToString(), null, "Selena", "Demo Panel",
            new DateOnly(1988, 3, 3)))).SurvivorId;
        var file = await registry.OpenFileAsync(worker.ToSignedIn(), woman);
        return (ctx, ctx.Render<RegistryPanel>(p => p.Add(x => x.Identity, file.Identity).Add(x => x.CanEdit, true)));
    }

    [Fact]
    public async Task Caseworker_SeesTheCivilRecordBesideHers_MarkedWhereItDiffers_AndTheHousehold()
    {
        await sim.SetModeAsync("all", "ok");
        var (ctx, cut) = await RenderAsync(18_000_000);
        await using var _ = ctx;

        await cut.InvokeAsync(() => cut.Find("[data-testid=consultar-registro-civil]").Click());
        cut.WaitForAssertion(() => Assert.Equal("si", cut.Find("[data-testid=comparacion][data-campo=birth-date]").GetAttribute("data-difiere")), Wait);
        Assert.Equal("no", cut.Find("[data-testid=comparacion][data-campo=names]").GetAttribute("data-difiere"));
        Assert.StartsWith("Fuente: Registro Civil, consultado el", cut.Find("[data-testid=registro-civil-fuente]").TextContent.Trim());
        Assert.Single(cut.FindAll("[data-testid=adoptar-registro-civil]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=consultar-rsh]").Click());
        cut.WaitForAssertion(() => Assert.Matches(@"^\d{2,3}%$", cut.Find("[data-testid=rsh-tramo]").TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task WhenTheRegistryIsDown_ThePanelSaysSo_InSpanish()
    {
        await sim.SetModeAsync("registro-civil", "down");
        try
        {
            var (ctx, cut) = await RenderAsync(18_100_000);
            await using var _ = ctx;
            await cut.InvokeAsync(() => cut.Find("[data-testid=consultar-registro-civil]").Click());
            cut.WaitForAssertion(() => Assert.StartsWith("Registro Civil no responde en este momento",
                cut.Find("[data-testid=registro-civil-estado]").TextContent.Trim()), Wait);
            Assert.Empty(cut.FindAll("[data-testid=comparacion]"));
        }
        finally { await sim.SetModeAsync("all", "ok"); }
    }
}
