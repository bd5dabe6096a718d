using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Access;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Access")]
public sealed class AccessGuardTests
{
    [Fact]
    public async Task Ensure_ThrowsAndAuditsTheDenial_WhenThePolicySaysNo()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var n6 = await services.SignedInAsync(AccessLevel.N6);

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            services.GetRequiredService<AccessGuard>().EnsureAsync(n6, Capability.AdministerOperators, "operadores"));

        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.AccessDenied, (int)AuditOutcome.Denied, (Guid?)n6.Id, n6.Run, "operadores", nameof(Capability.AdministerOperators)),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.OperatorRun, audit.Resource, audit.Details));
    }

    [Fact]
    public async Task Ensure_WritesNothing_WhenThePolicyAllows()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var n2 = await services.SignedInAsync(AccessLevel.N2);

        await services.GetRequiredService<AccessGuard>().EnsureAsync(n2, Capability.AdministerOperators, "operadores");

        Assert.Empty(await services.AuditRowsAsync());
    }
}

[Trait("Area", "Access")]
public sealed class AuditViewerTests
{
    [Fact]
    public async Task Latest_IsRefusedToCentreHead_AndTheRefusalIsAudited()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var n5 = await services.SignedInAsync(AccessLevel.N5);

        await Assert.ThrowsAsync<AccessDeniedException>(() => services.GetRequiredService<AuditViewer>().LatestAsync(n5, 10));

        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.AccessDenied, (int)AuditOutcome.Denied, (Guid?)n5.Id, "auditoria", nameof(Capability.ViewAuditTrail)),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.Resource, audit.Details));
    }

    [Fact]
    public async Task Latest_ShowsAdministratorTheNewestEntriesFirst_IncludingHerOwnViewing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        for (var i = 1; i <= 3; i++) await trail.AppendAsync(new AuditRecord($"test.action-{i}", AuditOutcome.Allowed));
        var n2 = await services.SignedInAsync(AccessLevel.N2);

        var latest = await services.GetRequiredService<AuditViewer>().LatestAsync(n2, 2);

        Assert.Equal([4L, 3L], latest.Select(e => e.Sequence));
        Assert.Equal((AuditActions.AuditViewed, AuditOutcome.Allowed, (Guid?)n2.Id, "auditoria"),
            (latest[0].Record.Action, latest[0].Record.Outcome, latest[0].Record.OperatorId, latest[0].Record.Resource));
        Assert.Equal("test.action-3", latest[1].Record.Action);
        Assert.Equal(4, (await services.AuditRowsAsync()).Count);
    }
}
