using System.Security.Cryptography;
using System.Text;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Infrastructure.Seeding.Generation;

public sealed record GenerationComuna(string Code, string Name, string ProvinceCode, string RegionCode, string RegionName);

public sealed record GenerationEntity(string Code, string Name, string RegionCode);

/// <summary>A centre cases are opened at, with the operators who act there and how often survivors come to it.</summary>
public sealed record GenerationCentre(
    string Code, string Name, string Kind, string ExecutingEntityCode, string ComunaCode, string RegionCode,
    IReadOnlyList<Guid> Actors, double Weight);

/// <summary>A fictitious caseworker of a generated centre (the demo centres use the demo operators).</summary>
public sealed record GenerationOperator(Guid Id, Run Run, string GivenNames, string Surnames, string CentreCode);

/// <summary>
/// Where generated case files happen. The demo world is the three demo centres; the national world adds one
/// "Centro de la Mujer" per province capital and one "Casa de Acogida" per region, so that a large data set is spread
/// across the country while the demo centres stay heavily populated.
/// </summary>
public sealed class GenerationWorld
{
    /// <summary>Generated caseworkers have RUNs 29.000.001 onwards: fictitious, apart from the survivors' 30–39 million.</summary>
    public const int FirstOperatorRunNumber = 29_000_001;

    private readonly double[] _demoCumulative;
    private readonly double[] _nationalCumulative;

    public IReadOnlyList<GenerationComuna> Comunas { get; }
    public IReadOnlyList<GenerationCentre> DemoCentres { get; }
    public IReadOnlyList<GenerationCentre> NationalCentres { get; }
    public IReadOnlyList<GenerationEntity> NationalEntities { get; }
    public IReadOnlyList<GenerationOperator> NationalOperators { get; }
    public IReadOnlyDictionary<string, GenerationComuna[]> ComunasByRegion { get; }
    public IReadOnlyDictionary<string, GenerationComuna> ComunaByCode { get; }
    /// <summary>Every centre of the national world (which includes the demo centres) by code.</summary>
    public IReadOnlyDictionary<string, GenerationCentre> CentreByCode { get; }

    private GenerationWorld(IReadOnlyList<GenerationComuna> comunas, IReadOnlyList<GenerationCentre> demo,
        IReadOnlyList<GenerationCentre> national, IReadOnlyList<GenerationEntity> entities, IReadOnlyList<GenerationOperator> operators)
    {
        Comunas = comunas;
        DemoCentres = demo;
        NationalCentres = national;
        NationalEntities = entities;
        NationalOperators = operators;
        ComunasByRegion = comunas.GroupBy(c => c.RegionCode).ToDictionary(g => g.Key, g => g.ToArray());
        ComunaByCode = comunas.ToDictionary(c => c.Code);
        CentreByCode = national.ToDictionary(c => c.Code);
        _demoCumulative = Cumulative(demo.Select(c => c.Weight));
        _nationalCumulative = Cumulative(national.Select(c => c.Weight));
    }

