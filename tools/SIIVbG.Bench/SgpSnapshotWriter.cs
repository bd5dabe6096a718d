using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Bench;

/// <summary>
/// Writes a fictitious SGP snapshot (sgp-snapshot/1) of <c>persons</c> person rows with their cases, milestones, episodes,
/// NNA and aggressors, streaming row by row (memory stays flat). Deterministic from the seed. About one woman in eight
/// appears under a second programme (same RUN, or without RUN with the same names and birth date), as SGP does.
/// </summary>
internal static class SgpSnapshotWriter
{
    private static readonly string[] Given = ["Ana", "Carolina", "Daniela", "Fernanda", "Javiera", "Macarena", "Paula", "Valentina", "Ximena", "Camila",
        "Sofía", "Isidora", "Antonia", "Catalina", "Constanza", "Francisca", "Josefa", "Martina", "Paz", "Rocío"];
    private static readonly string[] Second = ["María", "Andrea", "Isabel", "Belén", "Alejandra", "Soledad", "Patricia", "Ignacia", "", ""];
    private static readonly string[] Surnames = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez", "Sepúlveda",
        "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya", "Flores", "Espinoza", "Valenzuela", "Castillo", "Tapia"];
    private static readonly string[] Programmes = ["APR-CDM", "PREVENCION", "CASA-ACOGIDA", "VIOLENCIA-SEXUAL"];
    private static readonly string[] States = ["ORIENTACION", "INGRESADO", "EN_INTERVENCION", "EGRESADO", "SEGUIMIENTO", "DESERCION"];
    private static readonly string[] Risks = ["BAJO", "MEDIO", "ALTO", "VITAL", ""];
    private static readonly string[] Types = ["FISICA", "PSICOLOGICA", "SEXUAL", "ECONOMICA", "SIMBOLICA", "DIGITAL", "OTRA"];
    private static readonly string[] Relations = ["PAREJA", "EX_PAREJA", "CONVIVIENTE", "EX_CONVIVIENTE", "FAMILIAR", "CONOCIDO", "DESCONOCIDO"];

    public sealed record Written(string Folder, IReadOnlyDictionary<string, long> Rows, long Bytes);

    public static Written Write(string parent, DateOnly day, int persons, IReadOnlyList<string> comunas, int seed = 7)
    {
        var folder = Path.Combine(parent, $"sgp-{day:yyyyMMdd}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var rng = new Random(seed);
        var utf8 = new UTF8Encoding(false);
        var rows = new Dictionary<string, long>();
        StreamWriter Open(string name, string header)
        {
            var w = new StreamWriter(Path.Combine(folder, name), false, utf8, 1 << 20) { NewLine = "\n" };
            w.WriteLine(header);
            rows[name] = 0;
            return w;
        }

        var centreCount = Math.Clamp(persons / 2_000, 12, 400);
        using (var centres = Open("centros.csv", "codigo_centro;nombre;tipo;ente_ejecutor;rut_ente_ejecutor;comuna_cut"))
            for (var c = 0; c < centreCount; c++)
            {
                var comuna = comunas[c * 7 % comunas.Count];
                centres.WriteLine($"C{c:D4};Centro Mujer Demo {c};{(c % 5 == 4 ? "CASA_ACOGIDA" : "CENTRO_MUJER")};Fundación Ejecutora Demo {c / 4};{69_000_000 + c / 4}-{Run.ComputeCheckDigit(69_000_000 + c / 4)};{comuna}");
                rows["centros.csv"]++;
            }

        using var people = Open("beneficiarias.csv", "id_sgp_persona;programa;run;nombres;apellido_paterno;apellido_materno;fecha_nacimiento;sexo;genero;nacionalidad;pueblo_originario;discapacidad;telefono;email;direccion;comuna_cut;fecha_actualizacion");
        using var cases = Open("casos.csv", "id_sgp_caso;id_sgp_persona;codigo_centro;tipo_intervencion;fecha_ingreso;estado;fecha_egreso;motivo_egreso;run_funcionaria;nivel_riesgo;fecha_actualizacion");
        using var milestones = Open("hitos.csv", "id_sgp_hito;id_sgp_caso;tipo_hito;fecha;observacion");
        using var episodes = Open("episodios.csv", "id_sgp_episodio;id_sgp_caso;fecha;hora;lugar;comuna_cut;tipos_violencia;relacion_agresor;observaciones");
        using var children = Open("nna.csv", "id_sgp_nna;id_sgp_persona;run;nombres;fecha_nacimiento;relacion");
        using var aggressors = Open("agresores.csv", "id_sgp_agresor;id_sgp_caso;run;nombres;sexo;edad;relacion");
        // The rows' own update date does not follow the snapshot's: the next night's snapshot of the same seed is unchanged.
        const string updated = "20-11-2026";
        var woman = 0;
        (int Run, string Given, string Surname1, string Surname2, DateOnly Birth, string Comuna) current = (0, "", "", "", default, "");
        for (var p = 0; p < persons; p++)
        {
            // One row in eight repeats the previous woman under another programme.
            var repeat = p > 0 && rng.Next(8) == 0;
            if (!repeat)
            {
                woman++;
                current = (20_000_000 + woman, $"{Given[rng.Next(Given.Length)]} {Second[rng.Next(Second.Length)]}".Trim(),
                    Surnames[rng.Next(Surnames.Length)], Surnames[rng.Next(Surnames.Length)],
                    new DateOnly(1955, 1, 1).AddDays(rng.Next(0, 365 * 50)), comunas[rng.Next(comunas.Count)]);
            }
            var withoutRun = current.Run % 10 == 0; // some women have no RUN in SGP: names and birth date match them
            var run = withoutRun ? "" : FormatRun(current.Run, rng);
            var id = $"P{p + 1:D8}";
            var given = repeat && rng.Next(2) == 0 ? current.Given.ToUpperInvariant() : current.Given;
            people.WriteLine($"{id};{Programmes[rng.Next(Programmes.Length)]};{run};{given};{current.Surname1};{current.Surname2};{current.Birth:dd-MM-yyyy};F;FEMENINO;CHILENA;;;+569{rng.Next(10_000_000, 99_999_999)};;Pasaje Demo {rng.Next(1, 9_999)};{current.Comuna};{updated}");
            rows["beneficiarias.csv"]++;

            for (var n = 0; n < (rng.Next(10) < 3 ? rng.Next(1, 3) : 0); n++)
            {
                var child = 30_000_000 + p * 2 + n;
                children.WriteLine($"N{p + 1:D8}-{n};{id};{child}-{Run.ComputeCheckDigit(child)};{Given[rng.Next(Given.Length)]};{new DateOnly(2010, 1, 1).AddDays(rng.Next(0, 5_000)):dd-MM-yyyy};HIJA");
                rows["nna.csv"]++;
            }

            var caseCount = rng.Next(10) < 7 ? 1 : 2;
            for (var c = 0; c < caseCount; c++)
            {
                var caseId = $"K{p + 1:D8}-{c}";
                var opened = new DateOnly(2018, 1, 1).AddDays(rng.Next(0, 3_000));
                var state = States[rng.Next(States.Length)];
                var closed = state is "EGRESADO" or "DESERCION" ? opened.AddDays(rng.Next(30, 400)).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture) : "";
                var worker = 12_000_000 + rng.Next(0, 500);
                cases.WriteLine($"{caseId};{id};C{rng.Next(centreCount):D4};INTERVENCION_PSICOSOCIOJURIDICA;{opened:dd-MM-yyyy};{state};{closed};{(closed.Length > 0 ? "CUMPLE_OBJETIVOS" : "")};{worker}-{Run.ComputeCheckDigit(worker)};{Risks[rng.Next(Risks.Length)]};{updated}");
                rows["casos.csv"]++;
                milestones.WriteLine($"H{caseId}-0;{caseId};ORIENTACION;{opened:dd-MM-yyyy};");
                milestones.WriteLine($"H{caseId}-1;{caseId};INGRESO;{opened.AddDays(7):dd-MM-yyyy};");
                rows["hitos.csv"] += 2;
                if (closed.Length > 0) { milestones.WriteLine($"H{caseId}-2;{caseId};EGRESO;{closed};"); rows["hitos.csv"]++; }
                for (var e = 0; e < rng.Next(1, 3); e++)
                {
                    var types = string.Join('|', Types.Where(_ => rng.Next(3) == 0).DefaultIfEmpty("PSICOLOGICA"));
                    var note = rng.Next(4) == 0 ? "\"Relata agresión tras discusión; \"\"no es la primera vez\"\".\"" : "";
                    episodes.WriteLine($"E{caseId}-{e};{caseId};{opened.AddDays(-rng.Next(1, 200)):dd-MM-yyyy};{rng.Next(24):D2}:{rng.Next(60):D2};DOMICILIO;{current.Comuna};{types};{Relations[rng.Next(Relations.Length)]};{note}");
                    rows["episodios.csv"]++;
                }
                var aggressor = 8_000_000 + rng.Next(0, 9_000_000);
                aggressors.WriteLine($"A{caseId};{caseId};{aggressor}-{Run.ComputeCheckDigit(aggressor)};Juan Demo;M;{rng.Next(20, 70)};{Relations[rng.Next(Relations.Length)]}");
                rows["agresores.csv"]++;
            }
        }
        foreach (var w in new[] { people, cases, milestones, episodes, children, aggressors }) w.Flush();
        people.Dispose(); cases.Dispose(); milestones.Dispose(); episodes.Dispose(); children.Dispose(); aggressors.Dispose();

        var manifest = new
        {
            format = "sgp-snapshot/1", snapshot_date = day.ToString("yyyy-MM-dd"), generated_at = $"{day:yyyy-MM-dd}T02:00:00-03:00", encoding = "utf-8",
            files = rows.Select(r => new { name = r.Key, rows = r.Value, sha256 = Sha256(Path.Combine(folder, r.Key)) }).ToArray(),
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
        return new Written(folder, rows, rows.Keys.Sum(n => new FileInfo(Path.Combine(folder, n)).Length));
    }

    /// <summary>RUNs as centre staff type them: with dots, without, with a space.</summary>
    private static string FormatRun(int number, Random rng)
    {
        var run = Run.FromNumber(number);
        return rng.Next(3) switch { 0 => run.ToDisplay(), 1 => run.ToString(), _ => run.ToString().Replace("-", "") };
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
