using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Tests.EndToEnd;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>Tampering with the audit table by SQL — one row, a missing row, the end cut off, the whole table rewritten — is found.</summary>
[Trait("Area", "Audit")]
public sealed class AuditVerifierTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private AuditVerifier _verifier = default!;
    private AuditTrail _trail = default!;
    private readonly string _head = Path.Combine(Directory.CreateTempSubdirectory("audit-head").FullName, "head.json");

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(settings: new Dictionary<string, string?> { [AuditVerifier.HeadFileSetting] = _head });
        _verifier = _services.GetRequiredService<AuditVerifier>();
        _trail = _services.GetRequiredService<AuditTrail>();
        for (var i = 0; i < 5; i++)
            await _trail.AppendAsync(new AuditRecord("test.entry", AuditOutcome.Allowed, null, null, null, $"prueba/{i}"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>As the database owner would, past the append-only trigger.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var conn = await _db.OpenOwnerConnectionAsync();
        await using var cmd = new NpgsqlCommand($"""
            ALTER TABLE audit_entries DISABLE TRIGGER USER;
            {sql};
            ALTER TABLE audit_entries ENABLE TRIGGER USER;
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<long> LastSequenceAsync() => (await _trail.LatestAsync(1)).Single().Sequence;

    [Fact]
    public async Task AnIntactChain_IsReported_AndItsHeadIsWrittenOutsideTheDatabase()
    {
        var first = await _verifier.VerifyAndRecordAsync();
        var second = await _verifier.CheckAsync();

        Assert.True(first.Intact);
        Assert.False(first.HeadChecked);
        Assert.True(File.Exists(_head));
        Assert.True(second.Intact);
        Assert.True(second.HeadChecked);
        Assert.Contains("coincide", second.Summary);
    }

    [Fact]
    public async Task AnAlteredRow_IsNamed()
    {
        var target = await LastSequenceAsync() - 2;
        await TamperAsync($"UPDATE audit_entries SET reason = 'borrado de huellas' WHERE sequence = {target}");

        var check = await _verifier.VerifyAndRecordAsync();

        Assert.False(check.Intact);
        Assert.Equal(target, check.FirstBroken);
        Assert.Contains($"#{target}", check.Summary);
        Assert.False((await _verifier.LatestAsync())!.Intact);
    }

    [Fact]
    public async Task ARemovedRow_IsNamed()
    {
        var target = await LastSequenceAsync() - 1;
        await TamperAsync($"DELETE FROM audit_entries WHERE sequence = {target}");

        var check = await _verifier.CheckAsync();

        Assert.Equal((false, (long?)target), (check.Intact, check.FirstBroken));
    }

    [Fact]
    public async Task RowsCutOffTheEnd_AreFound_ThroughTheExternalHead()
    {
        await _verifier.VerifyAndRecordAsync();
        var last = await LastSequenceAsync();
        await TamperAsync($"DELETE FROM audit_entries WHERE sequence >= {last - 1}");

        var check = await _verifier.CheckAsync();

        Assert.False(check.Intact);
        Assert.Equal(last, check.FirstBroken);
    }

    [Fact]
    public async Task AWholeTableRewrittenWithARecomputedChain_IsFound_ThroughTheExternalHead()
    {
        await _verifier.VerifyAndRecordAsync();
        var last = await LastSequenceAsync();
        await TamperAsync("DELETE FROM audit_entries");
        // A self-consistent forgery: the trail's own code recomputes every hash.
        for (var i = 0; i < last; i++)
            await _trail.AppendAsync(new AuditRecord("test.forged", AuditOutcome.Allowed, null, null, null, $"falso/{i}"));

        var check = await _verifier.CheckAsync();

        Assert.False(check.Intact);
        Assert.Equal(last, check.FirstBroken);
        Assert.Contains("reescrito", check.Summary);
    }

    [Fact]
    public async Task TheCommand_ExitsZeroWithOneLine_ThenNonZeroNamingTheRow()
    {
        var ok = await RunAsync();
        var target = await LastSequenceAsync() - 3;
        await TamperAsync($"UPDATE audit_entries SET action = 'otra' WHERE sequence = {target}");
        var broken = await RunAsync();

        Assert.Equal(0, ok.Code);
        Assert.Single(ok.Stdout.Trim().Split('\n'));
        Assert.StartsWith("audit-verify: cadena íntegra", ok.Stdout);
        Assert.NotEqual(0, broken.Code);
        Assert.Contains($"#{target}", broken.Stdout);
    }

    private async Task<(int Code, string Stdout)> RunAsync()
    {
        var (root, configuration) = ChildHost.Repository();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "SIIVbG.Web", "bin", configuration, "net10.0", "SIIVbG.Web.dll"));
        start.ArgumentList.Add("audit-verify");
        start.Environment["ConnectionStrings__Siivbg"] = _db.AppConnectionString;
        start.Environment["Audit__HeadFile"] = _head;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout);
    }
}
