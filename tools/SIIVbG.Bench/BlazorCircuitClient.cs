using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SIIVbG.Bench;

/// <summary>
/// A headless tab: opens a real interactive Server circuit on a web node the way blazor.web.js does (the prerendered
/// page's component markers, StartCircuit, UpdateRootComponents over the "blazorpack" hub protocol), acknowledges every
/// render batch and answers every JS interop call with an empty result. It renders nothing; it only notes when the
/// server sends it a render batch, which is what a browser would then paint.
/// </summary>
internal sealed partial class BlazorCircuitClient : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private long _batches;
    private TaskCompletionSource<long> _nextBatch = NewWaiter();

    public string? Error { get; private set; }
    public long Batches => Interlocked.Read(ref _batches);

    private BlazorCircuitClient(HubConnection hub)
    {
        _hub = hub;
        _hub.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
        _hub.On<long, string, string, int, long>("JS.BeginInvokeJS", (handle, _, _, _, _) =>
            _hub.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]"));
        _hub.On<string>("JS.Error", error => Error ??= error);
        _hub.Closed += ex =>
        {
            Error ??= ex?.Message ?? "circuit closed";
            return Task.CompletedTask;
        };
    }

    /// <summary>Loads <paramref name="pageUrl"/> with the signed-in cookies and makes it interactive.</summary>
    public static async Task<BlazorCircuitClient> OpenAsync(string nodeUrl, string pageUrl, CookieContainer cookies, TimeSpan timeout)
    {
        // Like a browser, the page load's connection is not kept per tab: the circuit lives on its WebSocket.
        string html;
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }))
        {
            http.DefaultRequestHeaders.ConnectionClose = true;
            html = await http.GetStringAsync(pageUrl);
        }
        var markers = MarkerRegex().Matches(html).Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement)
            .Where(m => m.TryGetProperty("descriptor", out _)).ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"{pageUrl} no trae componentes interactivos (¿sesión no iniciada?)");
        var state = StateRegex().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var hub = new HubConnectionBuilder()
            .WithUrl(nodeUrl.TrimEnd('/') + "/_blazor", HttpTransportType.WebSockets, o =>
            {
                o.Cookies = cookies;
                o.SkipNegotiation = false;
            })
            .WithServerTimeout(TimeSpan.FromMinutes(5))
            .Build2();
        var client = new BlazorCircuitClient(hub);
        await hub.StartAsync();
        var first = client.WaitForBatchAsync(timeout);
        var secret = await hub.InvokeAsync<string?>("StartCircuit", nodeUrl.TrimEnd('/') + "/", pageUrl, "[]", "");
        if (secret is null) throw new InvalidOperationException("el nodo rechazó el circuito: " + client.Error);
        var operations = new
        {
            batchId = 1,
            operations = markers.Select((m, i) => new { type = "add", ssrComponentId = i + 1, marker = m }).ToArray(),
        };
        await hub.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(operations), state);
        await first;
        return client;
    }

    /// <summary>Completes with the arrival time (Stopwatch ticks) of the next render batch.</summary>
    public Task<long> WaitForBatchAsync(TimeSpan timeout)
    {
        var waiter = Volatile.Read(ref _nextBatch);
        return waiter.Task.WaitAsync(timeout);
    }

    /// <summary>Forgets batches received so far; the next <see cref="WaitForBatchAsync"/> waits for a new one.</summary>
    public void Arm() => Volatile.Write(ref _nextBatch, NewWaiter());

    private Task OnRenderBatch(long batchId, byte[] _)
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _batches);
        Volatile.Read(ref _nextBatch).TrySetResult(at);
        return _hub.SendAsync("OnRenderCompleted", batchId, (string?)null);
    }

    private static TaskCompletionSource<long> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex StateRegex();
}

internal static class BlazorPackBuilder
{
    /// <summary>Builds the connection with the "blazorpack" protocol (MessagePack under the name the Blazor hub accepts).</summary>
    public static HubConnection Build2(this IHubConnectionBuilder builder)
    {
        builder.AddMessagePackProtocol();
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(sp => new BlazorPackProtocol(
            new MessagePackHubProtocol(Microsoft.Extensions.Options.Options.Create(new MessagePackHubProtocolOptions()))));
        return builder.Build();
    }

    private sealed class BlazorPackProtocol(MessagePackHubProtocol inner) : IHubProtocol
    {
        public string Name => "blazorpack";
        public int Version => inner.Version;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder,
            [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);
        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
    }
}
