using System.IO.Compression;
using System.Text.RegularExpressions;

namespace SIIVbG.DevServices.Sgp;

/// <summary>
/// Stands in for SGP's nightly drop over HTTP: <c>GET /sgp/</c> lists the snapshots of the folder
/// <c>DevServices:SgpFolder</c> (<c>sgp-YYYYMMDD</c> folders or zips) as <c>["sgp-20261123.zip", …]</c>, and
/// <c>GET /sgp/sgp-YYYYMMDD.zip</c> serves one as a zip, so the portal's real HTTP source and importer are exercised.
/// </summary>
internal static partial class SgpSnapshotDrop
{
    [GeneratedRegex(@"^sgp-\d{8}$")]
    private static partial Regex Name();

    public static WebApplication MapSgpSnapshotDrop(this WebApplication app)
    {
        var folder = app.Configuration["DevServices:SgpFolder"];
        app.MapGet("/sgp/", () => folder is null || !Directory.Exists(folder)
            ? Results.Json(Array.Empty<string>())
            : Results.Json(Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName)
                .Select(n => n!.EndsWith(".zip", StringComparison.Ordinal) ? n[..^4] : n).Where(n => Name().IsMatch(n))
                .Order(StringComparer.Ordinal).Select(n => n + ".zip")));
        app.MapGet("/sgp/{name}.zip", (string name) =>
        {
            if (folder is null || !Name().IsMatch(name)) return Results.NotFound();
            var zip = Path.Combine(folder, name + ".zip");
            if (File.Exists(zip)) return Results.File(zip, "application/zip", name + ".zip");
            var dir = Path.Combine(folder, name);
            if (!Directory.Exists(dir)) return Results.NotFound();
            var buffer = new MemoryStream();
            using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var file in Directory.EnumerateFiles(dir))
                    archive.CreateEntryFromFile(file, $"{name}/{Path.GetFileName(file)}");
            return Results.File(buffer.ToArray(), "application/zip", name + ".zip");
        });
        return app;
    }
}
