using Microsoft.Playwright;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class CircuitLimitJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task AnOperatorOverHerTabLimit_GetsANoticeInsteadOfThePage_AndClosingATabFreesItsPlace()
    {
        await using var node = await portal.StartExtraNodeAsync("nodo-limite-pestanas", new Dictionary<string, string> { ["Security__MaxCircuitsPerOperator"] = "2" });
        var head = DemoData.Operators.Single(o => o.Run.Number == 11_222_333).Run;
        // Signed in once through node A (the simulator knows its address); the session serves every node of the portal.
        var signedIn = await portal.NewPageAsync();
        await signedIn.SignInAsync(portal.NodeA.BaseUrl, head);
        await signedIn.GotoAsync("about:blank");
        async Task<IPage> OpenAsync(string path = "/panel/casos")
        {
            var page = await signedIn.Context.NewPageAsync();
            await page.GotoAsync(node.BaseUrl + path);
            await page.Locator("[data-interactive='true']").First.WaitForAsync(new() { Timeout = 60_000 });
            return page;
        }

        var first = await OpenAsync();
        var second = await OpenAsync();
        var third = await OpenAsync();

        await Assertions.Expect(third.GetByTestId("demasiadas-pestanas")).ToBeVisibleAsync();
        await Assertions.Expect(third.GetByTestId("panel-titulo")).ToHaveCountAsync(0);
        await Assertions.Expect(first.GetByTestId("panel-titulo")).ToBeVisibleAsync();
        await Assertions.Expect(second.GetByTestId("demasiadas-pestanas")).ToHaveCountAsync(0);

        await first.CloseAsync();
        await third.CloseAsync();
        var fourth = await OpenAsync();
        await Assertions.Expect(fourth.GetByTestId("panel-titulo")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(fourth.GetByTestId("demasiadas-pestanas")).ToHaveCountAsync(0);

        // The Derivaciones page is static around its live queue (ADR 026): the queue counts as a tab and is refused the same way.
        var queue = await OpenAsync("/panel/casos/derivaciones");
        await Assertions.Expect(queue.GetByTestId("demasiadas-pestanas")).ToBeVisibleAsync();
        await Assertions.Expect(queue.GetByTestId("derivaciones-filtros")).ToHaveCountAsync(0);
        await second.CloseAsync();
        await queue.CloseAsync();
        var queueAgain = await OpenAsync("/panel/casos/derivaciones");
        await Assertions.Expect(queueAgain.GetByTestId("derivaciones-filtros")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(queueAgain.GetByTestId("demasiadas-pestanas")).ToHaveCountAsync(0);
    }
}
