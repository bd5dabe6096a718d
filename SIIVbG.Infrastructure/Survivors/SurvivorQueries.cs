using Npgsql;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>
/// The registry's SQL, in one place so the benchmark runs exactly what the service runs. Visibility in searches mirrors
/// <c>SurvivorAccessPolicy.CanFind</c>: a case at the operator's centre, or an active grant for her.
/// </summary>
internal static class SurvivorQueries
{
    /// <summary>The survivor with this RUN, with what the result line shows.</summary>
    internal const string RunLookup = "SELECT id, given_names, surnames, run, birth_date FROM survivors WHERE run = @run";

    /// <summary>
    /// Raises pg_trgm's thresholds for the rest of the transaction, before <see cref="NameSearch"/> runs as the first
    /// pass (ADR 011): <c>%</c> and <c>&lt;%</c> then let far fewer rows of a 1 M registry through to the recheck.
    /// </summary>
    internal const string StrictThresholds = """
        SELECT set_config('pg_trgm.similarity_threshold', @t, true), set_config('pg_trgm.word_similarity_threshold', @t, true)
        """;

    /// <summary>Threshold of the first pass (both similarities); not below the server's (pg_trgm's defaults, 0.3 and 0.6).</summary>
    internal const string StrictThreshold = "0.6";

    /// <summary>
    /// Whether the first pass is the complete answer. A survivor it did not match has similarity and word similarity
    /// below <see cref="StrictThreshold"/>, so a lower score than every row it returned; a full page from it is therefore
    /// the page the server's thresholds give (same filter, same order).
    /// </summary>
    internal static bool StrictPassIsComplete(int rows, int limit) => rows == limit;

    /// <summary>Names: every survivor the operator may find whose name matches, best first.</summary>
    internal const string NameSearch = """
        SELECT s.id, s.given_names, s.surnames, s.run, s.birth_date,
               GREATEST(similarity(s.name_key, q.k), word_similarity(q.k, s.name_key)) AS score
        FROM survivors s, (SELECT siivbg_name_key(@q) AS k) q
        WHERE (s.name_key % q.k OR q.k <% s.name_key)
          AND (EXISTS (SELECT 1 FROM cases c WHERE c.survivor_id = s.id AND c.centre_code = @centre)
               OR EXISTS (SELECT 1 FROM access_grants g WHERE g.survivor_id = s.id AND g.operator_id = @op
                          AND g.revoked_at IS NULL AND g.valid_from <= @now AND g.valid_until > @now))
        ORDER BY score DESC, s.surnames, s.given_names
        LIMIT @limit
        """;

    /// <summary>Cases of the given survivors with their centres' territory: the facts the access policy decides on.</summary>
    internal const string CaseFacts = """
        SELECT c.survivor_id, c.id, c.centre_code, c.executing_entity_code, ce.region_code, c.state
        FROM cases c JOIN centres ce ON ce.code = c.centre_code
        WHERE c.survivor_id = ANY(@ids)
        """;

    internal const string LatestConsents = """
        SELECT DISTINCT ON (k.survivor_id) k.survivor_id, k.id
        FROM consents k WHERE k.survivor_id = ANY(@ids)
        ORDER BY k.survivor_id, k.recorded_at DESC
        """;

    internal const string Grants = """
        SELECT g.id, g.operator_id, g.survivor_id, g.all_details, g.tabs, g.valid_from, g.valid_until, g.revoked_at
        FROM access_grants g WHERE g.survivor_id = ANY(@ids) AND g.operator_id = @op
        """;

    internal const string FileCases = """
        SELECT c.id, c.case_number, c.opened_at, c.intervention_type, c.centre_code, ce.name, ee.name, c.state, c.latest_risk,
               c.programme_line, o.given_names || ' ' || o.surnames,
               EXISTS (SELECT 1 FROM intervention_plans ip WHERE ip.case_id = c.id)
        FROM cases c JOIN centres ce ON ce.code = c.centre_code JOIN executing_entities ee ON ee.code = c.executing_entity_code
        LEFT JOIN operators o ON o.id = COALESCE(c.admitted_by, c.opened_by)
        WHERE c.survivor_id = @id
        ORDER BY c.opened_at DESC
        """;

    internal const string FileEpisodes = """
        SELECT e.id, e.occurred_on, e.occurred_at_time, e.place, co.name, r.name, e.violence_types, e.aggressor_relation,
               e.observations, e.risk_at_registration, e.registered_by_centre, e.case_id, e.registered_at
        FROM violence_episodes e JOIN comunas co ON co.code = e.comuna_code JOIN regions r ON r.code = co.region_code
        WHERE e.survivor_id = @id
        ORDER BY e.occurred_on DESC, e.registered_at DESC
        """;

    /// <summary>
    /// Her protective measures' dates with the centre holding each one's process: its case's centre, else the centre of
    /// the operator who registered it (the rule of <c>LegalService.HoldingCentresAsync</c>).
    /// </summary>
    internal const string FileMeasures = """
        SELECT COALESCE(c.centre_code, o.scope_code), m.valid_from, m.valid_until, m.lifted_on
        FROM protective_measures m JOIN legal_processes p ON p.id = m.legal_process_id
        LEFT JOIN cases c ON c.id = p.case_id
        LEFT JOIN operators o ON p.case_id IS NULL AND o.id = p.registered_by AND o.scope_kind = 4
        WHERE p.survivor_id = @id
        """;

    /// <summary>Her cases, her episodes, then her protective measures: the file's rows in one round trip.</summary>
    internal static NpgsqlBatch FileRowsBatch(NpgsqlConnection conn, Guid survivorId)
    {
        var batch = new NpgsqlBatch(conn);
        foreach (var sql in new[] { FileCases, FileEpisodes, FileMeasures })
        {
            var cmd = new NpgsqlBatchCommand(sql);
            cmd.Parameters.AddWithValue("id", survivorId);
            batch.BatchCommands.Add(cmd);
        }
        return batch;
    }
}
