using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Referrals;
using SIIVbG.Infrastructure;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Referrals;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Bench;

public sealed record LiveBenchOptions(int Circuits = 500, int Commits = 20, bool Json = false, string NodeA = "", string NodeB = "",
    int NodeAPid = 0, int NodeBPid = 0, string Page = "/panel/casos/derivaciones");

/// <summary>
/// <c>./siivbg bench live</c>: N headless tabs hold the Derivaciones queue of the receiving centre open, half on each web
/// node; referrals are committed through the application's own referral service (as a node's component would), and each
/// tab's time until the server sends it the re-rendered queue is measured, with a raw NOTIFY→LISTEN round trip in the same
/// run as the floor. Memory per idle circuit is the growth of the nodes' resident memory divided by the circuits opened.
/// </summary>
public static partial class LiveBenchmark
{
    private const string Sender = "CDM-13101-D";
    private const string Receiver = "CDM-05101-D";
    private static readonly Run SenderRun = Run.FromNumber(10_666_777);
    private static readonly Run ReceiverHeadRun = Run.FromNumber(11_222_333);

    public static async Task<int> RunAsync(LiveBenchOptions options)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddInfrastructureServices(configuration);
        await using var provider = services.BuildServiceProvider();
        var dbFactory = provider.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        var referrals = provider.GetRequiredService<ReferralService>();

        await using (var db = await dbFactory.CreateDbContextAsync())
            // The head opens her queue straight away: the bench skips the agreement screen by recording her acceptance.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE operators SET agreement_accepted_at = COALESCE(agreement_accepted_at, now()) WHERE run = {ReceiverHeadRun.ToString()}");
        var sender = await SignedInAsync(dbFactory, SenderRun);
        var (woman, @case) = await BenchSurvivorAsync(provider, sender);
        // Earlier runs' referrals are withdrawn, so every run measures the same short queue of pending referrals.
        foreach (var old in (await referrals.ForSurvivorAsync(sender, woman)).Where(r => Referral.IsPendingState(r.State)))
            await referrals.WithdrawAsync(sender, new WithdrawReferral(old.Id, (await referrals.OpenAsync(sender, old.Id)).Version, "Fin de una medición anterior"));

        Log($"Signing in to both nodes as the Valparaíso head");
        var cookiesA = await SignInAsync(options.NodeA, ReceiverHeadRun);
        var cookiesB = await SignInAsync(options.NodeB, ReceiverHeadRun);

        var clients = new List<BlazorCircuitClient>(options.Circuits + WarmUpTabs);
        // A node's first tabs load and compile the circuit's code once (JIT, type loading, shared pages): a cost of the node, not
        // of each tab. A few tabs are opened first and kept open; the memory per idle circuit is what the next N tabs add.
        Log($"Opening {WarmUpTabs} warm-up tabs (not counted in the memory figure)");
        await OpenTabsAsync(options, clients, WarmUpTabs, cookiesA, cookiesB);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var rssBefore = Rss(options.NodeAPid) + Rss(options.NodeBPid);
        Log($"Opening {options.Circuits} queue tabs");
        var open = Stopwatch.StartNew();
        await OpenTabsAsync(options, clients, options.Circuits, cookiesA, cookiesB);
        var counted = clients.Count - WarmUpTabs;
        Log($"{clients.Count} tabs open in {open.Elapsed.TotalSeconds:F1} s; letting them settle");
        await Task.Delay(TimeSpan.FromSeconds(5));
        if (Environment.GetEnvironmentVariable("SIIVBG_BENCH_HOLD_SECONDS") is { } hold && int.TryParse(hold, out var seconds))
        {
            Log($"holding the open tabs {seconds} s (node pids {options.NodeAPid}, {options.NodeBPid}) for inspection");
            await Task.Delay(TimeSpan.FromSeconds(seconds));
        }
        var rssAfter = Rss(options.NodeAPid) + Rss(options.NodeBPid);

