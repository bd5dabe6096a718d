using Bunit;
using SIIVbG.Domain.Access;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Cases;

namespace SIIVbG.Tests.Web;

/// <summary>N3 and N4 reach the case panel for the initial referral list only, never case detail (DESIGN §4).</summary>
[Trait("Area", "Access")]
public sealed class CasePanelTests
{
    private const string ReferralsOnly = "listado inicial de derivaciones";
    private const string CaseHistory = "Historial de sobrevivientes, casos, episodios y derivaciones de su centro.";

    [Theory]
    [InlineData(AccessLevel.N3)]
    [InlineData(AccessLevel.N4)]
    public async Task CasePanel_ForALevelWithoutCaseDetail_SaysItOpensOnlyTheReferralList(AccessLevel level)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, level)).WithAgreement());

        var cut = ctx.Render<CasePanel>();

        cut.WaitForAssertion(() => Assert.Contains(ReferralsOnly, cut.Markup));
        Assert.DoesNotContain(CaseHistory, cut.Markup);
    }

    [Theory]
    [InlineData(AccessLevel.N5)]
    [InlineData(AccessLevel.N6)]
    public async Task CasePanel_ForALevelWithCaseDetail_ShowsTheCaseHistory_NotTheReferralsOnlyNotice(AccessLevel level)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, level)).WithAgreement());

        var cut = ctx.Render<CasePanel>();

        // The scope chip comes from the database: once it is there, the panel has rendered for her level.
        cut.WaitForElement("[data-testid=ambito]");
        Assert.Contains(CaseHistory, cut.Markup);
        Assert.DoesNotContain(ReferralsOnly, cut.Markup);
    }
}
