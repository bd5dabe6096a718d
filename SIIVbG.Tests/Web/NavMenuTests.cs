using Bunit;
using SIIVbG.Domain.Access;
using SIIVbG.Web.Auth;
using SIIVbG.Web.Components.Layout;

namespace SIIVbG.Tests.Web;

/// <summary>DESIGN §4: the navigation lists exactly the panels the operator's level opens, in navigation order.</summary>
[Trait("Area", "Access")]
public sealed class NavMenuTests
{
    private const string Aggregate = "Aggregate|/panel/datos-agregados|Panel de Datos Agregados";
    private const string Cases = "Cases|/panel/casos|Panel de Gestión de Casos";
    private const string Administration = "Administration|/panel/administracion|Panel de Administración";

    // Written out per level on purpose: the expectation must not be derived from AccessPolicy, the code under test.
    public static TheoryData<AccessLevel, string[]> PanelsByLevel => new()
    {
        { AccessLevel.N1, [Aggregate] },
        { AccessLevel.N2, [Administration] },
        { AccessLevel.N3, [Aggregate, Cases] },
        { AccessLevel.N4, [Aggregate, Cases, Administration] },
        { AccessLevel.N5, [Aggregate, Cases, Administration] },
        { AccessLevel.N6, [Cases] },
    };

    [Theory]
    [MemberData(nameof(PanelsByLevel))]
    public async Task NavMenu_LinksExactlyThePanelsOfTheLevel_WithTheirPathAndSpanishTitle(AccessLevel level, string[] expected)
    {
        await using var ctx = WebTestHost.NewContext();
        var user = OperatorClaims.CreatePrincipal(WebTestHost.Fabricated(level), "Cookies");

        var cut = ctx.Render<NavMenu>(p => p.Add(m => m.User, user));

        var links = cut.FindAll("[data-panel]").Select(e =>
        {
            var anchor = e.TagName == "A" ? e : e.QuerySelector("a") ?? throw new Xunit.Sdk.XunitException($"No link inside {e.OuterHtml}");
            return $"{e.GetAttribute("data-panel")}|{anchor.GetAttribute("href")}|{anchor.TextContent.Trim()}";
        }).ToArray();
        Assert.Equal(expected, links);
    }

    [Fact]
    public async Task NavMenu_ListsNothing_ForAPrincipalThatIsNotAnOperator()
    {
        await using var ctx = WebTestHost.NewContext();
        var anonymous = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());

        var cut = ctx.Render<NavMenu>(p => p.Add(m => m.User, anonymous));

        Assert.Empty(cut.FindAll("[data-panel]"));
        Assert.Empty(cut.FindAll("a"));
    }
}
