using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SIIVbG.Bench;

/// <summary>
/// PostgreSQL's own share of a first night, with no import around it: the registry the import just wrote is copied out
/// in PostgreSQL's binary format, then timed going back in by COPY into empty copies of its tables, and their indexes
/// and foreign keys built once, as a first night builds them. Everything is rolled back. Two shapes are measured:
/// <list type="bullet">
/// <item>the registry as it is;</item>
/// <item>a leaner registry that keeps the SPEC's guarantees: provenance one entry per source and date, milestones in
/// a table of their own, and each milestone, episode, NNA or aggressor carrying its own SGP id, hash and presence instead
/// of a row in <c>sgp_records</c> (which keeps persons, cases and centres). It has no index on those SGP ids: a lower
/// bound.</item>
/// </list>
/// Any import, however fast its own work, takes at least this long on this machine: no parsing, matching or hashing is
/// in it.
/// </summary>
internal static partial class SgpFloor
{
    /// <summary>A table of a shape: how to create it, what to copy into it, and which registry table's indexes it gets.</summary>
    private sealed record FloorTable(string Name, string Create, string Export, string? IndexesOf, string[] MoreIndexes);

    internal sealed record FloorFigures(string Shape, double CopySeconds, double IndexSeconds, long Bytes)
    {
        public double Seconds => CopySeconds + IndexSeconds;
    }

    public static async Task<IReadOnlyList<FloorFigures>> MeasureAsync(string ownerCs, string folder, Action<string> log)
    {
        await using var conn = new NpgsqlConnection(ownerCs);
        await conn.OpenAsync();
        var results = new List<FloorFigures>();
        foreach (var (shape, tables) in new[] { ("con el esquema actual", await CurrentAsync(conn)), ("con un esquema mínimo", await LeanAsync(conn)) })
        {
            log($"  Piso de PostgreSQL, registro {shape}:");
            results.Add(await MeasureShapeAsync(conn, shape, tables, folder, log));
        }
        return results;
    }

    private static async Task<FloorFigures> MeasureShapeAsync(NpgsqlConnection conn, string shape, IReadOnlyList<FloorTable> tables,
        string folder, Action<string> log)
    {
        var files = new Dictionary<string, string>();
        long bytes = 0;
        double copySeconds = 0, indexSeconds = 0;
        try
        {
            // Copied out first, untimed: the files are what an import would send. Readable by this user only, and deleted
            // whatever happens.
            foreach (var t in tables)
            {
                var path = files[t.Name] = Path.Combine(folder, $"floor-{t.Name}.bin");
                await using (var file = CreatePrivate(path))
                await using (var source = await conn.BeginRawBinaryCopyAsync($"COPY ({t.Export}) TO STDOUT (FORMAT BINARY)"))
                    await source.CopyToAsync(file);
                bytes += new FileInfo(path).Length;
            }

            await using var tx = await conn.BeginTransactionAsync();
            try
            {
                foreach (var t in tables) await ExecuteAsync(conn, t.Create);
                foreach (var t in tables)
                {
                    var columns = await WritableColumnsAsync(conn, t.Name);
                    var watch = Stopwatch.StartNew();
                    await using (var file = File.OpenRead(files[t.Name]))
                    await using (var target = await conn.BeginRawBinaryCopyAsync(
                                     $"COPY {t.Name} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"))
                        await file.CopyToAsync(target);
                    var copy = watch.Elapsed.TotalSeconds;
                    watch.Restart();
                    foreach (var statement in await IndexStatementsAsync(conn, t)) await ExecuteAsync(conn, statement);
                    var index = watch.Elapsed.TotalSeconds;
                    copySeconds += copy;
                    indexSeconds += index;
                    log(string.Create(CultureInfo.InvariantCulture,
                        $"    {t.Name,-28} COPY {copy,6:F1} s · índices y claves {index,6:F1} s · {new FileInfo(files[t.Name]).Length / 1_048_576,5} MB"));
                }
            }
            finally
            {
                await tx.RollbackAsync();
            }
        }
        finally
        {
            foreach (var path in files.Values) File.Delete(path);
        }
        return new FloorFigures(shape, copySeconds, indexSeconds, bytes);
    }

    /// <summary>The registry tables a first night fills, as they are.</summary>
    private static async Task<IReadOnlyList<FloorTable>> CurrentAsync(NpgsqlConnection conn)
    {
        var list = new List<FloorTable>();
        foreach (var table in new[] { "survivors", "cases", "violence_episodes", "related_persons", "sgp_records" })
        {
            var columns = string.Join(", ", await WritableColumnsAsync(conn, table));
            list.Add(new FloorTable($"floor_{table}", $"CREATE TABLE floor_{table} (LIKE {table} INCLUDING DEFAULTS INCLUDING GENERATED)",
                $"SELECT {columns} FROM {table}", table, []));
        }
        return list;
    }

