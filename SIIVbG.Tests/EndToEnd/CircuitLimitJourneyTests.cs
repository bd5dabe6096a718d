using Microsoft.Playwright;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.EndToEnd;

[Trait("Area", "Access")]
[Collection(PortalCollection.Name)]
public sealed class CircuitLimitJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task AnOperatorOverHerTabLimit_GetsANoticeInsteadOfThePage()
    {
        await using var node = await portal.StartExtraNodeAsync("nodo-limite-pestanas", new Dictionary<string, string> { ["Security__MaxCircuitsPerOperator"] = "2" });
        var caseworker = DemoData.Operators.Single(o => o.Run.Number == 10_777_888).Run;
        // Signed in once through node A (whose address the simulator knows); the session is honoured by every node, and
        // every tab of this browser context is the same operator.
        var signedIn = await portal.NewPageAsync();
        await signedIn.SignInAsync(portal.NodeA.BaseUrl, caseworker);
        await signedIn.GotoAsync("about:blank");   // its own circuit on node A closes: only the node under test counts
        async Task<IPage> OpenAsync()
        {
            var page = await signedIn.Context.NewPageAsync();
            await page.GotoAsync(node.BaseUrl + "/panel/casos");
            // A third web process beside the fixture's two: under the full suite its circuits start slowly.
            await page.Locator("#siivbg-root[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
            return page;
        }

        var first = await OpenAsync();
        var second = await OpenAsync();
        var third = await OpenAsync();

        await Assertions.Expect(first.GetByTestId("demasiadas-pestanas")).ToHaveCountAsync(0);
        await Assertions.Expect(second.GetByTestId("demasiadas-pestanas")).ToHaveCountAsync(0);
        await Assertions.Expect(third.GetByTestId("demasiadas-pestanas")).ToBeVisibleAsync();
        await Assertions.Expect(third.GetByTestId("panel-titulo")).ToHaveCountAsync(0);
        await Assertions.Expect(second.GetByTestId("panel-titulo")).ToBeVisibleAsync();

        // That a closed tab frees its place is held by OperatorCircuitsTests and the handler's connection-down path; a
        // fourth tab after closing the first did not become interactive within 60 s under the full suite (not alone):
        // open question recorded in ADR 017.
    }
}
