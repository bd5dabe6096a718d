using System.Collections.Concurrent;
using Npgsql;
using SIIVbG.Domain.Identity;

namespace SIIVbG.DevServices.Registries;

/// <summary>
/// Stands in for the State registries the portal consults (Registro Civil, RSH, RIS) over HTTP, so the portal's real
/// typed clients are exercised. Every answer is fictitious and deterministic from the RUN. With
/// <c>DevServices:RegistryDatabase</c> set, Registro Civil answers a registered survivor's own names and birth date (some
/// RUNs with a different comuna, so the portal has differences to show). <c>POST /registros/_control</c> makes a registry
/// fail or slow down, for tests and demonstrations; <c>GET /registros/_control</c> tells the mode and the hits so far.
/// </summary>
internal static class RegistrySimulators
{
    internal enum Mode { Ok, Down, Slow }

    internal sealed record Control(string Registry, string Mode, int? DelayMs);

    private sealed class State
    {
        public readonly ConcurrentDictionary<string, (Mode Mode, int DelayMs)> Modes = new();
        public readonly ConcurrentDictionary<string, int> Hits = new();
    }

    private static readonly string[] Registries = ["registro-civil", "rsh", "ris"];
    private static readonly string[] GivenNames = ["Ana María", "Carolina", "Daniela Paz", "Fernanda", "Javiera", "Macarena", "Paula Andrea", "Valentina", "Ximena", "Yolanda"];
    private static readonly string[] Surnames = ["Demo Araya", "Demo Bravo", "Demo Contreras", "Demo Fuentes", "Demo Muñoz", "Demo Rojas", "Demo Soto", "Demo Vidal"];
    private static readonly (string Comuna, string Province, string Region)[] Places =
        [("13101", "131", "13"), ("13114", "131", "13"), ("05101", "051", "05"), ("08101", "081", "08"), ("09101", "091", "09")];
    private static readonly (string Name, string Institution, int Amount)[] Benefits =
    [
        ("Subsidio Único Familiar", "IPS", 21_243), ("Bono Invierno", "IPS", 78_000), ("Aporte Familiar Permanente", "IPS", 61_000),
        ("Bolsillo Familiar Electrónico", "IPS", 15_000), ("Subsidio al Empleo de la Mujer", "SENCE", 45_000),
    ];

    public static WebApplication MapRegistrySimulators(this WebApplication app)
    {
        var state = new State();
        var database = app.Configuration["DevServices:RegistryDatabase"];

        app.MapPost("/registros/_control", (Control control) =>
        {
            if (!Enum.TryParse<Mode>(control.Mode, ignoreCase: true, out var mode)) return Results.BadRequest("mode: ok | down | slow");
            var targets = control.Registry == "all" ? Registries : Registries.Where(r => r == control.Registry).ToArray();
            if (targets.Length == 0) return Results.BadRequest("registry: registro-civil | rsh | ris | all");
            foreach (var r in targets) state.Modes[r] = (mode, control.DelayMs ?? 5_000);
            return Results.Ok();
        });
        app.MapGet("/registros/_control", () => Results.Json(Registries.ToDictionary(r => r, r => new
        {
            mode = state.Modes.TryGetValue(r, out var m) ? m.Mode.ToString().ToLowerInvariant() : "ok",
            hits = state.Hits.GetValueOrDefault(r),
        })));

        app.MapGet("/registro-civil/personas/{run}", (string run, CancellationToken ct) =>
            Answer(state, "registro-civil", run, ct, async r => await CivilRecordAsync(database, r, ct)));
        app.MapGet("/rsh/hogares/{run}", (string run, CancellationToken ct) =>
            Answer(state, "rsh", run, ct, r => Task.FromResult(Household(r))));
        app.MapGet("/ris/beneficios/{run}", (string run, CancellationToken ct) =>
            Answer(state, "ris", run, ct, r => Task.FromResult<object?>(BenefitsOf(r))));
        return app;
    }