    /// <summary>The leaner registry (see the class): the same women, cases and rows, written with less.</summary>
    private static async Task<IReadOnlyList<FloorTable>> LeanAsync(NpgsqlConnection conn)
    {
        const string sgpColumns = ", sgp_id varchar(60) COLLATE \"C\", row_hash bytea, present boolean";
        var survivors = (await WritableColumnsAsync(conn, "survivors")).Select(c => c == "provenance"
            ? """
              (SELECT jsonb_agg(jsonb_build_object('Source', g.s, 'At', g.a, 'Fields', g.f)) FROM
                (SELECT p->'Source' s, p->'At' a, jsonb_agg(p->'Field') f FROM jsonb_array_elements(provenance) p GROUP BY 1, 2) g)
              """
            : c);
        var cases = (await WritableColumnsAsync(conn, "cases")).Select(c => c == "milestones" ? "'[]'::jsonb" : c);
        var episodes = (await WritableColumnsAsync(conn, "violence_episodes")).Select(c => "e." + c);
        var related = (await WritableColumnsAsync(conn, "related_persons")).Select(c => "p." + c);
        var records = string.Join(", ", await WritableColumnsAsync(conn, "sgp_records"));
        return
        [
            new("floor_survivors", "CREATE TABLE floor_survivors (LIKE survivors INCLUDING DEFAULTS INCLUDING GENERATED)",
                $"SELECT {string.Join(", ", survivors)} FROM survivors", "survivors", []),
            new("floor_cases", "CREATE TABLE floor_cases (LIKE cases INCLUDING DEFAULTS)", $"SELECT {string.Join(", ", cases)} FROM cases",
                "cases", []),
            new("floor_case_milestones",
                $"CREATE TABLE floor_case_milestones (id uuid NOT NULL, case_id uuid NOT NULL, state integer NOT NULL, at timestamptz NOT NULL, by uuid NOT NULL, note varchar(500){sgpColumns})",
                """
                SELECT (m->>'Id')::uuid, c.id, (m->>'State')::int, (m->>'At')::timestamptz, (m->>'By')::uuid, m->>'Note', r.sgp_id, r.row_hash, r.present
                FROM cases c CROSS JOIN jsonb_array_elements(c.milestones) m
                LEFT JOIN sgp_records r ON r.kind = 'hito' AND r.target_id = (m->>'Id')::uuid
                """,
                null,
                [
                    "CREATE UNIQUE INDEX floor_m1 ON floor_case_milestones (id)",
                    "CREATE INDEX floor_m2 ON floor_case_milestones (case_id)",
                    "ALTER TABLE floor_case_milestones ADD CONSTRAINT floor_m3 FOREIGN KEY (case_id) REFERENCES cases(id)",
                ]),
            new("floor_violence_episodes", $"CREATE TABLE floor_violence_episodes (LIKE violence_episodes INCLUDING DEFAULTS{sgpColumns})",
                $"SELECT {string.Join(", ", episodes)}, r.sgp_id, r.row_hash, r.present FROM violence_episodes e LEFT JOIN sgp_records r ON r.kind = 'episodio' AND r.target_id = e.id",
                "violence_episodes", []),
            new("floor_related_persons", $"CREATE TABLE floor_related_persons (LIKE related_persons INCLUDING DEFAULTS{sgpColumns})",
                $"SELECT {string.Join(", ", related)}, r.sgp_id, r.row_hash, r.present FROM related_persons p LEFT JOIN sgp_records r ON r.kind IN ('nna', 'agresor') AND r.target_id = p.id",
                "related_persons", []),
            new("floor_sgp_records", "CREATE TABLE floor_sgp_records (LIKE sgp_records INCLUDING DEFAULTS)",
                $"SELECT {records} FROM sgp_records WHERE kind IN ('persona', 'caso', 'centro')", "sgp_records", []),
        ];
    }

    /// <summary>The registry table's indexes and foreign keys, renamed onto the floor table, then the shape's own.</summary>
    private static async Task<List<string>> IndexStatementsAsync(NpgsqlConnection conn, FloorTable t)
    {
        var statements = new List<string>();
        if (t.IndexesOf is { } source)
        {
            var n = 0;
            await using (var cmd = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = @t", conn))
            {
                cmd.Parameters.AddWithValue("t", source);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    statements.Add(IndexDefinition().Replace(reader.GetString(0), m => $"{m.Groups[1].Value}{t.Name}_i{++n} ON public.{t.Name} "));
            }
            await using (var cmd = new NpgsqlCommand(
                             "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @t::regclass AND contype = 'f'", conn))
            {
                cmd.Parameters.AddWithValue("t", source);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) statements.Add($"ALTER TABLE {t.Name} ADD CONSTRAINT {t.Name}_f{++n} {reader.GetString(0)}");
            }
        }
        statements.AddRange(t.MoreIndexes);
        return statements;
    }

    [GeneratedRegex(@"^(CREATE (?:UNIQUE )?INDEX )\S+ ON \S+ ")]
    private static partial Regex IndexDefinition();

    /// <summary>A table's columns in order, without the generated ones (PostgreSQL computes those as it copies).</summary>
    private static async Task<List<string>> WritableColumnsAsync(NpgsqlConnection conn, string table)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT quote_ident(column_name) FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = @t AND is_generated = 'NEVER' ORDER BY ordinal_position
            """, conn);
        cmd.Parameters.AddWithValue("t", table);
        var columns = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        return columns;
    }

    /// <summary>A new file only this user can read: it holds the registry's rows.</summary>
    private static FileStream CreatePrivate(string path) => OperatingSystem.IsWindows()
        ? File.Create(path)
        : new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}
