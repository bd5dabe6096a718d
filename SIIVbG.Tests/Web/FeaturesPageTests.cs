using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Referrals;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Infrastructure;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Administration;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Access")]
public sealed class FeaturesPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Administrator_TurnsReferralsOff_AndAddsAnInstitution_ThatReferralsCanThenChoose()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        var cut = ctx.Render<FeaturesPage>();
        cut.WaitForElement("[data-testid=modulo][data-modulo=Referrals]", Wait);

        await cut.InvokeAsync(() => cut.Find("[data-testid=modulo][data-modulo=Referrals] [data-testid=modulo-cambiar]").Click());
        cut.WaitForAssertion(() => Assert.Equal("no", cut.Find("[data-testid=modulo][data-modulo=Referrals]").GetAttribute("data-activo")), Wait);

        await cut.InvokeAsync(() => cut.Find("#institucion-codigo").Change("x"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=institucion-agregar]").Click());
        cut.WaitForAssertion(() => Assert.Contains("entre 2 y 20", cut.Find("[data-testid=catalogos-error]").TextContent), Wait);

        await cut.InvokeAsync(() => cut.Find("#institucion-codigo").Change("oirs-demo"));
        await cut.InvokeAsync(() => cut.Find("#institucion-nombre").Change("Oficina de atención ciudadana (ficticia)"));
        await cut.InvokeAsync(() => cut.Find("#institucion-tipo").Change("Atención ciudadana"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=institucion-agregar]").Click());
        cut.WaitForElement("[data-testid=institucion][data-codigo=OIRS-DEMO]", Wait);

        await cut.InvokeAsync(() => cut.Find("[data-testid=modulo][data-modulo=Referrals] [data-testid=modulo-cambiar]").Click());
        cut.WaitForAssertion(() => Assert.Equal("si", cut.Find("[data-testid=modulo][data-modulo=Referrals]").GetAttribute("data-activo")), Wait);
        await using var services = db.CreateServices();
        var worker = await services.SignedInAsync(SIIVbG.Domain.Identity.Run.FromNumber(10_666_777));
        var woman = (await services.GetRequiredService<SurvivorRegistry>().RegisterAsync(worker, new RegisterSurvivor(
            SIIVbG.Domain.Identity.Run.FromNumber(54_000_001).ToString(), null, "Wilma", "Demo Catálogo", null))).SurvivorId;
        Assert.Contains((await services.GetRequiredService<ReferralService>().DraftAsync(worker, woman)).Institutions, i => i.Code == "OIRS-DEMO");
    }
}
