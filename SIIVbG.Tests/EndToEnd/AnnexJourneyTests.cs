using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Tests.Domain.Attachments;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Registry")]
[Collection(PortalCollection.Name)]
public sealed class AnnexJourneyTests(PortalFixture portal)
{
    private static readonly DemoOperator Caseworker = DemoData.Operators.Single(o => o.Run.Number == 10_666_777);

    [Fact]
    public async Task Caseworker_UploadsAnAnnex_ViewsIt_AndDownloadsItWithAReasonThatIsAuditedAndNeverInTheUrl()
    {
        var run = Run.FromNumber(Random.Shared.Next(46_000_000, 46_999_999));
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, Caseworker.Run);
        await page.WaitInteractiveAsync();
        await page.Locator("#busqueda").FillAsync(run.ToDisplay());
        await page.GetByTestId("buscar").ClickAsync();
        await page.Locator("#registro-nombres").FillAsync("Renata");
        await page.Locator("#registro-apellidos").FillAsync("Demo Anexos");
        await page.GetByTestId("registrar").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sobreviviente-nombre")).ToBeVisibleAsync();

        // Her new file re-reads live just after registration; a choice made while the tabs re-render is made again.
        for (var attempt = 1; ; attempt++)
        {
            await page.OpenFileTabAsync("Anexos", page.Locator("[data-testid=nuevo-anexo] input[type=file]"), 1);
            await page.Locator("[data-testid=nuevo-anexo] input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "resolucion-ficticia.pdf", MimeType = "application/pdf", Buffer = SampleFiles.Pdf(),
            });
            try
            {
                await Assertions.Expect(page.GetByTestId("anexo-elegido")).ToBeVisibleAsync();
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                Console.WriteLine($"Annex journey: the chosen file did not show after attempt {attempt}; choosing again.");
            }
        }
        await page.GetByTestId("subir-anexo").ClickAsync();
        await Assertions.Expect(page.GetByTestId("anexo")).ToContainTextAsync("resolucion-ficticia.pdf");

        var viewer = await page.RunAndWaitForPopupAsync(() => page.GetByTestId("anexo-ver").ClickAsync());
        Assert.Matches(@"/anexos/[0-9a-f-]{36}$", viewer.Url);
        await viewer.CloseAsync();

        await page.GetByTestId("anexo-descargar").ClickAsync();
        await Assertions.Expect(page.GetByTestId("anexo-confirmar-descarga")).ToBeDisabledAsync();
        await page.Locator("#anexo-motivo").FillAsync("Oficio ficticio del tribunal");
        await Assertions.Expect(page.GetByTestId("anexo-confirmar-descarga")).ToBeEnabledAsync();
        var requests = new List<string>();
        page.Context.Request += (_, r) => requests.Add(r.Url);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("anexo-confirmar-descarga").ClickAsync());

        Assert.Equal("resolucion-ficticia.pdf", download.SuggestedFilename);
        Assert.Equal(SampleFiles.Pdf(), await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.DoesNotContain(requests, url => url.Contains("motivo", StringComparison.OrdinalIgnoreCase) || url.Contains("Oficio"));
        await using var services = portal.Database.CreateServices();
        await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        var audited = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AttachmentAuditActions.Downloaded && a.OperatorRun == Caseworker.Run.ToString())
            .OrderByDescending(a => a.Sequence).FirstAsync();
        Assert.Equal("Oficio ficticio del tribunal", audited.Reason);
    }
}

