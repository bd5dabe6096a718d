using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Audit")]
public sealed class AuditSearchTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private AuditSearch _search = default!;
    private SignedInOperator _it = default!, _caseworker = default!;
    private readonly Guid _survivor = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices();
        _search = _services.GetRequiredService<AuditSearch>();
        _it = await _services.SignedInAsync(Run.FromNumber(10_222_333));
        _caseworker = await _services.SignedInAsync(Run.FromNumber(10_666_777));
        var trail = _services.GetRequiredService<AuditTrail>();
        await trail.AppendAsync(new AuditRecord("attachment.downloaded", AuditOutcome.Allowed, _caseworker.Id, _caseworker.Run, _survivor,
            "anexo/1", "=HYPERLINK(\"http://ejemplo\")"));
        await trail.AppendAsync(new AuditRecord("access.denied", AuditOutcome.Denied, _caseworker.Id, _caseworker.Run, _survivor, "sobreviviente/x"));
        await trail.AppendAsync(new AuditRecord("survivor.file-opened", AuditOutcome.Allowed, _it.Id, _it.Run, Guid.NewGuid(), "sobreviviente/y"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Search_ByOperatorInAnyRunFormat_SurvivorAndOutcome_FindsExactlyThoseEntries_AndIsItselfAudited()
    {
        var denied = await _search.SearchAsync(_it, new AuditQuery(OperatorRun: "10.666.777-2", SurvivorId: _survivor, Outcome: AuditOutcome.Denied));
        var downloads = await _search.SearchAsync(_it, new AuditQuery(Action: "attachment."));

        Assert.Equal("access.denied", Assert.Single(denied.Entries).Record.Action);
        Assert.Equal("attachment.downloaded", Assert.Single(downloads.Entries).Record.Action);
        var latest = (await _services.GetRequiredService<AuditTrail>().LatestAsync(1)).Single();
        Assert.Equal(AuditSearchActions.Searched, latest.Record.Action);
    }

    [Fact]
    public async Task Search_WithAWrongRunOrReversedDates_SaysSoInSpanish()
    {
        var run = await Assert.ThrowsAsync<DomainException>(() => _search.SearchAsync(_it, new AuditQuery(OperatorRun: "10.666.777-3")));
        var dates = await Assert.ThrowsAsync<DomainException>(() => _search.SearchAsync(_it,
            new AuditQuery(From: new DateOnly(2026, 11, 2), To: new DateOnly(2026, 11, 1))));

        Assert.Equal("El dígito verificador del RUN no corresponde.", run.Message);
        Assert.Equal("La fecha inicial es posterior a la final.", dates.Message);
    }

    [Fact]
    public async Task Export_NeedsAReason_ThenGivesTheRowsAsCsv_WithFormulasDisarmed_AndKeepsTheReason()
    {
        await Assert.ThrowsAsync<DomainException>(() => _search.ExportAsync(_it, new AuditQuery(SurvivorId: _survivor), "corto"));

        var (csv, rows) = await _search.ExportAsync(_it, new AuditQuery(SurvivorId: _survivor), "Oficio ficticio de la Contraloría");

        var text = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        Assert.Equal(2, rows);
        Assert.Equal(3, text.Trim().Split('\n').Length);
        Assert.Contains("\"'=HYPERLINK(\"\"http://ejemplo\"\")\"", text);
        var exported = (await _services.GetRequiredService<AuditTrail>().LatestAsync(1)).Single();
        Assert.Equal((AuditSearchActions.Exported, "Oficio ficticio de la Contraloría"), (exported.Record.Action, exported.Record.Reason));
    }

    [Fact]
    public async Task ACaseworker_CannotSearchOrExportTheTrail()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _search.SearchAsync(_caseworker, new AuditQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _search.ExportAsync(_caseworker, new AuditQuery(), "Motivo suficientemente largo"));
    }
}
