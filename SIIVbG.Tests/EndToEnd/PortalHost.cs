using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SIIVbG.Tests.EndToEnd;

/// <summary>One started program (a web node or the development services host) as a child process with its log kept.</summary>
public sealed class ChildHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public string BaseUrl { get; }
    public string Name { get; }

    private ChildHost(string name, string baseUrl, Process process)
    {
        Name = name;
        BaseUrl = baseUrl;
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<ChildHost> StartAsync(string name, string dll, int port, IDictionary<string, string> environment)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"{name}: build output missing", dll);
        var baseUrl = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseUrl);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var host = new ChildHost(name, baseUrl, Process.Start(psi)!);
        await host.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Log}");
            try
            {
                var response = await http.GetAsync($"{BaseUrl}/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} not healthy after {timeout}:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root and the build configuration the tests were built with (Debug or Release).</summary>
    public static (string Root, string Configuration) Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent?.Name ?? "Debug"; // …/bin/{Configuration}/net10.0/
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SIIVbG.sln"))) dir = dir.Parent;
        return (dir?.FullName ?? throw new InvalidOperationException("SIIVbG.sln not found above the test binaries"), configuration);
    }
}
