using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Notices;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Notices;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Access")]
public sealed class NoticeServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 14, 0, 0, TimeSpan.Zero);

    private static async Task<int> StoredNoticeCountAsync(IServiceProvider services)
    {
        await using var ctx = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return await ctx.SystemNotices.CountAsync();
    }

    [Fact]
    public async Task Post_ByCaseworker_IsDenied_Audited_AndSavesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var notices = services.GetRequiredService<NoticeService>();
        var n6 = await services.SignedInAsync(AccessLevel.N6);

        await Assert.ThrowsAsync<AccessDeniedException>(() => notices.PostAsync(n6, "Mantención programada", NoticeSeverity.Info));

        Assert.Equal(0, await StoredNoticeCountAsync(services));
        Assert.Empty(await notices.ListActiveAsync());
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.AccessDenied, (int)AuditOutcome.Denied, (Guid?)n6.Id, "avisos", nameof(Capability.PostSystemNotice)),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.Resource, audit.Details));
    }

    [Fact]
    public async Task Post_ByAdministrator_IsListedAsActive_AndAudited()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices(s => s.AddSingleton<TimeProvider>(new ManualClock(T0)));
        var notices = services.GetRequiredService<NoticeService>();
        var n2 = await services.SignedInAsync(AccessLevel.N2);

        var id = await notices.PostAsync(n2, "  Mantención programada el sábado  ", NoticeSeverity.Warning);

        var listed = Assert.Single(await notices.ListActiveAsync());
        Assert.Equal(new NoticeView(id, "Mantención programada el sábado", NoticeSeverity.Warning, T0), listed);
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.NoticePosted, (int)AuditOutcome.Allowed, (Guid?)n2.Id, $"aviso/{id}"),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.Resource));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Post_WithBlankText_ThrowsSpanishDomainError_AndSavesNothing(string text)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var notices = services.GetRequiredService<NoticeService>();
        var n2 = await services.SignedInAsync(AccessLevel.N2);

        var ex = await Assert.ThrowsAsync<DomainException>(() => notices.PostAsync(n2, text, NoticeSeverity.Info));

        Assert.Equal("El aviso no puede estar vacío.", ex.Message);
        Assert.Equal(0, await StoredNoticeCountAsync(services));
        Assert.Empty(await services.AuditRowsAsync());
    }

    [Fact]
    public async Task Post_WithTextOverTheLimit_ThrowsSpanishDomainError_AndSavesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var notices = services.GetRequiredService<NoticeService>();
        var n2 = await services.SignedInAsync(AccessLevel.N2);

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            notices.PostAsync(n2, new string('a', SystemNotice.MaxLength + 1), NoticeSeverity.Info));

        Assert.Equal($"El aviso no puede superar {SystemNotice.MaxLength} caracteres.", ex.Message);
        Assert.Equal(0, await StoredNoticeCountAsync(services));
    }

    [Fact]
    public async Task Withdraw_HidesOnlyThatNotice_AndIsAudited()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clock = new ManualClock(T0);
        await using var services = db.CreateServices(s => s.AddSingleton<TimeProvider>(clock));
        var notices = services.GetRequiredService<NoticeService>();
        var n2 = await services.SignedInAsync(AccessLevel.N2);
        var withdrawn = await notices.PostAsync(n2, "Corte de servicio", NoticeSeverity.Warning);
        clock.Now = T0.AddMinutes(5);
        var kept = await notices.PostAsync(n2, "Nueva versión disponible", NoticeSeverity.Info);

        await notices.WithdrawAsync(n2, withdrawn);

        Assert.Equal([kept], (await notices.ListActiveAsync()).Select(n => n.Id));
        Assert.Equal(2, await StoredNoticeCountAsync(services));
        var last = (await services.AuditRowsAsync()).Last();
        Assert.Equal((AuditActions.NoticeWithdrawn, (Guid?)n2.Id, $"aviso/{withdrawn}"), (last.Action, last.OperatorId, last.Resource));
    }

    [Fact]
    public async Task Withdraw_ByCaseworker_IsDenied_AndTheNoticeStaysListed()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var notices = services.GetRequiredService<NoticeService>();
        var id = await notices.PostAsync(await services.SignedInAsync(AccessLevel.N2), "Corte de servicio", NoticeSeverity.Warning);
        var n6 = await services.SignedInAsync(AccessLevel.N6);

        await Assert.ThrowsAsync<AccessDeniedException>(() => notices.WithdrawAsync(n6, id));

        Assert.Equal([id], (await notices.ListActiveAsync()).Select(n => n.Id));
        var last = (await services.AuditRowsAsync()).Last();
        Assert.Equal((AuditActions.AccessDenied, (Guid?)n6.Id, $"aviso/{id}"), (last.Action, last.OperatorId, last.Resource));
    }
}
