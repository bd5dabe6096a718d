using System.Diagnostics;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>
/// Lets the crash-resume tests kill the import process abruptly (SIGKILL, as <c>kill -9</c>) at a named point:
/// <c>SIIVBG_SGP_CRASH_AT=after-persons</c>. Ignored unless the environment is Development or Testing, so a production
/// host can never be told to kill itself.
/// </summary>
internal static class SgpCrashPoint
{
    private static readonly string? Point = Enabled() ? Environment.GetEnvironmentVariable("SIIVBG_SGP_CRASH_AT") : null;

    public static void Reach(string name)
    {
        if (Point == name) Process.GetCurrentProcess().Kill();
    }

    private static bool Enabled() =>
        (Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")) is "Development" or "Testing";
}
