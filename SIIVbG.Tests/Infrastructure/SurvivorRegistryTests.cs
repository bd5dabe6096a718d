using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class SurvivorRegistryTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private SignedInOperator _santiago = default!, _valparaiso = default!, _admin = default!, _head = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        var directory = _services.GetRequiredService<OperatorDirectory>();
        async Task<SignedInOperator> Op(int number) =>
            (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == number).Run)).Operator!.ToSignedIn();
        _santiago = await Op(10_666_777);
        _valparaiso = await Op(10_777_888);
        _admin = await Op(10_222_333);
        _head = await Op(10_555_666);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task<RegistrationResult> RegisterAsync(SignedInOperator op, int run, string given, string surnames) =>
        _registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, given, surnames, new DateOnly(1985, 6, 1)));

    [Theory]
    [InlineData("40.000.001-{0}")]
    [InlineData("40000001-{0}")]
    [InlineData("40000001{0}")]
    [InlineData(" 40 000 001 - {0} ")]
    public async Task RunSearch_FindsHerInAnyUsualSpelling(string format)
    {
        var registered = await RegisterAsync(_santiago, 40_000_001, "Lucía", "Demo Rojas");
        var dv = Run.ComputeCheckDigit(40_000_001).ToString().ToLowerInvariant();

        var result = await _registry.SearchAsync(_santiago, string.Format(format, dv));

        Assert.Equal(RunLookupOutcome.Found, result.RunOutcome);
        Assert.Equal(registered.SurvivorId, Assert.Single(result.Matches).Id);
    }

    [Fact]
    public async Task RunSearch_WithAWrongCheckDigit_SaysSoInSpanish()
    {
        var wrong = Run.ComputeCheckDigit(40_000_002) == '1' ? '2' : '1';
        var result = await _registry.SearchAsync(_santiago, $"30.000.002-{wrong}");
        Assert.Equal("El dígito verificador del RUN no corresponde.", result.Error);
        Assert.Empty(result.Matches);
    }

    [Fact]
    public async Task RunSearch_ForAWomanOfAnotherCentre_RevealsOnlyThatARecordExists()
    {
        await RegisterAsync(_valparaiso, 40_000_003, "Carla", "Demo Soto");

        var result = await _registry.SearchAsync(_santiago, Run.FromNumber(40_000_003).ToDisplay());

        Assert.Equal(RunLookupOutcome.ExistsElsewhere, result.RunOutcome);
        Assert.Empty(result.Matches);
    }

    [Theory]
    [InlineData("maria jose nunez")]
    [InlineData("NÚÑEZ PEÑA María José")]
    [InlineData("Maria Jose Nunes Pena")]
    [InlineData("peña núñez")]
    public async Task NameSearch_IgnoresAccentsCaseOrderAndSmallTypos(string query)
    {
        var target = await RegisterAsync(_santiago, 40_000_004, "María José", "Núñez Peña");
        await RegisterAsync(_santiago, 40_000_005, "Rosa", "Demo Fuentes");

        var result = await _registry.SearchAsync(_santiago, query);

        Assert.Null(result.Error);
        Assert.Equal(target.SurvivorId, result.Matches.First().Id);
        Assert.DoesNotContain(result.Matches, m => m.FullName.Contains("Rosa"));
    }

    [Fact]
    public async Task NameSearch_RanksTheCloserNameFirst()
    {
        await RegisterAsync(_santiago, 40_000_006, "Ana", "Demo Contreras");
        var exact = await RegisterAsync(_santiago, 40_000_007, "Ana María", "Demo Contreras Vidal");

        var result = await _registry.SearchAsync(_santiago, "ana maria contreras vidal");

        Assert.Equal(exact.SurvivorId, result.Matches[0].Id);
        Assert.True(result.Matches[0].Score >= result.Matches[^1].Score);
    }

    [Fact]
    public async Task NameSearch_NeverShowsWomenOfOtherCentres()
    {
        var other = await RegisterAsync(_valparaiso, 40_000_008, "Javiera", "Demo Castillo");
        var result = await _registry.SearchAsync(_santiago, "Javiera Demo Castillo");
        Assert.DoesNotContain(result.Matches, m => m.Id == other.SurvivorId);
    }

    [Theory]
    [InlineData("Xiomraa Ubilla")]        // two letters swapped
    [InlineData("Xiomara Ubila")]         // a letter missing
    [InlineData("xiom ubil")]             // the start of each word
    [InlineData("ubilla demo xiomara")]   // any order
    public async Task NameSearch_MatchesEachTypedWord_ByTypoPrefixOrExactly(string query)
    {
        var target = await RegisterAsync(_santiago, 40_000_030, "Xiomara", "Demo Ubilla");

        var result = await _registry.SearchAsync(_santiago, query);

        Assert.Equal(target.SurvivorId, result.Matches.First().Id);
    }

    [Fact]
    public async Task NameSearch_NeedsEveryTypedWord_WhenEachStandsForAKnownWord()
    {
        var quiroz = await RegisterAsync(_santiago, 40_000_031, "Xiomara", "Demo Quiroz");
        var ubilla = await RegisterAsync(_santiago, 40_000_032, "Xiomara", "Demo Ubilla");

        var result = await _registry.SearchAsync(_santiago, "Xiomara Quiroz");

        Assert.Equal(quiroz.SurvivorId, result.Matches.First().Id);
        Assert.DoesNotContain(result.Matches, m => m.Id == ubilla.SurvivorId);
    }

    [Fact]
    public async Task NameSearch_FallsBackToTrigrams_WhenAWordStandsForNoKnownWord()
    {
        var target = await RegisterAsync(_santiago, 40_000_033, "Xiomara", "Demo Ubilla");

        var result = await _registry.SearchAsync(_santiago, "xiomarademo ubilla");

        Assert.Contains(result.Matches, m => m.Id == target.SurvivorId);
    }

    [Fact]
    public async Task NameSearch_FindsHerByANameCorrectedAfterRegistration()
    {
        var woman = await RegisterAsync(_santiago, 40_000_034, "Xiomara", "Demo Ubilla");
        var loaded = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;

        await _registry.UpdateIdentificationAsync(_santiago, woman.SurvivorId, new UpdateIdentification(loaded.Version,
            "Zenobia Xiomara", loaded.Surnames, loaded.BirthDate, null, null, null, null, null, null, null, null, null));
        var result = await _registry.SearchAsync(_santiago, "Zenobia Ubilla");

        Assert.Equal(woman.SurvivorId, result.Matches.First().Id);
        await using var conn = await _db.OpenAppConnectionAsync();
        await using var known = new Npgsql.NpgsqlCommand("SELECT count(*) FROM survivor_name_words WHERE word = 'zenobia'", conn);
        Assert.Equal(1L, await known.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Register_TheSameRun_Twice_KeepsOneRecord()
    {
        var first = await RegisterAsync(_santiago, 40_000_009, "Paula", "Demo Vera");
        var second = await RegisterAsync(_head, 40_000_009, "Paula", "Demo Vera");

        Assert.Equal(RegistrationOutcome.AlreadyRegistered, second.Outcome);
        Assert.Equal(first.SurvivorId, second.SurvivorId);
    }

    [Fact]
    public async Task Register_ByAnAdministrator_IsRefused()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => RegisterAsync(_admin, 40_000_010, "Eva", "Demo"));
    }

    [Fact]
    public async Task Register_WithoutNames_GivesTheSpanishMessage_AndSavesNothing()
    {
        await using var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        var before = await ctx.Survivors.CountAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync(_santiago, 40_000_011, "", "Demo"));
        Assert.Equal("Ingrese los nombres.", ex.Message);
        Assert.Equal(before, await ctx.Survivors.CountAsync());
        Assert.False(await ctx.Survivors.AnyAsync(s => s.Run == Run.FromNumber(40_000_011).ToString()));
    }

    [Fact]
    public async Task OpenFile_OfAnotherCentresWoman_AndOfAMissingId_AreTheSameDenial_BothAudited()
    {
        var other = await RegisterAsync(_valparaiso, 40_000_012, "Inés", "Demo Lagos");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _registry.OpenFileAsync(_santiago, other.SurvivorId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _registry.OpenFileAsync(_santiago, Guid.NewGuid()));

        await using var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await ctx.AuditEntries.CountAsync(a => a.Action == "access.denied" && a.OperatorId == _santiago.Id && a.SurvivorId != null));
    }

    [Fact]
    public async Task Trajectory_ShowsOtherCentresRows_OnlyWithSharingConsent_AndNeverTheirEpisodes()
    {
        var run = Run.FromNumber(40_000_013).ToString();
        var woman = await RegisterAsync(_valparaiso, 40_000_013, "Marcela", "Demo Ortiz");
        await _registry.RecordEpisodeAsync(_valparaiso, woman.SurvivorId, Episode("Relato ficticio en Valparaíso", "05101"));
        await _registry.OpenCaseAtMyCentreAsync(_santiago, run);

        var withoutConsent = await _registry.OpenFileAsync(_santiago, woman.SurvivorId);
        Assert.Single(withoutConsent.Trajectory);
        Assert.Equal(1, withoutConsent.HiddenCases);
        Assert.Empty(withoutConsent.Episodes);
        Assert.Equal(1, withoutConsent.HiddenEpisodes);

        await using (var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            var consent = Consent.RecordObtained(woman.SurvivorId, ConsentGiver.Survivor, null, null, ConsentForm.SimpleElectronicSignature,
                ConsentDeclarations.All, "sha256:ficticio", null, DateTimeOffset.UtcNow, _valparaiso.Id);
            consent.GrantScope(ConsentScope.ShareWithSernamEgCentres, DateTimeOffset.UtcNow, _valparaiso.Id);
            ctx.Consents.Add(consent);
            await ctx.SaveChangesAsync();
        }

        var withConsent = await _registry.OpenFileAsync(_santiago, woman.SurvivorId);
        Assert.Equal(2, withConsent.Trajectory.Count);
        Assert.Empty(withConsent.Episodes);
    }

    [Fact]
    public async Task Grant_OpensAnotherCentresEpisodes_ForItsOperator_UntilItExpires()
    {
        var woman = await RegisterAsync(_valparaiso, 40_000_014, "Sofía", "Demo Reyes");
        await _registry.RecordEpisodeAsync(_valparaiso, woman.SurvivorId, Episode("Relato ficticio", "05101"));
        await using (var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync())
        {
            ctx.AccessGrants.Add(AccessGrant.Approve(_santiago.Id, woman.SurvivorId, GrantScope.AllDetailsScope, "Derivación urgente",
                _head.Id, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
            await ctx.SaveChangesAsync();
        }

        var file = await _registry.OpenFileAsync(_santiago, woman.SurvivorId);

        Assert.Equal("Relato ficticio", Assert.Single(file.Episodes).Observations);
        Assert.False(file.CanEdit);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _registry.RecordEpisodeAsync(_santiago, woman.SurvivorId, Episode("x", "13101")));
    }

    [Fact]
    public async Task RecordEpisode_AtHerCentre_AppearsInTheFile_AndIsAudited()
    {
        var woman = await RegisterAsync(_santiago, 40_000_015, "Teresa", "Demo Campos");

        var id = await _registry.RecordEpisodeAsync(_santiago, woman.SurvivorId, Episode("Amenazas por mensajería", "13101"));

        var file = await _registry.OpenFileAsync(_head, woman.SurvivorId);
        Assert.Equal(id, Assert.Single(file.Episodes).Id);
        await using var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        Assert.True(await ctx.AuditEntries.AnyAsync(a => a.Action == "episode.recorded" && a.SurvivorId == woman.SurvivorId));
        Assert.True(await ctx.AuditEntries.AnyAsync(a => a.Action == "survivor.file-opened" && a.OperatorId == _head.Id));
    }

    [Fact]
    public async Task RecordEpisode_WithAnUnknownComuna_IsRefusedInSpanish()
    {
        var woman = await RegisterAsync(_santiago, 40_000_016, "Olga", "Demo Pizarro");
        var ex = await Assert.ThrowsAsync<DomainException>(() => _registry.RecordEpisodeAsync(_santiago, woman.SurvivorId, Episode("x", "13999")));
        Assert.Equal("La comuna indicada no existe.", ex.Message);
    }

    private static RecordEpisode Episode(string observations, string comuna) => new(
        DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), null, "Domicilio", comuna, ViolenceTypes.Psychological,
        AggressorRelation.ExPartner, observations, SIIVbG.Domain.Cases.RiskLevel.Medium);

    [Fact]
    public async Task UpdateIdentification_FromAStaleForm_IsRefused_AndKeepsTheFirstSave()
    {
        var woman = await RegisterAsync(_santiago, 40_000_017, "Camila", "Demo Silva");
        var loaded = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;
        UpdateIdentification Edit(string nationality) => new(loaded.Version, loaded.GivenNames, loaded.Surnames, loaded.BirthDate,
            "Mujer", nationality, null, null, null, "+56 9 1111 2222", null, null, "13101");

        await _registry.UpdateIdentificationAsync(_santiago, woman.SurvivorId, Edit("Chilena"));
        var ex = await Assert.ThrowsAsync<SIIVbG.Infrastructure.Common.ConcurrentEditException>(
            () => _registry.UpdateIdentificationAsync(_head, woman.SurvivorId, Edit("Peruana")));

        Assert.StartsWith("Otra persona modificó los datos de identificación", ex.Message);
        var after = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;
        Assert.Equal("Chilena", after.Nationality);
        Assert.Equal("13101", after.ComunaCode);
        Assert.Equal(SIIVbG.Domain.Survivors.DataSource.SelfReported, after.Provenance.Single(p => p.Field == SIIVbG.Domain.Survivors.SurvivorFields.Nationality).Source);
    }

    [Fact]
    public async Task UpdateIdentification_KeepsHealthAndSubstanceUse_AsSelfReported()
    {
        var woman = await RegisterAsync(_santiago, 40_000_035, "Camila", "Demo Salud");
        var loaded = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;

        await _registry.UpdateIdentificationAsync(_santiago, woman.SurvivorId, new UpdateIdentification(loaded.Version, loaded.GivenNames,
            loaded.Surnames, loaded.BirthDate, null, null, null, null, null, null, null, null, null,
            Health: "Hipertensión (ficticio)", SubstanceUse: "No declara"));

        var after = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;
        Assert.Equal(("Hipertensión (ficticio)", "No declara"), (after.Health, after.SubstanceUse));
        Assert.Equal(SIIVbG.Domain.Survivors.DataSource.SelfReported,
            after.Provenance.Single(p => p.Field == SIIVbG.Domain.Survivors.SurvivorFields.Health).Source);
        Assert.Contains(after.Provenance, p => p.Field == SIIVbG.Domain.Survivors.SurvivorFields.SubstanceUse);
    }

    [Fact]
    public async Task File_CountsMeasuresInForce_OnlyInProcessesTheOperatorMayRead_AndNamesWhoOpenedEachCase()
    {
        var woman = await RegisterAsync(_santiago, 40_000_036, "Carla", "Demo Medidas");
        await _registry.OpenCaseAtMyCentreAsync(_valparaiso, Run.FromNumber(40_000_036).ToString());
        var legal = _services.GetRequiredService<LegalService>();
        var today = LegalService.Today(DateTimeOffset.UtcNow); // the service counts measures in force on the Chilean calendar day
        async Task OrderAsync(SignedInOperator op, DateOnly from, DateOnly? until)
        {
            var caseId = (await _registry.OpenFileAsync(op, woman.SurvivorId)).Trajectory.Single(c => c.IsOwnCentre).Id;
            var id = await legal.RegisterAsync(op, woman.SurvivorId, new RegisterLegalProcess(caseId, SIIVbG.Domain.Legal.LegalProcessType.FamilyViolence,
                SIIVbG.Domain.Legal.LegalSubject.Survivor, "Juzgado de Familia (ficticio)", null, null, today.AddDays(-30)));
            var version = (await legal.ListAsync(op, woman.SurvivorId)).Processes.Single(p => p.Id == id).Version;
            await legal.OrderMeasureAsync(op, woman.SurvivorId, new OrderProtectiveMeasure(id, version,
                SIIVbG.Domain.Legal.ProtectiveMeasureKind.RestrainingOrder, null, from, until, null));
        }
        await OrderAsync(_santiago, today.AddDays(-5), today.AddDays(60));   // in force, her centre
        await OrderAsync(_santiago, today.AddDays(-40), today.AddDays(-1)); // expired
        await OrderAsync(_valparaiso, today.AddDays(-5), null);            // in force, another centre's process

        var file = await _registry.OpenFileAsync(_santiago, woman.SurvivorId);

        Assert.Equal(1, file.ActiveMeasures);
        Assert.Equal("Francisca Demo Interventora", file.Trajectory.Single(c => c.IsOwnCentre).AdmittedByName);
        Assert.Equal(1, (await _registry.OpenFileAsync(_valparaiso, woman.SurvivorId)).ActiveMeasures);
    }

    [Fact]
    public async Task UpdateIdentification_ByAnotherCentre_IsDenied()
    {
        var woman = await RegisterAsync(_santiago, 40_000_018, "Rocío", "Demo Díaz");
        var loaded = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;
        await Assert.ThrowsAsync<AccessDeniedException>(() => _registry.UpdateIdentificationAsync(_valparaiso, woman.SurvivorId,
            new UpdateIdentification(loaded.Version, "Rocío", "Demo Díaz", null, null, "Chilena", null, null, null, null, null, null, null)));
    }

    [Fact]
    public async Task UpdateIdentification_WithBadInput_SavesNothing()
    {
        var woman = await RegisterAsync(_santiago, 40_000_019, "Gloria", "Demo Araya");
        var loaded = (await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity;
        var ex = await Assert.ThrowsAsync<DomainException>(() => _registry.UpdateIdentificationAsync(_santiago, woman.SurvivorId,
            new UpdateIdentification(loaded.Version, "Gloria", "Demo Araya", null, null, "Chilena", null, null, null, null, "sin-arroba", null, null)));
        Assert.Equal("El correo electrónico no es válido.", ex.Message);
        Assert.Null((await _registry.OpenFileAsync(_santiago, woman.SurvivorId)).Identity.Nationality);
    }
}