    /// <param name="demoOperatorIds">Ids of the demo operators by canonical RUN (as stored in <c>operators</c>).</param>
    public static GenerationWorld Create(IReadOnlyDictionary<string, Guid> demoOperatorIds)
    {
        var comunas = ReadComunas();

        Guid[] ActorsOf(DemoCentre centre)
        {
            var team = DemoData.Operators
                .Where(o => o.Active && o.ScopeKind == ScopeKind.Centre && o.ScopeCode == centre.Code)
                .Select(o => o.Run.ToString()).ToList();
            // A centre without its own demo team (the casa de acogida) is worked by the head of its executing entity.
            if (team.Count == 0)
                team = DemoData.Operators.Where(o => o.Active && o.ScopeCode == centre.ExecutingEntityCode).Select(o => o.Run.ToString()).ToList();
            var ids = team.Where(demoOperatorIds.ContainsKey).Select(r => demoOperatorIds[r]).ToArray();
            return ids.Length > 0 ? ids
                : throw new InvalidOperationException($"No hay operadores de demostración para {centre.Code}: ejecute primero `seed`.");
        }

        double[] demoWeights = [0.62, 0.13, 0.25];
        double[] demoNationalWeights = [0.06, 0.02, 0.03];
        var demo = DemoData.Centres.Select((c, i) => new GenerationCentre(c.Code, c.Name, c.Kind, c.ExecutingEntityCode, c.ComunaCode,
            c.RegionCode, ActorsOf(c), demoWeights[i])).ToList();

        var entities = comunas.Select(c => (c.RegionCode, c.RegionName)).Distinct()
            .Select(r => new GenerationEntity($"EE-{r.RegionCode}-GEN", $"Corporación {r.RegionName} (demo)", r.RegionCode)).ToList();
        var places = comunas.Where(c => c.Code[3..] == "01")
            .Select(c => (Code: $"CDM-{c.Code}-G", Name: $"Centro de la Mujer {c.Name} (demo)", Kind: "Centro de la Mujer", Comuna: c,
                Weight: c.RegionCode == "13" ? 3.0 : 1.0))
            .Concat(entities.Select(e => comunas.First(c => c.RegionCode == e.RegionCode && c.Code[3..] == "01"))
                .Select(c => (Code: $"CDA-{c.RegionCode}-G", Name: $"Casa de Acogida {c.RegionName} (demo)", Kind: "Casa de Acogida",
                    Comuna: c, Weight: 0.5)))
            .ToList();
        var operators = places.Select((p, i) => new GenerationOperator(StableId("operator:" + p.Code),
            Run.FromNumber(FirstOperatorRunNumber + i), "Operadora", $"Demo {p.Comuna.Name}", p.Code)).ToList();
        var share = 1.0 - demoNationalWeights.Sum();
        var totalWeight = places.Sum(p => p.Weight);
        var national = demo.Select((c, i) => c with { Weight = demoNationalWeights[i] })
            .Concat(places.Select((p, i) => new GenerationCentre(p.Code, p.Name, p.Kind, $"EE-{p.Comuna.RegionCode}-GEN", p.Comuna.Code,
                p.Comuna.RegionCode, [operators[i].Id], share * p.Weight / totalWeight)))
            .ToList();
        return new GenerationWorld(comunas, demo, national, entities, operators);
    }

    /// <summary>The demo world for the first <see cref="CaseFileGenerator.DemoSurvivors"/> survivors, the national one after.</summary>
    public IReadOnlyList<GenerationCentre> CentresFor(int index) => index < CaseFileGenerator.DemoSurvivors ? DemoCentres : NationalCentres;

    internal GenerationCentre PickCentre(int index, Random rng)
    {
        var (centres, cumulative) = index < CaseFileGenerator.DemoSurvivors ? (DemoCentres, _demoCumulative) : (NationalCentres, _nationalCumulative);
        var u = rng.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, u);
        return centres[Math.Min(i < 0 ? ~i : i, centres.Count - 1)];
    }

    internal static Guid StableId(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("siivbg-generated:" + name), hash);
        hash[6] = (byte)(0x40 | (hash[6] & 0x0f));
        hash[8] = (byte)(0x80 | (hash[8] & 0x3f));
        return new Guid(hash[..16], bigEndian: true);
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return weights.Select(w => sum += w).ToArray();
    }

    /// <summary>The official CUT list embedded in Infrastructure — the same file the seeder loads into <c>comunas</c>.</summary>
    private static List<GenerationComuna> ReadComunas()
    {
        using var stream = typeof(Seeder).Assembly.GetManifestResourceStream("SIIVbG.Seeding.comunas.csv")
            ?? throw new InvalidOperationException("comunas.csv is not embedded");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var list = new List<GenerationComuna>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            list.Add(new GenerationComuna(f[4], f[5], f[2], f[0], f[1]));
        }
        return list;
    }
}
