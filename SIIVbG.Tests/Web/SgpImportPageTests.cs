using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Sgp;
using SIIVbG.Tests.EndToEnd;
using SIIVbG.Tests.Sgp;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Administration;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Sgp")]
public sealed class SgpImportPageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Page_ListsTheRunWithItsCounts_ShowsTheQuarantine_AndConfirmsADoubtfulMatch()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = SgpImportTestFiles.NightWithADoubtfulRow();
        await using (var services = db.CreateServices())
            await services.GetRequiredService<SgpImporter>().ImportAsync(folder);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());

        ctx.RenderAsInteractiveServer();
        var cut = ctx.Render<SgpImportPage>();

        cut.WaitForAssertion(() => Assert.Contains("en cuarentena 4", cut.Find("[data-testid=sgp-corrida][data-estado=applied] [data-testid=sgp-conteos]").TextContent), Timeout);
        Assert.Contains("sin fuente configurada", cut.Find("[data-testid=sgp-fuente]").TextContent);
        Assert.True(cut.Find("[data-testid=importar-sgp]").HasAttribute("disabled"));
        cut.Find("[data-testid=sgp-ver-reporte]").Click();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=sgp-cuarentena-fila]").Count), Timeout);
        var review = cut.Find("[data-testid=sgp-revision][data-estado=pending]");
        Assert.Contains("Soledad Soto Núñez", review.TextContent);
        Assert.Contains("Soledad Patricia Soto Núñez", review.TextContent);

        cut.Find("[data-testid=sgp-confirmar]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sgp-revision][data-estado=confirmed] [data-testid=sgp-deshacer]")), Timeout);
        cut.Find("[data-testid=sgp-deshacer]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Indique por qué se deshace la fusión.", cut.Find("[data-testid=sgp-mensaje]").TextContent.Trim()), Timeout);
    }
}
