using SIIVbG.Domain.Access;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Operators;
using SIIVbG.Domain.Territory;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Seeding;

/// <summary>Loads the official territory and the fictitious demo data. Idempotent: adds only what is missing.</summary>
public sealed class Seeder(IDbContextFactory<SiivbgDbContext> dbFactory, TimeProvider clock)
{
    public async Task SeedTerritoryAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Regions.AnyAsync(ct)) return;
        var regions = new Dictionary<string, Region>();
        var provinces = new Dictionary<string, Province>();
        var comunas = new List<Comuna>();
        foreach (var row in ReadComunas())
        {
            if (!regions.ContainsKey(row[0])) regions[row[0]] = new Region(row[0], row[1]);
            if (!provinces.ContainsKey(row[2])) provinces[row[2]] = new Province(row[2], row[3], row[0]);
            comunas.Add(new Comuna(row[4], row[5], row[2], row[0]));
        }
        db.Regions.AddRange(regions.Values);
        db.Provinces.AddRange(provinces.Values);
        db.Comunas.AddRange(comunas);
        await db.SaveChangesAsync(ct);
    }

    public async Task SeedDemoAsync(CancellationToken ct = default)
    {
        await SeedTerritoryAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entities = await db.ExecutingEntities.Select(e => e.Code).ToListAsync(ct);
        foreach (var (code, name, region) in DemoData.ExecutingEntities.Where(e => !entities.Contains(e.Code)))
            db.ExecutingEntities.Add(new ExecutingEntity(code, name, region));
        var centres = await db.Centres.Select(c => c.Code).ToListAsync(ct);
        foreach (var c in DemoData.Centres.Where(c => !centres.Contains(c.Code)))
            db.Centres.Add(new Centre(c.Code, c.Name, c.Kind, c.ExecutingEntityCode, c.ComunaCode, c.RegionCode));
        var runs = await db.Operators.Select(o => o.Run).ToListAsync(ct);
        foreach (var d in DemoData.Operators.Where(d => !runs.Contains(d.Run.ToString())))
        {
            var op = Operator.Register(d.Run, d.GivenNames, d.Surnames, d.Level, d.ScopeKind, d.ScopeCode, clock.GetUtcNow());
            if (d.Functions != AdminFunctions.None) op.AssignFunctions(d.Functions);
            if (!d.Active) op.Deactivate();
            db.Operators.Add(op);
        }
        await db.SaveChangesAsync(ct);
        await CaseFileGenerator.SeedDemoCaseFilesAsync(dbFactory, ct);
    }

    private static IEnumerable<string[]> ReadComunas()
    {
        using var stream = typeof(Seeder).Assembly.GetManifestResourceStream("SIIVbG.Seeding.comunas.csv")
            ?? throw new InvalidOperationException("comunas.csv is not embedded");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return line.Split(',');
    }
}
