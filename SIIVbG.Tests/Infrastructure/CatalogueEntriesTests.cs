using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Catalogues;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Sgp;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>Catalogues administrators maintain (ADR 024): executing entities, intervention types, violence types.</summary>
[Trait("Area", "Access")]
public sealed class CatalogueEntriesTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private Catalogues _catalogues = default!;
    private SignedInOperator _admin = default!, _caseworker = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _catalogues = _services.GetRequiredService<Catalogues>();
        _admin = await _services.SignedInAsync(AccessLevel.N2);
        _caseworker = await _services.SignedInAsync(AccessLevel.N6);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<Guid> WomanAsync(int run) => (await _services.GetRequiredService<SurvivorRegistry>().RegisterAsync(_caseworker,
        new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Vilma", "Demo Catálogo", null))).SurvivorId;

    private Task<Guid> EpisodeAsync(Guid woman, ViolenceTypes types) => _services.GetRequiredService<SurvivorRegistry>().RecordEpisodeAsync(_caseworker, woman,
        new RecordEpisode(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), null, "Domicilio", "13101", types, AggressorRelation.Partner, null, null));

    private async Task<CatalogueEntryRow> EntryAsync(CatalogueKind kind, string code) =>
        Assert.Single(await _catalogues.EntriesAsync(_admin, kind), e => e.Code == code);

    [Fact]
    public async Task ANewViolenceType_TakesTheNextFreeFlag_AndNewEpisodesUseIt_UnderItsName()
    {
        await _catalogues.AddEntryAsync(_admin, CatalogueKind.ViolenceType, "VICARIA", "Vicaria");

        var entry = await EntryAsync(CatalogueKind.ViolenceType, "VICARIA");
        Assert.Equal(128, entry.Bit);
        var snapshot = await _services.GetRequiredService<CatalogueLookup>().CurrentAsync();
        Assert.Contains(snapshot.ActiveViolenceTypes, e => e.Code == "VICARIA");

        var woman = await WomanAsync(55_000_001);
        await EpisodeAsync(woman, ViolenceTypes.Psychological | (ViolenceTypes)128);
        var file = await _services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(_caseworker, woman);
        Assert.Equal("Psicológica, Vicaria", snapshot.ViolenceNames(Assert.Single(file.Episodes).Types));
    }

    [Fact]
    public async Task ADeactivatedViolenceType_IsRefusedForNewEpisodes_InSpanish_ButKeepsItsNameInHistory()
    {
        var woman = await WomanAsync(55_000_002);
        await EpisodeAsync(woman, ViolenceTypes.Digital);
        var digital = await EntryAsync(CatalogueKind.ViolenceType, "DIGITAL");
        await _catalogues.ChangeEntryAsync(_admin, CatalogueKind.ViolenceType, "DIGITAL", digital.Version, "Digital (en línea)", active: false);

        var ex = await Assert.ThrowsAsync<DomainException>(() => EpisodeAsync(woman, ViolenceTypes.Digital));
        Assert.Contains("desactivado en el catálogo", ex.Message);
        var snapshot = await _services.GetRequiredService<CatalogueLookup>().CurrentAsync();
        Assert.DoesNotContain(snapshot.ActiveViolenceTypes, e => e.Code == "DIGITAL");
        Assert.Equal("Digital (en línea)", snapshot.ViolenceNames(ViolenceTypes.Digital));
        Assert.Single((await _services.GetRequiredService<SurvivorRegistry>().OpenFileAsync(_caseworker, woman)).Episodes);
    }

    [Fact]
    public async Task ARenameFromAStaleRow_IsRefused_AndKeepsTheFirstName()
    {
        var row = await EntryAsync(CatalogueKind.InterventionType, "ORIENTACION");
        await _catalogues.ChangeEntryAsync(_admin, CatalogueKind.InterventionType, "ORIENTACION", row.Version, "Orientación", true);

        await Assert.ThrowsAsync<ConcurrentEditException>(() =>
            _catalogues.ChangeEntryAsync(_admin, CatalogueKind.InterventionType, "ORIENTACION", row.Version, "Otra cosa", true));
        Assert.Equal("Orientación", (await EntryAsync(CatalogueKind.InterventionType, "ORIENTACION")).Name);
    }

    [Theory]
    [InlineData("x", "Nombre válido", "entre 2 y 60")]
    [InlineData("ORIENTACION", "Duplicada", "Ya existe una entrada")]
    [InlineData("NUEVA", " ", "entre 2 y 120")]
    public async Task BadEntries_AreRefusedInSpanish_AndNothingIsAdded(string code, string name, string message)
    {
        var before = (await _catalogues.EntriesAsync(_admin, CatalogueKind.InterventionType)).Count;
        var ex = await Assert.ThrowsAsync<DomainException>(() => _catalogues.AddEntryAsync(_admin, CatalogueKind.InterventionType, code, name));
        Assert.Contains(message, ex.Message);
        Assert.Equal(before, (await _catalogues.EntriesAsync(_admin, CatalogueKind.InterventionType)).Count);
    }

    [Fact]
    public async Task TheLastActiveViolenceType_CannotBeTurnedOff()
    {
        var active = (await _catalogues.EntriesAsync(_admin, CatalogueKind.ViolenceType)).Where(e => e.Active).ToList();
        foreach (var e in active.Skip(1))
            await _catalogues.ChangeEntryAsync(_admin, CatalogueKind.ViolenceType, e.Code, e.Version, e.Name, false);
        var last = await EntryAsync(CatalogueKind.ViolenceType, active[0].Code);
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _catalogues.ChangeEntryAsync(_admin, CatalogueKind.ViolenceType, last.Code, last.Version, last.Name, false));
        Assert.Contains("al menos un tipo de violencia", ex.Message);
    }

    [Fact]
    public async Task ANewExecutingEntity_BecomesAScopeForOperators_AndAnUnknownRegionIsRefused()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _catalogues.AddExecutingEntityAsync(_admin, "EE-99-DEMO", "Municipalidad Demo", "99"));
        Assert.Contains("La región no existe", ex.Message);

        await _catalogues.AddExecutingEntityAsync(_admin, "ee-08-demo", "Municipalidad Demo del Biobío", "08");
        Assert.Contains(await _catalogues.ExecutingEntitiesAsync(_admin), e => e.Code == "EE-08-DEMO" && e.RegionCode == "08");
        await _services.GetRequiredService<OperatorAdministration>().RegisterAsync(_admin, new RegisterOperator(Run.FromNumber(12_600_001).ToDisplay(),
            "Olivia", "Demo Ejecutora", AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-08-DEMO"));
    }

    [Fact]
    public async Task CataloguesAreAdministrators_WithTheCataloguesFunction_Only()
    {
        var auditor = await _services.SignedInAsync(Run.FromNumber(11_333_444));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _catalogues.AddEntryAsync(auditor, CatalogueKind.ViolenceType, "VICARIA", "Vicaria"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _catalogues.EntriesAsync(_caseworker, CatalogueKind.ViolenceType));
        Assert.DoesNotContain(await _catalogues.EntriesAsync(_admin, CatalogueKind.ViolenceType), e => e.Code == "VICARIA");
    }

    [Fact]
    public async Task ACaseOpens_WithTheInterventionTypeChosenFromTheCatalogue_OrTheCentresKind_AndAnInactiveOneIsRefused()
    {
        var registry = _services.GetRequiredService<SurvivorRegistry>();
        var chosen = await registry.RegisterAsync(_caseworker, new RegisterSurvivor(Run.FromNumber(55_200_001).ToString(), null, "Irma",
            "Demo Intervención", null, "ORIENTACION"));
        var byCentre = await WomanAsync(55_200_002);
        Assert.Equal("ORIENTACION", Assert.Single((await registry.OpenFileAsync(_caseworker, chosen.SurvivorId)).Trajectory).InterventionType);
        Assert.Equal("Centro de la Mujer", Assert.Single((await registry.OpenFileAsync(_caseworker, byCentre)).Trajectory).InterventionType);

        var entry = await EntryAsync(CatalogueKind.InterventionType, "ORIENTACION");
        await _catalogues.ChangeEntryAsync(_admin, CatalogueKind.InterventionType, "ORIENTACION", entry.Version, entry.Name, active: false);
        var run = Run.FromNumber(55_200_003);
        var ex = await Assert.ThrowsAsync<DomainException>(() => registry.RegisterAsync(_caseworker,
            new RegisterSurvivor(run.ToString(), null, "Inés", "Demo Intervención", null, "ORIENTACION")));
        Assert.Equal("El tipo de intervención no existe o fue desactivado en el catálogo.", ex.Message);
        Assert.Equal(RunLookupOutcome.NotFound, (await registry.SearchAsync(_caseworker, run.ToString())).RunOutcome);
    }

    [Fact]
    public void SgpViolenceCodes_ResolveThroughTheCatalogue_BeforeFallingBackToOther()
    {
        var snapshot = new CatalogueSnapshot([.. CatalogueEntry.Seed, new CatalogueEntry(CatalogueKind.ViolenceType, "VICARIA", "Vicaria", 128)]);
        var (types, unknown) = SgpValues.ViolenceTypes("FISICA|vicaria|RARA", snapshot.ViolenceTypeOf);
        Assert.Equal(ViolenceTypes.Physical | (ViolenceTypes)128 | ViolenceTypes.Other, types);
        Assert.Equal(["RARA"], unknown);
    }
}
