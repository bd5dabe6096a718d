using Microsoft.Playwright;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Tests.EndToEnd;

/// <summary>What a person does in the browser, in the portal's own words.</summary>
internal static class Journeys
{
    /// <summary>Blazor's prerendered HTML is not interactive yet: the layout flips this marker once the circuit is live.</summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive='true']").First.WaitForAsync();

    /// <summary>From the portal's home, through the ClaveÚnica simulator's picker, back to the portal.</summary>
    public static async Task SignInAsync(this IPage page, string node, Run run, bool acceptAgreement = true)
    {
        await page.GotoAsync(node + "/");
        await page.ClickIngresarAsync(node);
        await page.Locator($"[data-run='{run}']").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(node));
        if (acceptAgreement && page.Url.Contains("/acuerdo-confidencialidad"))
        {
            await page.WaitInteractiveAsync();
            await page.GetByTestId("aceptar-acuerdo").ClickAsync();
            await page.WaitForURLAsync(url => url.StartsWith(node) && !url.Contains("/acuerdo-confidencialidad") && !url.Contains("/cuenta/"));
        }
    }

    /// <summary>
    /// Opens a tab of her file and waits for <paramref name="content"/> in it. A live re-read of the file (another tab or
    /// node saved something about her) can re-render the tabs just as the click lands; a person would click again.
    /// </summary>
    public static async Task OpenFileTabAsync(this IPage page, string tab, ILocator content, int count)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            try
            {
                await Assertions.Expect(content).ToHaveCountAsync(count, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                Console.WriteLine($"OpenFileTab: '{tab}' did not show its content after click {attempt}; clicking again.");
            }
        }
    }

    /// <summary>Types a RUN into the simulator's free field (used for unregistered people).</summary>
    public static async Task SignInTypingRunAsync(this IPage page, string node, string runText)
    {
        await page.GotoAsync(node + "/");
        await page.ClickIngresarAsync(node);
        await page.Locator("#run-input").FillAsync(runText);
        await page.Locator("#run-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(node));
    }

    /// <summary>
    /// Presses "Ingresar con ClaveÚnica" and waits to leave the portal for ClaveÚnica. On a starved machine the first press
    /// can land before the page is ready; a person would press again, and so does this — once, saying so in the output.
    /// </summary>
    private static async Task ClickIngresarAsync(this IPage page, string node)
    {
        await page.GetByTestId("ingresar").ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.StartsWith(node, StringComparison.Ordinal), new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"SignIn: still on {page.Url} 10 s after pressing Ingresar; pressing again.");
            await page.GotoAsync(node + "/");
            await page.GetByTestId("ingresar").ClickAsync();
            await page.WaitForURLAsync(url => !url.StartsWith(node, StringComparison.Ordinal), new() { Timeout = 30_000 });
        }
    }
}
