using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;
using SIIVbG.Web.Features.Survivors;

namespace SIIVbG.Tests.Web;

[Trait("Area", "Registry")]
public sealed class CaseAndRelatedPersonsTabTests
{
    private static async Task<(Guid Id, SurvivorFile File, SIIVbG.Infrastructure.Operators.OperatorStanding Op)> WomanAsync(TestDatabase db, int run)
    {
        await using var services = db.CreateServices();
        var op = await WebTestHost.DemoOperatorAsync(services, AccessLevel.N6);
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var id = (await registry.RegisterAsync(op.ToSignedIn(), new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Julia", "Demo Torres", null))).SurvivorId;
        return (id, await registry.OpenFileAsync(op.ToSignedIn(), id), op.WithAgreement());
    }

    [Fact]
    public async Task CaseActions_OfferOnlyTheStepsTheLifeCycleAllows_AndDropoutWithoutReasonIsRefusedInSpanish()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (id, file, op) = await WomanAsync(db, 46_000_001);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);
        var cases = ctx.Services.GetRequiredService<CaseService>();
        var caseId = file.Trajectory.Single().Id;
        await cases.MoveAsync(op.ToSignedIn(), new CaseTransition(caseId, (await cases.VersionsAsync(id))[caseId], CaseStep.Admit, null));
        file = await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(op.ToSignedIn(), id);

        var cut = ctx.Render<CaseActions>(p => p.Add(x => x.File, file));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='aplicar-paso']")));
        // From ingreso the domain allows intervención or deserción; exactly those are offered.
        cut.WaitForAssertion(() => Assert.Equal(["StartIntervention", "RecordDropout"], cut.FindAll("[data-step]").Select(e => e.GetAttribute("data-step"))));
        cut.Find("input[data-step='RecordDropout']").Click();
        cut.Find("[data-testid='aplicar-paso']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Indique el motivo de la deserción.", cut.Find("[data-testid='caso-error']").TextContent.Trim()));
        Assert.Equal(CaseState.Intake, (await ctx.Services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(op.ToSignedIn(), id)).Trajectory.Single().State);
    }

    [Fact]
    public async Task RelatedPersonsTab_RecordsAChild_AndRefusesSurnamesForChildren()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (id, file, op) = await WomanAsync(db, 46_000_002);
        await using var ctx = WebTestHost.NewContext(db);
        ctx.SignIn(op);

        var cut = ctx.Render<RelatedPersonsTab>(p => p.Add(x => x.File, file).Add(x => x.SurvivorId, id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='agregar-nna']")));
        cut.Find("#nna-nombre").Change("Sofía Andrea");
        cut.Find("#nna-anio").Change((DateTime.UtcNow.Year - 5).ToString());
        cut.Find("#nna-relacion").Change("hija");
        cut.Find("[data-testid='agregar-nna']").Click();
        cut.WaitForAssertion(() => Assert.Equal("Para NNA se registra solo el primer nombre.", cut.Find("[data-testid='relacionados-error']").TextContent.Trim()));

        cut.Find("#nna-nombre").Change("Sofía");
        cut.Find("[data-testid='agregar-nna']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Sofía", cut.Find("[data-testid='nna-fila']").TextContent));
    }
}