        var push = new List<double>();
        var failures = 0;
        // Two commits first, not counted: the nodes JIT the live path on its first runs (tiered compilation).
        const int warmUp = 2;
        for (var i = -warmUp; i < options.Commits; i++)
        {
            foreach (var c in clients) c.Arm();
            var waits = clients.Select(c => c.WaitForBatchAsync(TimeSpan.FromSeconds(20))).ToList();
            var t0 = Stopwatch.GetTimestamp();
            await referrals.SendAsync(sender, new SendReferral(woman, @case, ReferralKind.Internal, Receiver, null,
                $"Derivación de prueba de carga {i + warmUp + 1}", ReferralUrgency.Normal, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)), []));
            foreach (var w in waits)
            {
                try
                {
                    var ms = Stopwatch.GetElapsedTime(t0, await w).TotalMilliseconds;
                    if (i >= 0) push.Add(ms);
                }
                catch (TimeoutException) { failures++; }
            }
            Log($"commit {i + 1}/{options.Commits}: p95 so far {Percentile(push, 0.95):F1} ms");
            await Task.Delay(300);
        }
        var broken = clients.Count(c => c.Error is not null);

        var raw = await RawNotifyRoundTripsAsync(configuration.GetSiivbgConnectionString(), 200);
        foreach (var c in clients) await c.DisposeAsync();

        var result = new
        {
            circuits = counted,
            nodes = 2,
            push_ms_p50 = Math.Round(Percentile(push, 0.50), 2),
            push_ms_p95 = Math.Round(Percentile(push, 0.95), 2),
            raw_notify_ms_p95 = Math.Round(Percentile(raw, 0.95), 3),
            ratio_p95 = Math.Round(Percentile(push, 0.95) / Math.Max(Percentile(raw, 0.95), 0.001), 1),
            kb_per_idle_circuit = counted <= 0 ? 0 : Math.Round((rssAfter - rssBefore) / 1024.0 / counted, 1),
        };
        if (options.Json) Console.WriteLine(JsonSerializer.Serialize(result));
        else
        {
            Console.WriteLine($"circuits: {result.circuits} on 2 nodes; commits: {options.Commits}; samples: {push.Count}; missed: {failures}; broken circuits: {broken}");
            Console.WriteLine($"push p50 {result.push_ms_p50} ms, p95 {result.push_ms_p95} ms; raw NOTIFY→LISTEN p95 {result.raw_notify_ms_p95} ms; ratio {result.ratio_p95}");
            Console.WriteLine($"memory per idle circuit: {result.kb_per_idle_circuit} KB");
        }
        if (failures > 0 || broken > 0) Log($"{failures} renders missed, {broken} circuits broke");
        return failures > 0 || broken > 0 ? 1 : 0;
    }

    /// <summary>Tabs opened before the memory is first read (half on each node); they stay open and receive the pushes too.</summary>
    private const int WarmUpTabs = 20;

    private static async Task OpenTabsAsync(LiveBenchOptions options, List<BlazorCircuitClient> clients, int count, CookieContainer cookiesA,
        CookieContainer cookiesB)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var node = i % 2 == 0 ? options.NodeA : options.NodeB;
                var client = await BlazorCircuitClient.OpenAsync(node, node + options.Page, i % 2 == 0 ? cookiesA : cookiesB, TimeSpan.FromSeconds(60));
                lock (clients) clients.Add(client);
            }
            finally { gate.Release(); }
        }));
    }

    /// <summary>The woman the bench refers over and over (fictitious; created once, reused on later runs).</summary>
    private static async Task<(Guid Woman, Guid Case)> BenchSurvivorAsync(IServiceProvider provider, SignedInOperator sender)
    {
        var registry = provider.GetRequiredService<SurvivorRegistry>();
        var run = Run.FromNumber(9_999_001);
        Guid woman;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
            woman = await db.Survivors.Where(s => s.Run == run.ToString()).Select(s => s.Id).SingleOrDefaultAsync();
        if (woman == Guid.Empty)
        {
            woman = (await registry.RegisterAsync(sender, new RegisterSurvivor(run.ToString(), null, "Carga", "Demo Benchmark", null))).SurvivorId;
            await provider.GetRequiredService<ConsentService>().RecordAsync(sender, woman, new RecordConsent(true, ConsentGiver.Survivor, null, null,
                ConsentForm.SimpleElectronicSignature, ConsentDeclarations.All, null, null, ConsentScope.ShareWithSernamEgCentres, null));
        }
        var file = await registry.OpenFileAsync(sender, woman);
        return (woman, file.Trajectory.First(c => c.IsOwnCentre && SIIVbG.Domain.Cases.Case.IsOpenState(c.State)).Id);
    }

    private static async Task<SignedInOperator> SignedInAsync(IDbContextFactory<SiivbgDbContext> dbFactory, Run run)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var o = await db.Operators.AsNoTracking().SingleAsync(o => o.Run == run.ToString());
        return new SignedInOperator(o.Id, o.Run, o.Level, o.ScopeKind, o.ScopeCode);
    }

    /// <summary>The real login: the portal's ClaveÚnica button, the simulator's picker, the code exchange back on the node.</summary>
    private static async Task<CookieContainer> SignInAsync(string node, Run run)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true });
        var picker = await http.GetAsync(node + "/cuenta/ingresar");
        var html = await picker.Content.ReadAsStringAsync();
        var form = FormRegex().Match(html);
        if (!form.Success) throw new InvalidOperationException(
            $"{node}: no apareció el selector de ClaveÚnica ({picker.RequestMessage?.RequestUri} {(int)picker.StatusCode}: {html[..Math.Min(300, html.Length)]})");
        var fields = HiddenRegex().Matches(form.Groups[2].Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["run"] = run.ToString();
        var action = new Uri(picker.RequestMessage!.RequestUri!, WebUtility.HtmlDecode(form.Groups[1].Value));
        var landed = await http.PostAsync(action, new FormUrlEncodedContent(fields));
        if (!landed.RequestMessage!.RequestUri!.ToString().StartsWith(node, StringComparison.Ordinal) || !landed.IsSuccessStatusCode)
            throw new InvalidOperationException($"{node}: el ingreso terminó en {landed.RequestMessage.RequestUri} ({(int)landed.StatusCode})");
        return cookies;
    }

    private static async Task<List<double>> RawNotifyRoundTripsAsync(string connectionString, int samples)
    {
        await using var listen = new NpgsqlConnection(connectionString);
        await listen.OpenAsync();
        await using var notify = new NpgsqlConnection(connectionString);
        await notify.OpenAsync();
        await using (var cmd = new NpgsqlCommand("LISTEN siivbg_bench_raw", listen)) await cmd.ExecuteNonQueryAsync();
        var times = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await using (var cmd = new NpgsqlCommand("SELECT pg_notify('siivbg_bench_raw', 'x')", notify)) await cmd.ExecuteNonQueryAsync();
            await listen.WaitAsync();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return times;
    }

    private static long Rss(int pid)
    {
        if (pid <= 0) return 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static void Log(string message) => Console.Error.WriteLine("bench live: " + message);

    [GeneratedRegex("""<form method="post" action="([^"]+)">(.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]*)">""")]
    private static partial Regex HiddenRegex();
}
