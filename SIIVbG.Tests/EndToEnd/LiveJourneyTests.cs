using Microsoft.Playwright;
using Npgsql;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Live")]
[Collection(PortalCollection.Name)]
public sealed class LiveJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task NoticePostedOnNodeA_AppearsOnAnOpenPageOfNodeB_AndGoesWhenWithdrawn()
    {
        var caseworker = await portal.NewPageAsync();
        await caseworker.SignInAsync(portal.NodeB.BaseUrl, DemoData.Operators[5].Run);
        await caseworker.WaitInteractiveAsync();
        var admin = await portal.NewPageAsync();
        await admin.SignInAsync(portal.NodeA.BaseUrl, DemoData.Operators[1].Run);
        await admin.WaitInteractiveAsync();
        var text = $"Mantención programada {Guid.NewGuid():N}";

        await admin.Locator("#aviso-texto").FillAsync(text);
        await admin.GetByTestId("publicar-aviso").ClickAsync();

        var notice = caseworker.GetByTestId("aviso").Filter(new() { HasText = text });
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 5_000 });

        await admin.GetByRole(AriaRole.Button, new() { Name = "Retirar" }).Last.ClickAsync();
        await Assertions.Expect(notice).ToHaveCountAsync(0, new() { Timeout = 5_000 });
    }
}

[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class RevocationJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task DeactivatedOperator_LosesHerOpenTab_WithinTheRevalidationInterval()
    {
        var operatorToDeactivate = DemoData.Operators.Single(o => o.Run.Number == 10_777_888);
        var page = await portal.NewPageAsync();
        await page.SignInAsync(portal.NodeB.BaseUrl, operatorToDeactivate.Run);
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("panel-titulo")).ToBeVisibleAsync();

        await using (var conn = await portal.Database.OpenOwnerConnectionAsync())
        await using (var cmd = new NpgsqlCommand("UPDATE operators SET is_active = false WHERE run = @run", conn))
        {
            cmd.Parameters.AddWithValue("run", operatorToDeactivate.Run.ToString());
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        // The circuit is re-checked every interval; allow one interval plus the time to re-render.
        var limit = PortalFixture.RevalidationInterval * 2 + TimeSpan.FromSeconds(2);
        await Assertions.Expect(page.GetByTestId("acceso-no-autorizado"))
            .ToBeVisibleAsync(new() { Timeout = (float)limit.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("panel-titulo")).ToHaveCountAsync(0);
    }
}
