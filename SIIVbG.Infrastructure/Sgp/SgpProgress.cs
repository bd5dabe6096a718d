using System.Text.Json;
using Npgsql;
using SIIVbG.Infrastructure.Live;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>
/// The run's row and its progress, on a connection of their own: the import's transaction is invisible until it
/// commits, but the admin panel must see the phase and rows per file while it works (on any web node: pg_notify).
/// </summary>
internal sealed class SgpProgress : IAsyncDisposable
{
    private readonly NpgsqlConnection _conn;
    private readonly Guid _runId;
    private readonly Dictionary<string, (int Done, int Total)> _files;
    private string _phase = "verificado";

    private SgpProgress(NpgsqlConnection conn, Guid runId, Dictionary<string, (int, int)> files)
    {
        _conn = conn;
        _runId = runId;
        _files = files;
    }

    public static async Task<SgpProgress> StartAsync(string connectionString, Guid runId, DateOnly snapshot, string source, DateTimeOffset started,
        CancellationToken ct, IReadOnlyDictionary<string, int>? totals = null)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO sgp_import_runs (id, snapshot_date, source, status, started_at, finished_at, report)
            VALUES (@id, @date, @source, 'running', @at, @at, '{}')
            """, conn))
        {
            cmd.Parameters.AddWithValue("id", runId);
            cmd.Parameters.AddWithValue("date", snapshot);
            cmd.Parameters.AddWithValue("source", source.Length > 500 ? source[..500] : source);
            cmd.Parameters.AddWithValue("at", started);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return new SgpProgress(conn, runId, (totals ?? new Dictionary<string, int>()).ToDictionary(t => t.Key, t => (0, t.Value)));
    }

    public void Expect(string file, int total) => _files[file] = (0, total);

    public async Task ReportAsync(string phase, string file, int done, CancellationToken ct)
    {
        _phase = phase;
        _files[file] = (done, Math.Max(done, _files.GetValueOrDefault(file).Total));
        var json = JsonSerializer.Serialize(new
        {
            phase = _phase,
            files = _files.Select(f => new { file = f.Key, done = f.Value.Done, total = f.Value.Total }),
        });
        await using var cmd = new NpgsqlCommand("""
            UPDATE sgp_import_runs SET progress = @p::jsonb WHERE id = @id;
            SELECT pg_notify(@channel, @event);
            """, _conn);
        cmd.Parameters.AddWithValue("p", json);
        cmd.Parameters.AddWithValue("id", _runId);
        cmd.Parameters.AddWithValue("channel", ChangePublisher.Channel);
        cmd.Parameters.AddWithValue("event", JsonSerializer.Serialize(new ChangeEvent(ChangeKinds.SgpImport, _runId), ChangeFeed.Json));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _conn.DisposeAsync();
}
