using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Registries;

namespace SIIVbG.Tests.Infrastructure.Registries;

/// <summary>The real typed clients against the real simulators over HTTP: answers, outages, slowness, circuit, cache.</summary>
[Trait("Area", "Registries")]
public sealed class RegistryConnectorTests(RegistrySimulatorFixture sim) : IClassFixture<RegistrySimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => sim.SetModeAsync("all", "ok");
    public Task DisposeAsync() => sim.SetModeAsync("all", "ok");

    /// <summary>The first RUN from <paramref name="from"/> whose number satisfies the simulator's rule.</summary>
    internal static Run RunWhere(int from, Func<int, bool> rule) => Run.FromNumber(Enumerable.Range(from, 10_000).First(rule));

    private static bool Ordinary(int n) => n % 11 != 0 && n % 97 != 0 && n % 5 != 0 && n % 7 != 0;

    private static ServiceProvider Clients(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null) =>
        RegistrySimulatorFixture.Connectors(settings, configure);

    [Fact]
    public async Task RegistroCivil_AnswersAPerson_WithSourceAndDate_AndTheSameRunGivesTheSameAnswer()
    {
        var run = RunWhere(16_000_000, Ordinary);
        await using var first = Clients(sim.Settings());
        await using var second = Clients(sim.Settings());

        var a = await first.GetRequiredService<RegistroCivilClient>().LookUpAsync(run);
        var b = await second.GetRequiredService<RegistroCivilClient>().LookUpAsync(run);

        Assert.Equal(RegistryOutcome.Found, a.Outcome);
        Assert.Equal("Registro Civil", a.Source);
        Assert.NotNull(a.RetrievedAt);
        Assert.Equal(a.Value, b.Value);
        Assert.Equal("viva", a.Value!.VitalStatus);
    }

    [Fact]
    public async Task RegistroCivil_WithoutARecord_SaysNotFound_InSpanish()
    {
        await using var services = Clients(sim.Settings());
        var answer = await services.GetRequiredService<RegistroCivilClient>().LookUpAsync(RunWhere(16_100_000, n => n % 11 == 0));
        Assert.Equal(RegistryOutcome.NotFound, answer.Outcome);
        Assert.Equal("Registro Civil no tiene registro de esta persona.", answer.Message);
    }

    [Fact]
    public async Task Rsh_AnswersTheHousehold_OrNotFound_WhenSheIsNotRegistered()
    {
        await using var services = Clients(sim.Settings());
        var rsh = services.GetRequiredService<RshClient>();

        var found = await rsh.LookUpAsync(RunWhere(16_200_000, Ordinary));
        Assert.Equal(RegistryOutcome.Found, found.Outcome);
        Assert.Matches(@"^\d{2,3}%$", found.Value!.Bracket);
        Assert.True(found.Value.Folio > 0);
        Assert.Equal(RegistryOutcome.NotFound, (await rsh.LookUpAsync(RunWhere(16_200_000, n => n % 5 == 0 && n % 11 != 0))).Outcome);
    }

    [Fact]
    public async Task Ris_AnswersTheBenefitsReceived()
    {
        await using var services = Clients(sim.Settings());
        var answers = new List<RegistryAnswer<BenefitsRecord>>();
        for (var n = 16_300_000; n < 16_300_010; n++) answers.Add(await services.GetRequiredService<RisClient>().LookUpAsync(Run.FromNumber(n)));
        Assert.All(answers, a => Assert.Equal(RegistryOutcome.Found, a.Outcome));
        Assert.Contains(answers, a => a.Value!.Benefits.Count > 0);
        Assert.All(answers.SelectMany(a => a.Value!.Benefits), b => Assert.True(b.Amount > 0));
    }

    [Fact]
    public async Task ARegistryThatIsDown_GivesUnavailable_InSpanish_WithinTheTotalTimeout()
    {
        await sim.SetModeAsync("registro-civil", "down");
        await using var services = Clients(sim.Settings(totalSeconds: 3, retries: 2));
        var watch = Stopwatch.StartNew();

        var answer = await services.GetRequiredService<RegistroCivilClient>().LookUpAsync(RunWhere(16_400_000, Ordinary));

        Assert.Equal(RegistryOutcome.Unavailable, answer.Outcome);
        Assert.StartsWith("Registro Civil no responde en este momento", answer.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ARegistrySlowerThanTheAttemptTimeout_IsRetried_ThenUnavailable()
    {
        await sim.SetModeAsync("rsh", "slow", delayMs: 3_000);
        await using var services = Clients(sim.Settings(attemptSeconds: 0.5, totalSeconds: 2.5, retries: 1));
        var before = await sim.HitsAsync("rsh");

        var answer = await services.GetRequiredService<RshClient>().LookUpAsync(RunWhere(16_500_000, Ordinary));

        Assert.Equal(RegistryOutcome.Unavailable, answer.Outcome);
        Assert.Equal(2, await sim.HitsAsync("rsh") - before); // first attempt and one retry, each cut at 0.5 s
    }

    [Fact]
    public async Task AfterRepeatedFailures_TheCircuitOpens_AndCallsFailAtOnce_WithoutReachingTheRegistry()
    {
        await sim.SetModeAsync("ris", "down");
        await using var services = Clients(sim.Settings(retries: 0, circuitThroughput: 3));
        var ris = services.GetRequiredService<RisClient>();
        for (var n = 0; n < 3; n++) Assert.Equal(RegistryOutcome.Unavailable, (await ris.LookUpAsync(Run.FromNumber(16_600_000 + n))).Outcome);
        var hits = await sim.HitsAsync("ris");
        await sim.SetModeAsync("ris", "ok");

        var answer = await ris.LookUpAsync(Run.FromNumber(16_600_010));

        Assert.Equal(RegistryOutcome.Unavailable, answer.Outcome);
        Assert.Equal(hits, await sim.HitsAsync("ris"));
    }

    [Fact]
    public async Task ASecondLookUp_IsAnsweredFromTheCache()
    {
        await using var services = Clients(sim.Settings());
        var client = services.GetRequiredService<RegistroCivilClient>();
        var run = RunWhere(16_700_000, Ordinary);
        var before = await sim.HitsAsync("registro-civil");

        var first = await client.LookUpAsync(run);
        var second = await client.LookUpAsync(run);

        Assert.Equal(1, await sim.HitsAsync("registro-civil") - before);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ADisabledConnector_SaysSo_WithoutReachingTheRegistry()
    {
        await using var services = Clients(sim.Settings(enabled: false));
        var before = await sim.HitsAsync("registro-civil");

        var answer = await services.GetRequiredService<RegistroCivilClient>().LookUpAsync(RunWhere(16_800_000, Ordinary));

        Assert.Equal(RegistryOutcome.Unavailable, answer.Outcome);
        Assert.Contains("deshabilitado", answer.Message);
        Assert.Equal(before, await sim.HitsAsync("registro-civil"));
    }

    [Fact]
    public async Task TheConnectors_NeverWriteTheRun_ToTheLogs_EvenAtTraceLevel()
    {
        var logs = new CapturedLogs();
        await sim.SetModeAsync("rsh", "down");
        await using var services = Clients(sim.Settings(retries: 1), s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var run = RunWhere(16_900_000, Ordinary);

        Assert.Equal(RegistryOutcome.Found, (await services.GetRequiredService<RegistroCivilClient>().LookUpAsync(run)).Outcome);
        Assert.Equal(RegistryOutcome.Unavailable, (await services.GetRequiredService<RshClient>().LookUpAsync(run)).Outcome);

        Assert.Contains(logs.Lines, l => l.Contains("rsh") && l.Contains("503")); // the registry and its status are logged
        var digits = run.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(digits) || l.Contains(run.ToDisplay()));
    }

    [Fact]
    public async Task ASlowRegistry_IsGivenUpOn_AtTheTotalTimeout_EvenWithRetriesLeft()
    {
        await sim.SetModeAsync("ris", "slow", delayMs: 5_000);
        await using var services = Clients(sim.Settings(attemptSeconds: 3, totalSeconds: 1.5, retries: 2));
        var before = await sim.HitsAsync("ris");
        var watch = Stopwatch.StartNew();

        var answer = await services.GetRequiredService<RisClient>().LookUpAsync(RunWhere(17_100_000, Ordinary));

        Assert.Equal(RegistryOutcome.Unavailable, answer.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
        Assert.Equal(1, await sim.HitsAsync("ris") - before); // the total timeout ended the call during its first attempt
    }

    [Fact]
    public async Task ACachedAnswer_ExpiresAfterTheConfiguredMinutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var settings = sim.Settings();
        settings["Registries:CacheMinutes"] = "5";
        await using var services = Clients(settings, s => s.AddSingleton<TimeProvider>(clock));
        var client = services.GetRequiredService<RshClient>();
        var run = RunWhere(17_200_000, Ordinary);
        var before = await sim.HitsAsync("rsh");

        await client.LookUpAsync(run);
        clock.Advance(TimeSpan.FromMinutes(4));
        await client.LookUpAsync(run);
        Assert.Equal(1, await sim.HitsAsync("rsh") - before);

        clock.Advance(TimeSpan.FromMinutes(2));
        var fresh = await client.LookUpAsync(run);
        Assert.Equal(2, await sim.HitsAsync("rsh") - before);
        Assert.Equal(clock.GetUtcNow(), fresh.RetrievedAt);
    }
}
