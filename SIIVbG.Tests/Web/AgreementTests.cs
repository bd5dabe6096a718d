using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Components.Pages;

namespace SIIVbG.Tests.Web;

/// <summary>An operator accepts the confidentiality agreement once, before anything else; the cookie is then re-issued.</summary>
[Trait("Area", "Auth")]
public sealed class AgreementTests
{
    [Fact]
    public async Task AcceptingTheAgreement_RecordsItInTheRegistry_AndReissuesTheCookieThroughAFullPageLoad()
    {
        await using var db = await TestDatabase.CreateAsync();
        var op = await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6);
        Assert.Null(op.AgreementAcceptedAt);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var before = DateTimeOffset.UtcNow;

        var cut = ctx.Render<Agreement>();
        await cut.Find("[data-testid=aceptar-acuerdo]").ClickAsync(new());

        var standing = await ctx.Services.GetRequiredService<OperatorDirectory>().GetStandingAsync(op.Id);
        Assert.NotNull(standing?.AgreementAcceptedAt);
        Assert.InRange(standing!.AgreementAcceptedAt!.Value, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        var navigation = (BunitNavigationManager)ctx.Services.GetRequiredService<NavigationManager>();
        Assert.Equal("http://localhost/cuenta/renovar", navigation.Uri);
        // The claims live in the cookie: only a plain HTTP request to /cuenta/renovar can re-issue it.
        Assert.True(navigation.History.First().Options.ForceLoad);
        Assert.Empty(cut.FindAll("[data-testid=aceptar-acuerdo]"));
    }
}