    private static async Task<IResult> Answer(State state, string registry, string runText, CancellationToken ct, Func<Run, Task<object?>> body)
    {
        state.Hits.AddOrUpdate(registry, 1, (_, n) => n + 1);
        var (mode, delay) = state.Modes.GetValueOrDefault(registry, (Mode.Ok, 0));
        if (mode == Mode.Down) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        if (mode == Mode.Slow) await Task.Delay(delay, ct);
        if (!Run.TryParse(runText, out var run, out _)) return Results.BadRequest("RUN inválido");
        return await body(run) is { } found ? Results.Json(found) : Results.NotFound();
    }

    /// <summary>Same RUN, same person: a generator seeded by the RUN number.</summary>
    private static Random For(Run run, int salt) => new(run.Number * 31 + salt);

    private static async Task<object?> CivilRecordAsync(string? database, Run run, CancellationToken ct)
    {
        var rng = For(run, 1);
        if (run.Number % 11 == 0) return null; // some RUNs have no record: the portal must say "not found"
        var place = Places[rng.Next(Places.Length)];
        string given = GivenNames[rng.Next(GivenNames.Length)], surnames = Surnames[rng.Next(Surnames.Length)];
        var birth = new DateOnly(1960, 1, 1).AddDays(rng.Next(0, 365 * 45));
        if (database is not null && await SurvivorAsync(database, run, ct) is { } s)
        {
            (given, surnames) = (s.Given, s.Surnames);
            birth = s.BirthDate ?? birth;
            if (s.Comuna is { } c && Places.FirstOrDefault(p => p.Comuna == c) is { Comuna: not null } known) place = known;
            // Every seventh woman's civil record says another comuna and birth day than she told the centre.
            if (run.Number % 7 == 0) { place = Places[(Array.IndexOf(Places, place) + 1) % Places.Length]; birth = birth.AddDays(1); }
        }
        var deceased = run.Number % 97 == 0;
        return new
        {
            run = run.ToString(), givenNames = given, surnames, birthDate = birth.ToString("yyyy-MM-dd"), sex = "F",
            vitalStatus = deceased ? "fallecida" : "viva", deathDate = deceased ? birth.AddYears(60).ToString("yyyy-MM-dd") : null,
            regionCode = place.Region, provinceCode = place.Province, comunaCode = place.Comuna,
        };
    }

    private static async Task<(string Given, string Surnames, DateOnly? BirthDate, string? Comuna)?> SurvivorAsync(string database, Run run, CancellationToken ct)
    {
        try
        {
            await using var conn = new NpgsqlConnection(database);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT given_names, surnames, birth_date, comuna_code FROM survivors WHERE run = $1", conn);
            cmd.Parameters.AddWithValue(run.ToString());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            return (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        catch (NpgsqlException)
        {
            return null; // the simulator keeps answering synthesised data when the database is away
        }
    }

    private static object? Household(Run run)
    {
        var rng = For(run, 2);
        if (run.Number % 5 == 0) return null; // not in the Registro Social de Hogares
        var place = Places[rng.Next(Places.Length)];
        var members = Enumerable.Range(0, rng.Next(0, 4)).Select(i => new
        {
            givenNames = GivenNames[rng.Next(GivenNames.Length)], relation = i == 0 ? "hija/o" : rng.Next(2) == 0 ? "hija/o" : "madre/padre",
            age = i == 0 ? rng.Next(1, 17) : rng.Next(1, 80),
        }).ToList();
        return new
        {
            run = run.ToString(), folio = 100_000_000 + rng.Next(0, 900_000_000),
            address = $"Pasaje Demo {rng.Next(1, 999)}", comunaCode = place.Comuna,
            bracket = new[] { "40%", "50%", "60%", "70%", "80%", "90%", "100%" }[rng.Next(7)],
            surveyDate = new DateOnly(2022, 1, 1).AddDays(rng.Next(0, 1_000)).ToString("yyyy-MM-dd"), members,
        };
    }

    private static object BenefitsOf(Run run)
    {
        var rng = For(run, 3);
        var benefits = Benefits.Where(_ => rng.Next(3) == 0).Select(b => new
        {
            name = b.Name, institution = b.Institution, amount = b.Amount,
            grantedOn = new DateOnly(2023, 1, 1).AddDays(rng.Next(0, 900)).ToString("yyyy-MM-dd"),
        }).ToList();
        return new { run = run.ToString(), benefits };
    }
}
