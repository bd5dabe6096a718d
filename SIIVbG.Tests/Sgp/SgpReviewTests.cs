using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Sgp;
using SIIVbG.Tests.EndToEnd;
using SIIVbG.Tests.Infrastructure;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Sgp;

/// <summary>A doubtful match waits for a person: confirmed, rejected, or a confirmed merge undone later with its history.</summary>
[Trait("Area", "Sgp")]
public sealed class SgpReviewTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SgpImporter _importer = default!;
    private SgpAdministration _admin = default!;
    private SignedInOperator _it = default!, _caseworker = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _importer = _services.GetRequiredService<SgpImporter>();
        _admin = _services.GetRequiredService<SgpAdministration>();
        _it = await _services.SignedInAsync(Run.FromNumber(10_222_333));
        _caseworker = await _services.SignedInAsync(Run.FromNumber(10_666_777));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string NightWithADoubtfulRow() => SgpImportTestFiles.NightWithADoubtfulRow();

    private async Task<(SgpImportResult Result, SgpReviewItem Review)> ImportWithReviewAsync()
    {
        var result = await _importer.ImportAsync(NightWithADoubtfulRow());
        return (result, Assert.Single(await _admin.ListReviewsAsync(_it)));
    }

    private async Task<Guid?> SurvivorOfAsync(string person)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return (await db.SgpRecords.SingleAsync(r => r.Kind == "persona" && r.SgpId == person)).TargetId;
    }

    [Fact]
    public async Task ACloseButUnequalName_WithTheSameBirthDate_GoesToReview_NeverASilentMerge()
    {
        var (result, review) = await ImportWithReviewAsync();

        Assert.Equal(1, result.Counts.Review);
        Assert.Equal("review", result.Links["P500002"]);
        Assert.Equal("P500002", review.SgpPersonId);
        Assert.Equal(await SurvivorOfAsync("P500001"), review.CandidateId);
        Assert.Equal(("Soledad", "Soto Núñez"), (review.Person.GivenNames, review.Person.Surnames));
        Assert.Null(await SurvivorOfAsync("P500002"));
    }

    [Fact]
    public async Task Confirming_LinksHerToTheCandidate_AndTheNextImportBringsHerCases()
    {
        var (_, review) = await ImportWithReviewAsync();

        await _admin.ConfirmAsync(_it, review.Id, "Misma persona según la ficha del centro");
        var again = await _importer.ImportAsync(NightWithADoubtfulRow());

        Assert.Equal(await SurvivorOfAsync("P500001"), await SurvivorOfAsync("P500002"));
        Assert.Equal("applied", again.Status);
        Assert.Equal(40, again.SurvivorsTotal);
        Assert.Equal("confirmed", Assert.Single(await _admin.ListReviewsAsync(_it)).Status);
    }

    [Fact]
    public async Task Rejecting_GivesHerASurvivorOfHerOwn()
    {
        var (_, review) = await ImportWithReviewAsync();

        await _admin.RejectAsync(_it, review.Id, "Otra persona");

        var own = await SurvivorOfAsync("P500002");
        Assert.NotNull(own);
        Assert.NotEqual(await SurvivorOfAsync("P500001"), own);
    }

    [Fact]
    public async Task UndoingAConfirmedMerge_MovesWhatSgpBroughtThroughHer_AndKeepsTheHistory()
    {
        var (_, review) = await ImportWithReviewAsync();
        await _admin.ConfirmAsync(_it, review.Id, null);
        await _importer.ImportAsync(NightWithADoubtfulRow());
        var merged = (await SurvivorOfAsync("P500001"))!.Value;

        await Assert.ThrowsAsync<SIIVbG.Domain.Common.DomainException>(() => _admin.UndoAsync(_it, review.Id, " "));
        await _admin.UndoAsync(_it, review.Id, "Error de digitación en SGP");

        var separate = (await SurvivorOfAsync("P500002"))!.Value;
        Assert.NotEqual(merged, separate);
        await using var db = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        var k800003 = await db.SgpRecords.SingleAsync(r => r.Kind == "caso" && r.SgpId == "K800003");   // P500002's case
        Assert.Equal(separate, (await db.Cases.SingleAsync(c => c.Id == k800003.TargetId)).SurvivorId);
        var k800001 = await db.SgpRecords.SingleAsync(r => r.Kind == "caso" && r.SgpId == "K800001");   // P500001's case stays
        Assert.Equal(merged, (await db.Cases.SingleAsync(c => c.Id == k800001.TargetId)).SurvivorId);
        var kept = Assert.Single(await _admin.ListReviewsAsync(_it));
        Assert.Equal("undone", kept.Status);
        Assert.NotNull(kept.DecidedAt);
        Assert.Contains("Error de digitación", kept.DecisionNote);
    }

    [Fact]
    public async Task DecidingTwice_IsRefused()
    {
        var (_, review) = await ImportWithReviewAsync();
        await _admin.ConfirmAsync(_it, review.Id, null);

        var ex = await Assert.ThrowsAsync<SIIVbG.Domain.Common.DomainException>(() => _admin.RejectAsync(_it, review.Id, null));

        Assert.Contains("ya decidió", ex.Message);
    }

    [Fact]
    public async Task OnlyAdministrators_ReadOrDecideTheReviewQueue_AndTheDenialIsAudited()
    {
        var (_, review) = await ImportWithReviewAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.ListReviewsAsync(_caseworker));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.ConfirmAsync(_caseworker, review.Id, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _admin.StartImportAsync(_caseworker));

        Assert.Equal(3, (await _services.AuditRowsAsync()).Count(a => a.Action == "access.denied" && a.OperatorId == _caseworker.Id));
        Assert.Null(await SurvivorOfAsync("P500002"));
    }
}
