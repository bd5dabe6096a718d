using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.Extensions.Configuration;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>
/// Where the nightly snapshots are: <c>Sgp:Source</c> is a folder holding <c>sgp-YYYYMMDD</c> folders or zips, or an
/// http(s) address that lists them (<c>GET {source}</c> → <c>["sgp-20261123.zip", …]</c>) and serves each as a zip. Empty:
/// no nightly import.
/// </summary>
public sealed partial class SgpSource(IConfiguration configuration, IHttpClientFactory http)
{
    public const string Setting = "Sgp:Source";

    public string? Location => configuration[Setting] is { Length: > 0 } s ? s : null;

    [GeneratedRegex(@"^sgp-(\d{8})(\.zip)?$")]
    private static partial Regex SnapshotName();

    /// <summary>The newest snapshot as a local path (a downloaded zip for an http source); null when there is none.</summary>
    public async Task<string?> NewestAsync(CancellationToken ct)
    {
        if (Location is not { } location) return null;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var client = http.CreateClient(nameof(SgpSource));
            var names = await client.GetFromJsonAsync<string[]>(uri, ct) ?? [];
            if (Newest(names) is not { } name) return null;
            var target = Path.Combine(Directory.CreateTempSubdirectory("siivbg-sgp-").FullName, Path.GetFileNameWithoutExtension(name) + ".zip");
            await using (var file = File.Create(target))
            await using (var body = await client.GetStreamAsync(new Uri(uri, Uri.EscapeDataString(Path.GetFileNameWithoutExtension(name)) + ".zip"), ct))
                await body.CopyToAsync(file, ct);
            return target;
        }
        if (!Directory.Exists(location)) throw new DirectoryNotFoundException($"La carpeta de snapshots SGP no existe: {location}");
        return Newest(Directory.EnumerateFileSystemEntries(location).Select(Path.GetFileName).OfType<string>()) is { } newest
            ? Path.Combine(location, newest) : null;
    }

    private static string? Newest(IEnumerable<string> names) => names
        .Select(n => (Name: n, Match: SnapshotName().Match(n)))
        .Where(x => x.Match.Success)
        .OrderByDescending(x => DateOnly.ParseExact(x.Match.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture))
        .Select(x => x.Name)
        .FirstOrDefault();
}

/// <summary>The nightly import (and the one an administrator starts from the panel): newest snapshot of the source.</summary>
public sealed class SgpImportJob(SgpSource source, SgpImporter importer, SIIVbG.Infrastructure.Operators.FeatureSwitches? switches = null)
{
    public const string RecurringId = "importacion-sgp";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    public async Task RunAsync(CancellationToken ct)
    {
        // Turned off by an administrator: the night passes without an import.
        if (switches is not null && !await switches.IsEnabledAsync(SIIVbG.Domain.Features.Module.SgpImport, ct)) return;
        if (await source.NewestAsync(ct) is not { } path) return;
        await importer.ImportAsync(path, ct);
    }
}

/// <summary>Queues an SGP import on the job server. Only a web node has one; elsewhere (commands, tests) starting is refused.</summary>
public interface ISgpImportQueue
{
    string Enqueue();
}

internal sealed class HangfireSgpImportQueue(IBackgroundJobClient jobs) : ISgpImportQueue
{
    public string Enqueue() => jobs.Enqueue<SgpImportJob>(j => j.RunAsync(CancellationToken.None));
}

internal sealed class NoSgpImportQueue : ISgpImportQueue
{
    public string Enqueue() => throw new SIIVbG.Domain.Common.DomainException("Las importaciones SGP se inician desde el portal (servidor de trabajos).");
}
