using System.Text;
using Npgsql;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>
/// The name search's statements and the order in which they run (ADR 016), shared by the service and the benchmark's raw
/// side so both run exactly the same SQL.
/// <list type="number">
/// <item>Each typed word is expanded against the registry's vocabulary of name words: the word itself, the words it is a
/// prefix of (3 letters or more), and words within one typing error (4 letters) or two (5 or more).</item>
/// <item><b>Word pass</b>: survivors whose name has, for every typed word, one of its expansions (a GIN index on the
/// name's words), ranked by trigram similarity of the whole name.</item>
/// <item><b>Trigram pass</b> (ADR 011), only when a typed word stands for no known word or the word pass finds nobody:
/// strict thresholds first, the server's when they do not fill the page.</item>
/// </list>
/// Visibility is pre-filtered in SQL as <c>SurvivorAccessPolicy.CanFind</c> decides; the caller's policy has the last word.
/// </summary>
internal static class NameSearch
{
    internal sealed record Row(Guid Id, string GivenNames, string Surnames, string? Run, DateOnly? BirthDate, double Score);

    /// <summary>Longest query, in words, given to the word pass; longer ones go to the trigram pass.</summary>
    internal const int MaxWords = 8;

    internal const string WordExpansions = """
        SELECT q.ord::int, v.word
        FROM unnest(siivbg_name_words(@q)) WITH ORDINALITY AS q(w, ord)
        LEFT JOIN survivor_name_words v ON v.word = q.w
          OR (length(q.w) >= 3 AND left(v.word, length(q.w)) = q.w)
          OR (length(q.w) >= 4 AND abs(length(v.word) - length(q.w)) <= 2
              AND levenshtein_less_equal(v.word, q.w, CASE WHEN length(q.w) >= 5 THEN 2 ELSE 1 END)
                  <= CASE WHEN length(q.w) >= 5 THEN 2 ELSE 1 END)
        ORDER BY q.ord
        """;

    private const string Visible = """
        (EXISTS (SELECT 1 FROM cases c WHERE c.survivor_id = s.id AND c.centre_code = @centre)
         OR EXISTS (SELECT 1 FROM access_grants g WHERE g.survivor_id = s.id AND g.operator_id = @op
                    AND g.revoked_at IS NULL AND g.valid_from <= @now AND g.valid_until > @now))
        """;

    private static readonly string[] WordPassSql = Enumerable.Range(0, MaxWords + 1).Select(BuildWordPass).ToArray();

    private static string BuildWordPass(int words)
    {
        var sql = new StringBuilder("""
            SELECT s.id, s.given_names, s.surnames, s.run, s.birth_date,
                   GREATEST(similarity(s.name_key, q.k), word_similarity(q.k, s.name_key)) AS score
            FROM survivors s, (SELECT siivbg_name_key(@q) AS k) q
            WHERE 
            """);
        for (var i = 0; i < words; i++) sql.Append($"s.name_words && @w{i} AND ");
        sql.Append(Visible).Append("""

            ORDER BY score DESC, s.surnames, s.given_names
            LIMIT @limit
            """);
        return sql.ToString();
    }

    public static async Task<List<Row>> RunAsync(NpgsqlConnection conn, string query, string centre, Guid op, DateTimeOffset now,
        int limit, CancellationToken ct = default)
    {
        var expansions = await ExpandAsync(conn, query, ct);
        if (expansions is not null)
        {
            await using var cmd = new NpgsqlCommand(WordPassSql[expansions.Count], conn);
            for (var i = 0; i < expansions.Count; i++) cmd.Parameters.AddWithValue($"w{i}", expansions[i]);
            AddCommon(cmd.Parameters, query, centre, op, now, limit);
            var rows = await ReadAsync(cmd, ct);
            if (rows.Count > 0) return rows;
        }
        return await TrigramPassAsync(conn, query, centre, op, now, limit, ct);
    }

    /// <summary>For each typed word, the known words it stands for; null when one stands for none (or there are too many).</summary>
    private static async Task<List<string[]>?> ExpandAsync(NpgsqlConnection conn, string query, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(WordExpansions, conn);
        cmd.Parameters.AddWithValue("q", query);
        var byWord = new SortedDictionary<int, List<string>>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                if (r.IsDBNull(1)) return null;
                var ord = r.GetInt32(0);
                if (!byWord.TryGetValue(ord, out var words)) byWord[ord] = words = [];
                words.Add(r.GetString(1));
            }
        }
        return byWord.Count is 0 or > MaxWords ? null : byWord.Values.Select(w => w.ToArray()).ToList();
    }

    private static async Task<List<Row>> TrigramPassAsync(NpgsqlConnection conn, string query, string centre, Guid op,
        DateTimeOffset now, int limit, CancellationToken ct)
    {
        List<Row> rows;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using var batch = new NpgsqlBatch(conn, tx);
            var strict = new NpgsqlBatchCommand(SurvivorQueries.StrictThresholds);
            strict.Parameters.AddWithValue("t", SurvivorQueries.StrictThreshold);
            batch.BatchCommands.Add(strict);
            batch.BatchCommands.Add(TrigramCommand(query, centre, op, now, limit));
            await using (var r = await batch.ExecuteReaderAsync(ct))
            {
                await r.NextResultAsync(ct);
                rows = await ReadRowsAsync(r, ct);
            }
            await tx.CommitAsync(ct);
        }
        if (SurvivorQueries.StrictPassIsComplete(rows.Count, limit)) return rows;

        await using var again = new NpgsqlBatch(conn);
        again.BatchCommands.Add(TrigramCommand(query, centre, op, now, limit));
        await using var reader = await again.ExecuteReaderAsync(ct);
        return await ReadRowsAsync(reader, ct);
    }

    private static NpgsqlBatchCommand TrigramCommand(string query, string centre, Guid op, DateTimeOffset now, int limit)
    {
        var cmd = new NpgsqlBatchCommand(SurvivorQueries.NameSearch);
        AddCommon(cmd.Parameters, query, centre, op, now, limit);
        return cmd;
    }

    private static void AddCommon(NpgsqlParameterCollection p, string query, string centre, Guid op, DateTimeOffset now, int limit)
    {
        p.AddWithValue("q", query);
        p.AddWithValue("centre", centre);
        p.AddWithValue("op", op);
        p.AddWithValue("now", now);
        p.AddWithValue("limit", limit);
    }

    private static async Task<List<Row>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadRowsAsync(r, ct);
    }

    private static async Task<List<Row>> ReadRowsAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var rows = new List<Row>();
        while (await r.ReadAsync(ct))
            rows.Add(new Row(r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4), r.GetDouble(5)));
        return rows;
    }
}
