using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Administration;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

/// <summary>The catalogues on the Catálogos y funcionalidades page reach the forms caseworkers use (ADR 024).</summary>
[Trait("Area", "Access")]
public sealed class CataloguePagesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Administrator_AddsAViolenceType_AfterABadCodeIsRefused_AndTheEpisodeFormOffersIt()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        var cut = ctx.Render<FeaturesPage>();
        cut.WaitForElement("[data-testid=catalogo-tipos-violencia] [data-testid=entrada][data-codigo=FISICA]", Wait);

        await cut.InvokeAsync(() => cut.Find("#tipos-violencia-codigo").Change("V"));
        await cut.InvokeAsync(() => cut.Find("#tipos-violencia-nombre").Change("Vicaria"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=tipos-violencia-agregar]").Click());
        cut.WaitForAssertion(() => Assert.Contains("entre 2 y 60", cut.Find("[data-testid=tipos-violencia-error]").TextContent), Wait);
        Assert.Equal("Vicaria", cut.Find("#tipos-violencia-nombre").GetAttribute("value"));

        await cut.InvokeAsync(() => cut.Find("#tipos-violencia-codigo").Change("VICARIA"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=tipos-violencia-agregar]").Click());
        cut.WaitForElement("[data-testid=catalogo-tipos-violencia] [data-testid=entrada][data-codigo=VICARIA]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=tipos-violencia-error]"));

        // A caseworker's episode form (another circuit) now offers it.
        await using var other = WebTestHost.NewContext(db);
        var worker = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement();
        other.SignIn(worker);
        var registry = other.Services.GetRequiredService<SurvivorRegistry>();
        var woman = (await registry.RegisterAsync(worker.ToSignedIn(), new RegisterSurvivor(Run.FromNumber(55_100_001).ToString(), null, "Valeria", "Demo Vicaria", null))).SurvivorId;
        var file = await registry.OpenFileAsync(worker.ToSignedIn(), woman);
        var form = other.Render<EpisodesTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, woman));
        form.WaitForAssertion(() => Assert.Single(form.FindAll("[data-violence=VICARIA]")), Wait);
        Assert.Contains("Vicaria", form.Find("[data-testid=nuevo-episodio]").TextContent);
    }

    [Fact]
    public async Task Administrator_RenamesAnInterventionType_AndTurnsItOff()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn((await WebTestHost.DemoOperatorAsync(db, AccessLevel.N2)).WithAgreement());
        var cut = ctx.Render<FeaturesPage>();
        const string row = "[data-testid=catalogo-tipos-intervencion] [data-testid=entrada][data-codigo=ORIENTACION]";
        cut.WaitForElement(row, Wait);

        await cut.InvokeAsync(() => cut.Find($"{row} [data-testid=entrada-nombre]").Change("Orientación telefónica"));
        await cut.InvokeAsync(() => cut.Find($"{row} [data-testid=entrada-cambiar]").Click());

        cut.WaitForAssertion(() => Assert.Equal("no", cut.Find(row).GetAttribute("data-activa")), Wait);
        Assert.Equal("Orientación telefónica", cut.Find($"{row} [data-testid=entrada-nombre]").GetAttribute("value"));
    }
}

/// <summary>The registration form offers the catalogue's intervention types for the case it opens.</summary>
[Trait("Area", "Access")]
public sealed class InterventionTypeFormTests
{
    [Fact]
    public async Task RegisterForm_OffersTheActiveInterventionTypes_AndTheCaseOpensWithTheChosenOne()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ctx = WebTestHost.NewContext(db);
        var worker = (await WebTestHost.DemoOperatorAsync(db, AccessLevel.N6)).WithAgreement();
        ctx.SignIn(worker);
        var run = Run.FromNumber(55_300_001);
        var cut = ctx.Render<RegisterSurvivorForm>(p => p.Add(x => x.Run, run.ToString()));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("#registro-intervencion option"), o => o.TextContent == "Orientación e información"),
            TimeSpan.FromSeconds(15));

        await cut.InvokeAsync(() => cut.Find("#registro-nombres input, input#registro-nombres").Change("Luz"));
        await cut.InvokeAsync(() => cut.Find("#registro-apellidos input, input#registro-apellidos").Change("Demo Formulario"));
        await cut.InvokeAsync(() => cut.Find("#registro-intervencion").Change("ORIENTACION"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=registrar]").Click());
        // Registered, the form takes her to her file.
        var navigation = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("/panel/casos/sobreviviente/", navigation.Uri), TimeSpan.FromSeconds(15));

        var registry = ctx.Services.GetRequiredService<SurvivorRegistry>();
        var found = await registry.SearchAsync(worker.ToSignedIn(), run.ToString());
        var id = Assert.Single(found.Matches).Id;
        Assert.Equal("ORIENTACION", Assert.Single((await registry.OpenFileAsync(worker.ToSignedIn(), id)).Trajectory).InterventionType);
    }
}
