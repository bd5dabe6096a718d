using Bunit;
using SIIVbG.Domain.Access;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Components.Shared;

namespace SIIVbG.Tests.Web;

/// <summary>Every panel names the territory the operator works for, from the catalogue, in Spanish.</summary>
[Trait("Area", "Access")]
public sealed class OperatorScopeTests
{
    [Theory]
    [InlineData(AccessLevel.N2, "Ámbito: Nacional")]
    [InlineData(AccessLevel.N4, "Ámbito: Ente ejecutor · Corporación Demo Metropolitana")]
    [InlineData(AccessLevel.N5, "Ámbito: Centro · Centro de la Mujer Santiago Centro (demo)")]
    public async Task OperatorScope_NamesTheOperatorsTerritory(AccessLevel level, string expected)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, level)).WithAgreement());

        var cut = ctx.Render<OperatorScope>();

        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find("[data-testid=ambito]").TextContent.Trim()));
    }
}
