using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Plans;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>The case file's aggregates survive a round trip through PostgreSQL with their histories intact.</summary>
[Trait("Area", "Registry")]
public sealed class CaseFilePersistenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CaseFile_RoundTrips_WithMilestonesConsentHistoryMeasuresAndPlan()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        var by = (await (await factory.CreateDbContextAsync()).Operators.FirstAsync()).Id;

        var survivor = Survivor.Register(Run.FromNumber(15_000_001), null, "Marta Inés", "Demo Ñúñez", new DateOnly(1988, 3, 4), by, T0);
        survivor.UpdateContact("+56 9 5555 0000", null, "Calle Ficticia 123", "13101", DataSource.SelfReported, T0);
        var @case = Case.Open(survivor.Id, "C-2026-000001", "APR", "CDM", "CDM-13101-D", "EE-13-DEMO", T0, by);
        @case.Admit(T0.AddDays(2), by);
        @case.RecordRiskEstimate(RiskLevel.High, T0.AddDays(2), by);
        var episode = ViolenceEpisode.Register(survivor.Id, @case.Id, "CDM-13101-D", new DateOnly(2026, 9, 28), null, "Domicilio",
            "13101", ViolenceTypes.Physical | ViolenceTypes.Psychological, AggressorRelation.Partner, "Relato ficticio", RiskLevel.High, T0, by);
        var consent = Consent.RecordObtained(survivor.Id, ConsentGiver.Survivor, null, null, ConsentForm.SimpleElectronicSignature,
            ConsentDeclarations.All, "sha256:ficticio", null, T0, by);
        consent.GrantScope(ConsentScope.ShareWithSernamEgCentres, T0, by);
        consent.RevokeScope(ConsentScope.ShareWithSernamEgCentres, T0.AddDays(1), by, "Lo pidió ella");
        var process = LegalProcess.Register(survivor.Id, @case.Id, LegalProcessType.FamilyViolence, LegalSubject.Survivor, null,
            "Juzgado de Familia Demo", Rit.Parse("F-1234-2026"), null, new DateOnly(2026, 9, 29), T0, by);
        process.OrderMeasure(ProtectiveMeasureKind.RestrainingOrder, null, new DateOnly(2026, 9, 30), new DateOnly(2027, 3, 30), T0, by);
        var plan = InterventionPlan.Draft(@case.Id, T0, by);
        var objective = plan.AddObjective("Fortalecer red de apoyo", T0, by);
        plan.AddAction(objective.Id, "Coordinar con CESFAM", "Dupla psicosocial", new DateOnly(2026, 12, 1), T0, by);

        await using (var write = await factory.CreateDbContextAsync())
        {
            write.AddRange(survivor, @case, episode, consent, process, plan);
            await write.SaveChangesAsync();
        }

        await using var read = await factory.CreateDbContextAsync();
        var s = await read.Survivors.SingleAsync(x => x.Id == survivor.Id);
        Assert.Equal("15000001-" + Run.ComputeCheckDigit(15_000_001), s.Run);
        Assert.Equal(DataSource.SelfReported, s.SourceOf(SurvivorFields.Address)!.Source);
        var c = await read.Cases.SingleAsync(x => x.Id == @case.Id);
        Assert.Equal([CaseState.Orientation, CaseState.Intake], c.Milestones.Select(m => m.State));
        Assert.Equal(RiskLevel.High, c.LatestRisk);
        var e = await read.ViolenceEpisodes.SingleAsync(x => x.Id == episode.Id);
        Assert.Equal(ViolenceTypes.Physical | ViolenceTypes.Psychological, e.ViolenceTypes);
        var k = await read.Consents.SingleAsync(x => x.Id == consent.Id);
        Assert.Equal([true, false], k.ScopeHistory.Select(h => h.Granted));
        Assert.False(k.Allows(ConsentScope.ShareWithSernamEgCentres));
        var p = await read.LegalProcesses.SingleAsync(x => x.Id == process.Id);
        Assert.Single(p.MeasuresActiveOn(new DateOnly(2026, 12, 24)));
        var pl = await read.InterventionPlans.SingleAsync(x => x.Id == plan.Id);
        Assert.Equal("Coordinar con CESFAM", pl.Objectives.Single().Actions.Single().Description);

        var nameKey = await read.Database.SqlQueryRaw<string>("SELECT name_key AS \"Value\" FROM survivors WHERE id = {0}", survivor.Id).SingleAsync();
        Assert.Equal("marta ines demo nunez", nameKey);
    }
}
