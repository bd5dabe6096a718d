using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class RelatedPersonServiceTests
{
    [Fact]
    public async Task ChildrenAndAggressors_AreRecordedMinimally_HeldByTheCentre_AndHiddenFromOthers()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var directory = services.GetRequiredService<OperatorDirectory>();
        var santiago = (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == 10_666_777).Run)).Operator!.ToSignedIn();
        var valparaiso = (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == 10_777_888).Run)).Operator!.ToSignedIn();
        var registry = services.GetRequiredService<SurvivorRegistry>();
        var people = services.GetRequiredService<RelatedPersonService>();
        var run = Run.FromNumber(45_000_001);
        var id = (await registry.RegisterAsync(santiago, new RegisterSurvivor(run.ToString(), null, "Berta", "Demo Cárcamo", null))).SurvivorId;

        await people.RecordChildAsync(santiago, id, new RecordChild("Tomás", DateTime.UtcNow.Year - 7, RegisteredSex.Male, "hijo"));
        await people.RecordAggressorAsync(santiago, id, new RecordAggressor(null, AggressorRelation.ExPartner, RegisteredSex.Male, 40, "Trabaja de noche"));
        var own = await people.ListAsync(santiago, id);
        Assert.Equal(2, own.Visible.Count);
        Assert.True(own.CanEdit);

        var ex = await Assert.ThrowsAsync<DomainException>(() => people.RecordChildAsync(santiago, id, new RecordChild("Tomás Andrés", 2019, RegisteredSex.Male, "hijo")));
        Assert.Equal("Para NNA se registra solo el primer nombre.", ex.Message);

        await registry.OpenCaseAtMyCentreAsync(valparaiso, run.ToString());
        var other = await people.ListAsync(valparaiso, id);
        Assert.Empty(other.Visible);
        Assert.Equal(2, other.Hidden);
    }

    [Fact]
    public async Task List_ForAnOperatorWithNoCaseForHer_IsDenied()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var directory = services.GetRequiredService<OperatorDirectory>();
        var santiago = (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == 10_666_777).Run)).Operator!.ToSignedIn();
        var valparaiso = (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == 10_777_888).Run)).Operator!.ToSignedIn();
        var id = (await services.GetRequiredService<SurvivorRegistry>().RegisterAsync(santiago,
            new RegisterSurvivor(Run.FromNumber(45_000_002).ToString(), null, "Elsa", "Demo Ruiz", null))).SurvivorId;

        await Assert.ThrowsAsync<AccessDeniedException>(() => services.GetRequiredService<RelatedPersonService>().ListAsync(valparaiso, id));
    }
}
