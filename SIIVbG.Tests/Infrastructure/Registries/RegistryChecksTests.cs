using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Registries;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Tests.Infrastructure.Registries;

/// <summary>The identification tab's registry checks: access, audit, comparison and adoption, against the simulators.</summary>
[Trait("Area", "Registries")]
public sealed class RegistryChecksTests(RegistryDatabaseFixture sim) : IClassFixture<RegistryDatabaseFixture>, IAsyncLifetime
{
    private ServiceProvider _services = default!;
    private SignedInOperator _santiago = default!, _valparaiso = default!;

    public async Task InitializeAsync()
    {
        await sim.SetModeAsync("all", "ok");
        _services = sim.Database.CreateServices(settings: sim.Settings());
        _santiago = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        _valparaiso = await _services.SignedInAsync(Run.FromNumber(10_777_888));
    }

    public async Task DisposeAsync()
    {
        await sim.SetModeAsync("all", "ok");
        await _services.DisposeAsync();
    }

    private async Task<Guid> WomanAsync(Run run, DateOnly birth) =>
        (await _services.GetRequiredService<SurvivorRegistry>().RegisterAsync(_santiago,
            new RegisterSurvivor(run.ToString(), null, "Rocío", "Demo Registro", birth))).SurvivorId;

    [Fact]
    public async Task TheCivilRegistry_IsComparedWithHerRecord_AndTheQuestionIsAudited_WithoutHerData()
    {
        var run = RegistryConnectorTests.RunWhere(17_000_000, n => n % 7 == 0 && n % 11 != 0 && n % 97 != 0);
        var woman = await WomanAsync(run, new DateOnly(1990, 4, 12));

        var check = await _services.GetRequiredService<RegistryChecks>().CivilRegistryAsync(_santiago, woman);

        Assert.Equal(RegistryOutcome.Found, check.Answer.Outcome);
        var fields = check.Fields.ToDictionary(f => f.Field);
        Assert.False(fields["names"].Differs);
        Assert.True(fields["birth-date"].Differs); // the simulator's record says one day later for every seventh RUN
        Assert.Equal(("12-04-1990", "13-04-1990"), (fields["birth-date"].Ours, fields["birth-date"].Theirs));
        var audit = Assert.Single(await _services.AuditRowsAsync(), a => a.Action == RegistryChecks.Consulted);
        Assert.Equal((woman, $"sobreviviente/{woman}/registros/registro-civil"), (audit.SurvivorId!.Value, audit.Resource));
        Assert.DoesNotContain("Rocío", audit.Details);
        Assert.DoesNotContain(run.ToString(), audit.Details);
    }

    [Fact]
    public async Task AnotherCentre_WithoutACase_IsRefused_AndAudited_AndNoRegistryIsAsked()
    {
        var woman = await WomanAsync(RegistryConnectorTests.RunWhere(17_100_000, n => n % 11 != 0), new DateOnly(1985, 1, 1));
        var before = await sim.HitsAsync("rsh");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.GetRequiredService<RegistryChecks>().HouseholdAsync(_valparaiso, woman));

        Assert.Equal(before, await sim.HitsAsync("rsh"));
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == "access.denied" && a.Resource == $"sobreviviente/{woman}/registros/rsh");
    }

    [Fact]
    public async Task WhenTheRegistryIsDown_TheCheckSaysSo_AndNothingFails()
    {
        var woman = await WomanAsync(RegistryConnectorTests.RunWhere(17_200_000, n => n % 11 != 0), new DateOnly(1980, 2, 2));
        await sim.SetModeAsync("registro-civil", "down");

        var check = await _services.GetRequiredService<RegistryChecks>().CivilRegistryAsync(_santiago, woman);

        Assert.Equal(RegistryOutcome.Unavailable, check.Answer.Outcome);
        Assert.Empty(check.Fields);
        Assert.Contains(await _services.AuditRowsAsync(), a => a.Action == RegistryChecks.Consulted && a.Details!.Contains("Unavailable"));
    }

    [Fact]
    public async Task AdoptingTheCivilRecord_TakesItsBirthDate_WithItsSource_AndAStaleFormIsRefused()
    {
        var run = RegistryConnectorTests.RunWhere(17_300_000, n => n % 7 == 0 && n % 11 != 0 && n % 97 != 0);
        var woman = await WomanAsync(run, new DateOnly(1992, 8, 20));
        var registry = _services.GetRequiredService<SurvivorRegistry>();
        var version = (await registry.OpenFileAsync(_santiago, woman)).Identity.Version;
        var checks = _services.GetRequiredService<RegistryChecks>();

        await checks.AdoptCivilRecordAsync(_santiago, woman, version);

        var identity = (await registry.OpenFileAsync(_santiago, woman)).Identity;
        Assert.Equal(new DateOnly(1992, 8, 21), identity.BirthDate);
        Assert.Equal(DataSource.CivilRegistry, identity.Provenance.Last(p => p.Field == SurvivorFields.BirthDate).Source);
        await Assert.ThrowsAsync<ConcurrentEditException>(() => checks.AdoptCivilRecordAsync(_santiago, woman, version));
    }

    [Fact]
    public async Task TheCivilRegistry_AnswersASurvivorsOwnNamesAndBirthDate_WhenHerRunIsNotAMultipleOfSeven()
    {
        var run = RegistryConnectorTests.RunWhere(17_400_000, n => n % 7 != 0 && n % 11 != 0 && n % 97 != 0);
        var woman = await WomanAsync(run, new DateOnly(1987, 11, 3));

        var check = await _services.GetRequiredService<RegistryChecks>().CivilRegistryAsync(_santiago, woman);

        Assert.Equal(RegistryOutcome.Found, check.Answer.Outcome);
        Assert.Equal(("Rocío", "Demo Registro", new DateOnly(1987, 11, 3)),
            (check.Answer.Value!.GivenNames, check.Answer.Value.Surnames, check.Answer.Value.BirthDate));
        Assert.DoesNotContain(check.Fields, f => f.Field is "names" or "birth-date" && f.Differs);
    }
}
