using Microsoft.Playwright;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

/// <summary>Application logs never carry survivors' personal data (ASVS: no sensitive data in logs).</summary>
[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class PrivacyInLogsJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task AFullCaseworkerJourney_LeavesNoNameRunOrNarrativeOfHersInTheLogs()
    {
        var run = Run.FromNumber(Random.Shared.Next(47_000_000, 47_999_999));
        const string given = "Zoraida Anacleta", surnames = "Demo Privadísima", narrative = "Relato ficticio reservado número siete";
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators.Single(o => o.Run.Number == 10_666_777).Run);
        await page.WaitInteractiveAsync();
        await page.Locator("#busqueda").FillAsync(run.ToDisplay());
        await page.GetByTestId("buscar").ClickAsync();
        await page.Locator("#registro-nombres").FillAsync(given);
        await page.Locator("#registro-apellidos").FillAsync(surnames);
        await page.GetByTestId("registrar").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sobreviviente-nombre")).ToHaveTextAsync($"{given} {surnames}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Episodios de violencia" }).ClickAsync();
        await page.Locator("#episodio-fecha").FillAsync(DateTime.Today.AddDays(-1).ToString("yyyy-MM-dd"));
        await page.GetByText("Psicológica").ClickAsync();
        await page.Locator("#episodio-observaciones").FillAsync(narrative);
        await page.GetByTestId("guardar-episodio").ClickAsync();
        await Assertions.Expect(page.GetByTestId("episodio-guardado")).ToBeVisibleAsync();
        // A bad input and a search by name go through the logs' usual paths too.
        await page.GotoAsync(portal.NodeA.BaseUrl + "/panel/casos");
        await page.WaitInteractiveAsync();
        await page.Locator("#busqueda").FillAsync("Zoraida Privadisima");
        await page.GetByTestId("buscar").ClickAsync();
        await Assertions.Expect(page.GetByTestId("resultado")).ToHaveCountAsync(1);

        var logs = portal.AllLogs;
        Assert.Contains("Application started", logs);   // the nodes' logs are really captured
        foreach (var secret in new[] { "Zoraida", "Anacleta", "Privadísima", "Privadisima", narrative, run.ToString(), run.ToDisplay(),
                     run.Number.ToString() })
            Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase);
    }
}
