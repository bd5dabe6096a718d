using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Web.Components.Pages;

namespace SIIVbG.Tests.Web;

/// <summary>A signed-in operator never stays on the login page: the agreement comes first, then her daily panel.</summary>
[Trait("Area", "Auth")]
public sealed class HomeTests
{
    [Fact]
    public async Task Home_SendsAnOperatorWithoutAgreement_ToTheAgreement()
    {
        await using var ctx = WebTestHost.NewContext();
        ctx.SignIn(WebTestHost.Fabricated(AccessLevel.N6) with { AgreementAcceptedAt = null });

        ctx.Render<Home>();

        Assert.Equal("http://localhost/acuerdo-confidencialidad", ctx.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Theory]
    [InlineData(AccessLevel.N1, "/panel/datos-agregados")]
    [InlineData(AccessLevel.N2, "/panel/administracion")]
    [InlineData(AccessLevel.N5, "/panel/casos")]
    [InlineData(AccessLevel.N6, "/panel/casos")]
    public async Task Home_SendsAnOperatorWithAgreement_ToTheLandingPanelOfHerLevel(AccessLevel level, string path)
    {
        await using var ctx = WebTestHost.NewContext();
        ctx.SignIn(WebTestHost.Fabricated(level));

        ctx.Render<Home>();

        Assert.Equal("http://localhost" + path, ctx.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task Home_ForAnonymousVisitor_OffersClaveUnicaLogin_AndStays()
    {
        await using var ctx = WebTestHost.NewContext();
        ctx.AddAuthorization().SetNotAuthorized();

        var cut = ctx.Render<Home>();

        Assert.Equal("http://localhost/", ctx.Services.GetRequiredService<NavigationManager>().Uri);
        var login = cut.Find("[data-testid=ingresar]");
        var form = login.Closest("form")!;
        Assert.Equal("/cuenta/ingresar", form.GetAttribute("action"));
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("submit", login.GetAttribute("type"));
        Assert.Equal("Ingresar con ClaveÚnica", login.TextContent.Trim());
    }
}
