using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>COPY writes the rows EF would have written: same columns, same JSON for owned collections, readable by EF.</summary>
[Trait("Area", "Sgp")]
public sealed class BulkInsertTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static readonly Guid By = new("5c9e0000-0000-4000-8000-00000000a001");

    private static (Survivor Survivor, Case Case) Sample(int run)
    {
        var s = Survivor.Register(Run.FromNumber(run), null, "Olivia", "Demo Copia", new DateOnly(1990, 1, 2), By, At, DataSource.Sgp);
        s.RecordRegisteredSex(RegisteredSex.Female, DataSource.Sgp, At);
        s.UpdateContact("+56911112222", null, "Pasaje Demo 1", "13101", DataSource.Sgp, At);
        var c = Case.ImportFromSgp(s.Id, $"K-{run}", "CDM", "INTERVENCION_PSICOSOCIOJURIDICA", "CDM-13101-D", "EE-13-DEMO", At.AddDays(-30),
            CaseState.Intake, null, RiskLevel.High, At, By);
        c.RecordSgpMilestone(Guid.NewGuid(), CaseState.Orientation, At.AddDays(-30), By, "Primera atención; \"ficticia\"");
        return (s, c);
    }

    [Fact]
    public async Task SurvivorsAndCasesWrittenWithCopy_EqualThoseEfWrites_JsonIncluded_AndTheContextTracksNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = database.CreateServices();
        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        var (viaEf, efCase) = await SavedByEfAsync(factory, 15_000_003);
        var (viaCopy, copyCase) = Sample(15_000_004);

        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            BulkInsert.Copy(db, [viaCopy], CancellationToken.None);
            BulkInsert.Copy(db, [copyCase], CancellationToken.None);
            Assert.Empty(db.ChangeTracker.Entries());
            await tx.CommitAsync();
        }

        await AssertSameRowsAsync(factory, (viaEf, efCase), (viaCopy, copyCase));
        await using (var db = await factory.CreateDbContextAsync())
            Assert.Equal(DataSource.Sgp, (await db.Survivors.SingleAsync(s => s.Id == viaCopy.Id)).SourceOf(SurvivorFields.Contact)!.Source);
    }

    [Fact]
    public async Task EpisodesChildrenAndAggressorsWrittenWithCopy_EqualThoseEfWrites_TimesFlagsAndNullsIncluded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = database.CreateServices();
        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        var (survivor, @case) = await SavedByEfAsync(factory, 15_000_005);
        // Each row twice: once saved by EF, once written by COPY; only the ids differ.
        (ViolenceEpisode, RelatedPerson, RelatedPerson) Rows() => (
            ViolenceEpisode.Register(survivor.Id, @case.Id, "CDM-13101-D", new DateOnly(2026, 10, 31), new TimeOnly(23, 59, 59, 999, 999), "DOMICILIO",
                "13101", ViolenceTypes.Physical | ViolenceTypes.Psychological, AggressorRelation.ExPartner, "Relata ñandú; \"ficticio\"", RiskLevel.High,
                At.AddTicks(9), By),
            RelatedPerson.RecordChild(survivor.Id, "CDM-13101-D", "Ámbar", 2015, RegisteredSex.Female, "Hija", At, By),
            RelatedPerson.RecordAggressor(survivor.Id, "CDM-13101-D", null, AggressorRelation.Partner, RegisteredSex.Unknown, null, null, At, By));
        var viaEf = Rows();
        var viaCopy = Rows();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.AddRange(viaEf.Item1, viaEf.Item2, viaEf.Item3);
            await db.SaveChangesAsync();
        }
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            BulkInsert.Copy(db, [viaCopy.Item1], CancellationToken.None);
            BulkInsert.Copy(db, [viaCopy.Item2, viaCopy.Item3], CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var check = await factory.CreateDbContextAsync();
        // The table is this test's constant; the id goes as a parameter.
        string Row(string table, Guid id)
        {
            var sql = "SELECT (to_jsonb(t) - 'id')::text AS \"Value\" FROM " + table + " t WHERE id = {0}";
            return check.Database.SqlQueryRaw<string>(sql, id).AsEnumerable().Single();
        }
        Assert.Equal(Row("violence_episodes", viaEf.Item1.Id), Row("violence_episodes", viaCopy.Item1.Id));
        Assert.Contains("23:59:59.999999", Row("violence_episodes", viaCopy.Item1.Id));
        Assert.Equal(Row("related_persons", viaEf.Item2.Id), Row("related_persons", viaCopy.Item2.Id));
        Assert.Equal(Row("related_persons", viaEf.Item3.Id), Row("related_persons", viaCopy.Item3.Id));
    }

    [Fact]
    public async Task MomentWithAnOffsetOtherThanUtc_IsRefusedAsNpgsqlRefusesIt_AndNothingIsWritten()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = database.CreateServices();
        var factory = services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>();
        var (survivor, _) = await SavedByEfAsync(factory, 15_000_006);
        var child = RelatedPerson.RecordChild(survivor.Id, "CDM-13101-D", "Ámbar", 2015, RegisteredSex.Female, "Hija", At.ToOffset(TimeSpan.FromHours(-3)), By);

        await using var db = await factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Throws<ArgumentException>(() => BulkInsert.Copy(db, [child], CancellationToken.None));

        Assert.False(await db.RelatedPersons.AnyAsync(r => r.Id == child.Id));
    }

    /// <summary>A sample survivor and case saved by EF as any service would: what COPY must write the same.</summary>
    private static async Task<(Survivor Survivor, Case Case)> SavedByEfAsync(IDbContextFactory<SiivbgDbContext> factory, int run)
    {
        var (survivor, @case) = Sample(run);
        await using var db = await factory.CreateDbContextAsync();
        db.Survivors.Add(survivor);
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        return (survivor, @case);
    }

    /// <summary>The rows of both samples as PostgreSQL holds them (JSON and computed name key included), and EF reads COPY's back.</summary>
    private static async Task AssertSameRowsAsync(IDbContextFactory<SiivbgDbContext> factory, (Survivor Survivor, Case Case) viaEf,
        (Survivor Survivor, Case Case) viaCopy)
    {
        await using var db = await factory.CreateDbContextAsync();
        // Table and columns are this test's constants; the id goes as a parameter.
        string Row(string table, string columns, Guid id)
        {
            var sql = "SELECT (" + columns + ")::text AS \"Value\" FROM " + table + " WHERE id = {0}";
            return db.Database.SqlQueryRaw<string>(sql, id).AsEnumerable().Single();
        }
        const string survivorColumns = "provenance, given_names, surnames, birth_date, sex, phone, address, comuna_code, registered_at, registered_by, document_kind, name_key, name_words";
        Assert.Equal(Row("survivors", survivorColumns, viaEf.Survivor.Id), Row("survivors", survivorColumns, viaCopy.Survivor.Id));
        const string caseColumns = "milestones, risk_estimates, services_given, state, latest_risk, latest_risk_at, opened_at, intervention_type, centre_code";
        // Milestones and estimates carry ids of their own, new for each sample: compare everything else.
        static string WithoutIds(string row) => System.Text.RegularExpressions.Regex.Replace(row, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "G");
        Assert.Equal(WithoutIds(Row("cases", caseColumns, viaEf.Case.Id)), WithoutIds(Row("cases", caseColumns, viaCopy.Case.Id)));
        Assert.Contains("Primera atención", Row("cases", caseColumns, viaCopy.Case.Id));

        var read = await db.Cases.SingleAsync(c => c.Id == viaCopy.Case.Id);
        Assert.Equal(viaCopy.Case.Milestones.Select(m => (m.State, m.Note)), read.Milestones.Select(m => (m.State, m.Note)));
    }
}
