using System.Text.Json;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Seeding.Generation;

namespace SIIVbG.Tests.Infrastructure.Generation;

/// <summary>The generated data set is reproducible, fictitious and shaped like a real registry.</summary>
[Trait("Area", "Registry")]
public sealed class CaseFileGeneratorTests
{
    internal static GenerationWorld World { get; } = GenerationWorld.Create(
        DemoData.Operators.ToDictionary(o => o.Run.ToString(), o => Guid.CreateVersion7()));

    private static readonly Lazy<List<GeneratedCaseFile>> Sample = new(() => new CaseFileGenerator(World).Generate(0, 20_000).ToList());

    [Fact]
    public void Generate_IsDeterministic_ForASeed()
    {
        var a = new CaseFileGenerator(World, 7);
        var b = new CaseFileGenerator(World, 7);
        var c = new CaseFileGenerator(World, 8);
        foreach (var i in new[] { 0, 1, 250, 999, 1_000, 1_500, 54_321, 999_999 })
        {
            Assert.Equal(JsonSerializer.Serialize(a.Generate(i)), JsonSerializer.Serialize(b.Generate(i)));
            Assert.NotEqual(JsonSerializer.Serialize(a.Generate(i)), JsonSerializer.Serialize(c.Generate(i)));
        }
    }

    [Fact]
    public void Runs_AreValid_Fictitious_AndUnique()
    {
        var runs = Sample.Value.Select(f => f.Survivor.Run).OfType<string>().ToList();
        Assert.All(runs, r =>
        {
            Assert.True(Run.TryParse(r, out var run, out _), r);
            Assert.InRange(run.Number, 30_000_000, 39_999_999);
            Assert.Equal(r, run.ToString());
        });
        Assert.Equal(runs.Count, runs.Distinct().Count());
        // The RUN of survivor i does not depend on the rest of her file: a million of them are distinct too.
        var numbers = new HashSet<int>(Enumerable.Range(0, 1_000_000).Select(CaseFileGenerator.RunNumberOf));
        Assert.Equal(1_000_000, numbers.Count);
    }

    [Fact]
    public void Proportions_AreWithinBounds()
    {
        var files = Sample.Value;
        var n = (double)files.Count;
        var cases = files.SelectMany(f => f.Cases).ToList();
        Assert.InRange(cases.Count / n, 2.8, 3.3);
        Assert.InRange(files.Sum(f => f.Episodes.Count) / n, 4.6, 5.6);
        Assert.All(files.Where(f => !CaseFileGenerator.IsHeavy(f.Survivor.Index)), f => Assert.InRange(f.Cases.Count, 1, 5));
        Assert.InRange(files.Count(f => f.Survivor.Run is null) / n, 0.07, 0.13);
        Assert.Contains(files, f => f.Survivor.DocumentKind == IdentityDocumentKind.ForeignId);
        Assert.Contains(files, f => f.Survivor.DocumentKind == IdentityDocumentKind.None);
        Assert.InRange(files.Count(f => f.Consent is { Obtained: true }) / n, 0.66, 0.74);
        Assert.Contains(files, f => f.Consent is { Obtained: true, SignatureEvidence: null, ScannedCopyId: null });
        Assert.InRange(files.Count(f => f.Consent?.Scopes.HasFlag(ConsentScope.ShareWithSernamEgCentres) == true) / n, 0.3, 0.5);
        Assert.InRange(files.Count(f => f.LegalProcesses.Count > 0) / n, 0.05, 0.12);
        Assert.Contains(files, f => f.LegalProcesses.Any(p => p.Measures.Count > 0));
        foreach (var state in Enum.GetValues<CaseState>())
            Assert.InRange(cases.Count(c => c.State == state) / (double)cases.Count, 0.03, 0.5);
        Assert.All(files, f => Assert.InRange(f.Survivor.BirthDate!.Value.Year, 1950, 2008));
        Assert.All(cases, c => Assert.True(c.Milestones[^1].At < CaseFileGenerator.AsOf));
        Assert.True(World.NationalCentres.Select(c => c.RegionCode).Distinct().Count() == 16);
        Assert.True(files.Skip(CaseFileGenerator.DemoSurvivors).SelectMany(f => f.Cases).Select(c => c.CentreCode).Distinct().Count() > 60);
    }

    [Fact]
    public void Names_AreCombinedFromCommonChileanNames_WithAccentsAndEñe()
    {
        var names = Sample.Value.Select(f => $"{f.Survivor.GivenNames} {f.Survivor.Surnames}").ToList();
        Assert.True(names.Distinct().Count() > 19_000);
        Assert.Contains(names, n => n.Contains('ñ') || n.Contains('Ñ'));
        Assert.Contains(names, n => n.StartsWith("María José ", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("Núñez", StringComparison.Ordinal));
    }

    [Fact]
    public void DemoCentreTeam_SeesSeveralHundredOfTheDemoSurvivors()
    {
        var demo = Sample.Value.Take(CaseFileGenerator.DemoSurvivors).ToList();
        Assert.All(demo.SelectMany(f => f.Cases), c => Assert.Contains(c.CentreCode, DemoData.Centres.Select(d => d.Code)));
        Assert.InRange(demo.Count(f => f.Cases.Any(c => c.CentreCode == "CDM-13101-D")), 400, 900);
        Assert.InRange(demo.Count(f => f.Cases.Any(c => c.CentreCode == "CDM-05101-D")), 150, 600);
    }

    [Fact]
    public void HeavySurvivors_Have20CasesAnd100Episodes_AtTheDemoCentre()
    {
        var heavy = CaseFileGenerator.HeavyIndexes(20_000).Select(i => Sample.Value[i]).ToList();
        Assert.Equal(2 + 19, heavy.Count);
        Assert.All(heavy, f =>
        {
            Assert.Equal(20, f.Cases.Count);
            Assert.Equal(100, f.Episodes.Count);
            Assert.NotNull(f.Survivor.Run);
            Assert.Contains(f.Cases, c => c.CentreCode == "CDM-13101-D");
        });
    }

    [Fact]
    public void EveryGeneratedFile_ReplaysThroughTheDomainRules()
    {
        foreach (var file in Sample.Value.Take(6_000))
        {
            var replayed = DomainReplay.Replay(file);
            Assert.Equal(file.Cases.Select(c => c.State), replayed.Cases.Select(c => c.State));
            Assert.Equal(file.Cases.Select(c => c.LatestRisk?.Level), replayed.Cases.Select(c => c.LatestRisk));
            Assert.Equal(file.Consent?.Scopes, replayed.Consent?.Scopes);
            Assert.Equal(file.Consent?.ScopeChangeIds.Length, replayed.Consent?.ScopeHistory.Count);
            Assert.Equal(file.LegalProcesses.Select(p => p.Status), replayed.LegalProcesses.Select(p => p.Status));
            Assert.Equal(ProvenanceOf(file), replayed.Survivor.Provenance.Select(p => (p.Field, p.Source)).OrderBy(p => p.Field).ToList());
        }
    }

    private static List<(string, DataSource)> ProvenanceOf(GeneratedCaseFile file)
    {
        var json = JsonDocument.Parse(new CaseFileCopyProbe().Provenance(file.Survivor));
        return json.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("Field").GetString()!, (DataSource)e.GetProperty("Source").GetInt32()))
            .OrderBy(p => p.Item1).ToList();
    }

    private sealed class CaseFileCopyProbe
    {
        private readonly CaseFileCopy _copy = new();
        public string Provenance(GeneratedSurvivor s) => _copy.ProvenanceJson(s);
    }
}
