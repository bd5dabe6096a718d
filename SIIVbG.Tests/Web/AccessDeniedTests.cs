using Bunit;
using SIIVbG.Web.Components.Shared;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Auth")]
public sealed class AccessDeniedTests
{
    [Fact]
    public async Task AccessDenied_TellsTheOperatorInSpanish_AndOffersTheWayBackHome()
    {
        await using var ctx = WebTestHost.NewContext();

        var cut = ctx.Render<AccessDenied>();

        var panel = cut.Find("[data-testid=acceso-no-autorizado]");
        Assert.Equal("Acceso no autorizado", panel.QuerySelector("h4")?.TextContent.Trim());
        Assert.Contains("Su RUN no está habilitado para este recurso.", panel.TextContent);
        var home = Assert.Single(cut.FindAll("a[href='/']"));
        Assert.Equal("Volver al inicio", home.TextContent.Trim());
    }
}
