using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Attachments;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Infrastructure.Survivors;
using SIIVbG.Tests.Domain.Attachments;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class AttachmentServiceTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private ServiceProvider _services = default!;
    private SurvivorRegistry _registry = default!;
    private AttachmentService _attachments = default!;
    private SignedInOperator _santiago = default!, _valparaiso = default!, _head = default!, _authority = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _services = _db.CreateServices(settings: new Dictionary<string, string?> { [AttachmentService.MaxBytesSetting] = "4096" });
        _registry = _services.GetRequiredService<SurvivorRegistry>();
        _attachments = _services.GetRequiredService<AttachmentService>();
        var directory = _services.GetRequiredService<OperatorDirectory>();
        async Task<SignedInOperator> Op(int number) =>
            (await directory.ResolveLoginAsync(DemoData.Operators.Single(o => o.Run.Number == number).Run)).Operator!.ToSignedIn();
        _santiago = await Op(10_666_777);
        _valparaiso = await Op(10_777_888);
        _head = await Op(10_555_666);
        _authority = await Op(10_111_222);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<Guid> RegisterAsync(SignedInOperator op, int run) =>
        (await _registry.RegisterAsync(op, new RegisterSurvivor(Run.FromNumber(run).ToString(), null, "Demo", "Anexos Ficticia",
            new DateOnly(1990, 1, 1)))).SurvivorId;

    private Task<Guid> UploadAsync(SignedInOperator op, Guid survivor, byte[] content, string name = "consentimiento.pdf",
        string? declared = "application/pdf", AttachmentKind kind = AttachmentKind.ConsentScan) =>
        _attachments.UploadAsync(op, survivor, new MemoryStream(content), name, declared, kind, "Consentimiento en papel");

    private async Task<List<AuditRow>> AuditAsync(string action)
    {
        await using var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return await ctx.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Sequence).ToListAsync();
    }

    private async Task GrantAsync(SignedInOperator to, Guid survivor, GrantScope scope)
    {
        await using var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        ctx.AccessGrants.Add(AccessGrant.Approve(to.Id, survivor, scope, "Derivación urgente (ficticia)", _head.Id == to.Id ? _santiago.Id : _head.Id,
            DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromHours(1)));
        await ctx.SaveChangesAsync();
    }

    [Fact]
    public async Task Upload_ThenList_ThenView_ReturnsTheSameBytes_WithTheirChecksum_AllAudited()
    {
        var woman = await RegisterAsync(_santiago, 31_000_001);
        var pdf = SampleFiles.Pdf();

        var id = await UploadAsync(_santiago, woman, pdf);
        var list = await _attachments.ListAsync(_head, woman);
        var file = await _attachments.OpenAsync(_head, id, AttachmentUse.View);

        var row = Assert.Single(list.Items);
        Assert.Equal(("consentimiento.pdf", "application/pdf", (long)pdf.Length, "Demo Interventora"),
            (row.FileName, row.ContentType, row.SizeBytes, row.UploadedByName.Split(' ', 2)[1]));
        Assert.True(list.CanUpload);
        Assert.Equal(0, list.Hidden);
        Assert.Equal(pdf, file.Content);
        Assert.Equal(Attachment.Checksum(pdf), file.Sha256);
        Assert.Equal(row.Sha256, file.Sha256);
        Assert.Equal($"anexo/{id}", Assert.Single(await AuditAsync(AttachmentAuditActions.Uploaded)).Resource);
        Assert.Single(await AuditAsync(AttachmentAuditActions.Listed), a => a.OperatorId == _head.Id && a.SurvivorId == woman);
        Assert.Single(await AuditAsync(AttachmentAuditActions.Viewed), a => a.OperatorId == _head.Id && a.Resource == $"anexo/{id}");
    }

    [Fact]
    public async Task Upload_StoresTheBytesApart_FromTheListedMetadata()
    {
        var woman = await RegisterAsync(_santiago, 31_000_002);
        var id = await UploadAsync(_santiago, woman, SampleFiles.Png(), "foto.png", "image/png", AttachmentKind.Other);

        await using var conn = await _db.OpenOwnerConnectionAsync();
        Assert.Equal(SampleFiles.Png().Length, await conn.ScalarAsync<int>($"SELECT length(bytes) FROM attachment_contents WHERE attachment_id = '{id}'"));
        Assert.Equal(0L, await conn.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'attachments' AND data_type = 'bytea'"));
    }

    [Fact]
    public async Task AnotherCentre_CannotList_View_OrUpload_AndAGuessedId_GetsTheSameDenial_AllAudited()
    {
        var woman = await RegisterAsync(_santiago, 31_000_003);
        var id = await UploadAsync(_santiago, woman, SampleFiles.Pdf());

        await Assert.ThrowsAsync<AccessDeniedException>(() => _attachments.ListAsync(_valparaiso, woman));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _attachments.OpenAsync(_valparaiso, id, AttachmentUse.View));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _attachments.OpenAsync(_valparaiso, Guid.NewGuid(), AttachmentUse.View));
        await Assert.ThrowsAsync<AccessDeniedException>(() => UploadAsync(_valparaiso, woman, SampleFiles.Pdf()));

        var denials = (await AuditAsync("access.denied")).Where(a => a.OperatorId == _valparaiso.Id).ToList();
        Assert.Equal(4, denials.Count);
        Assert.Contains(denials, d => d.Resource == $"anexo/{id}" && d.SurvivorId == woman);
        Assert.Contains(denials, d => d.Resource!.StartsWith("anexo/") && d.SurvivorId is null);
        Assert.Empty(await AuditAsync(AttachmentAuditActions.Viewed));
    }

    [Fact]
    public async Task AGrantCoveringAnnexes_AllowsReading_ButNeverUploading()
    {
        var woman = await RegisterAsync(_valparaiso, 31_000_004);
        var id = await UploadAsync(_valparaiso, woman, SampleFiles.Pdf());
        await GrantAsync(_authority, woman, GrantScope.Only(SurvivorTab.Attachments));

        var list = await _attachments.ListAsync(_authority, woman);
        var file = await _attachments.OpenAsync(_authority, id, AttachmentUse.View);

        Assert.Equal(id, Assert.Single(list.Items).Id);
        Assert.False(list.CanUpload);
        Assert.Equal(SampleFiles.Pdf(), file.Content);
        await Assert.ThrowsAsync<AccessDeniedException>(() => UploadAsync(_authority, woman, SampleFiles.Pdf()));
        Assert.Equal("active-grant", Assert.Single(await AuditAsync(AttachmentAuditActions.Viewed)).Reason);
    }

    [Fact]
    public async Task AGrantForOtherTabs_DoesNotOpenAnnexes()
    {
        var woman = await RegisterAsync(_valparaiso, 31_000_005);
        var id = await UploadAsync(_valparaiso, woman, SampleFiles.Pdf());
        await GrantAsync(_authority, woman, GrantScope.Only(SurvivorTab.Episodes));

        await Assert.ThrowsAsync<AccessDeniedException>(() => _attachments.ListAsync(_authority, woman));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _attachments.OpenAsync(_authority, id, AttachmentUse.View));
        Assert.All((await AuditAsync("access.denied")).Where(a => a.OperatorId == _authority.Id), a => Assert.Equal("grant-does-not-cover-tab", a.Reason));
    }

    [Fact]
    public async Task OtherCentresAnnexes_AreCounted_NotShown_ToACentreSharingHerCase()
    {
        var woman = await RegisterAsync(_valparaiso, 31_000_006);
        await UploadAsync(_valparaiso, woman, SampleFiles.Pdf());
        await _registry.OpenCaseAtMyCentreAsync(_santiago, Run.FromNumber(31_000_006).ToString());
        var own = await UploadAsync(_santiago, woman, SampleFiles.Jpeg(), "carnet.jpg", "image/jpeg", AttachmentKind.Other);

        var list = await _attachments.ListAsync(_santiago, woman);

        Assert.Equal(own, Assert.Single(list.Items).Id);
        Assert.Equal(1, list.Hidden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("ok")]
    public async Task Download_WithoutAReason_IsRefused_AndServesNothing(string? reason)
    {
        var woman = await RegisterAsync(_santiago, 31_000_007);
        var id = await UploadAsync(_santiago, woman, SampleFiles.Pdf());

        var ex = await Assert.ThrowsAsync<DomainException>(() => _attachments.OpenAsync(_santiago, id, AttachmentUse.Download, reason));

        Assert.Equal("Indique el motivo de la descarga (al menos 5 caracteres).", ex.Message);
        Assert.Empty(await AuditAsync(AttachmentAuditActions.Downloaded));
    }

    [Fact]
    public async Task Download_WithAReason_IsAudited_WithThatReason()
    {
        var woman = await RegisterAsync(_santiago, 31_000_008);
        var id = await UploadAsync(_santiago, woman, SampleFiles.Pdf());

        var file = await _attachments.OpenAsync(_santiago, id, AttachmentUse.Download, "  Oficio del Juzgado de Familia (ficticio)  ");

        Assert.Equal(SampleFiles.Pdf(), file.Content);
        var row = Assert.Single(await AuditAsync(AttachmentAuditActions.Downloaded));
        Assert.Equal("Oficio del Juzgado de Familia (ficticio)", row.Reason);
        Assert.Equal((_santiago.Id, woman, $"anexo/{id}"), (row.OperatorId!.Value, row.SurvivorId!.Value, row.Resource));
    }

    [Fact]
    public async Task Upload_OverTheConfiguredLimit_IsRefused_SavesNothing_AndIsAudited()
    {
        var woman = await RegisterAsync(_santiago, 31_000_009);
        var big = SampleFiles.Pdf(new string('x', 5000));

        var ex = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(_santiago, woman, big));

        Assert.StartsWith("El archivo supera el tamaño máximo permitido", ex.Message);
        Assert.Equal(4096, _attachments.SizeLimit.Bytes);
        Assert.Empty((await _attachments.ListAsync(_santiago, woman)).Items);
        Assert.Equal(ex.Message, Assert.Single(await AuditAsync(AttachmentAuditActions.Rejected)).Reason);
    }

    [Fact]
    public async Task Upload_OfAnExecutableRenamedPdf_IsRefusedInSpanish_AndSavesNothing()
    {
        var woman = await RegisterAsync(_santiago, 31_000_010);

        var ex = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(_santiago, woman, SampleFiles.Exe(), "resolucion.pdf"));

        Assert.Equal("El contenido del archivo no es un PDF válido.", ex.Message);
        await using var ctx = await _services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        Assert.False(await ctx.Attachments.AnyAsync());
        Assert.False(await ctx.AttachmentContents.AnyAsync());
    }

    [Fact]
    public async Task Open_AFileAlteredInStorage_IsRefused_AndTheMismatchAudited()
    {
        var woman = await RegisterAsync(_santiago, 31_000_011);
        var id = await UploadAsync(_santiago, woman, SampleFiles.Pdf());
        await using (var conn = await _db.OpenOwnerConnectionAsync())
            await conn.ExecuteAsync($"UPDATE attachment_contents SET bytes = overlay(bytes placing '\\x58'::bytea from 20) WHERE attachment_id = '{id}'");

        await Assert.ThrowsAsync<DomainException>(() => _attachments.OpenAsync(_santiago, id, AttachmentUse.View));

        Assert.Single(await AuditAsync(AttachmentAuditActions.IntegrityFailed));
        Assert.Empty(await AuditAsync(AttachmentAuditActions.Viewed));
    }
}
