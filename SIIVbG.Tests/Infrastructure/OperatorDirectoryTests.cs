using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Operators;
using SIIVbG.Infrastructure.Seeding;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Auth")]
public sealed class OperatorDirectoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 13, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> ActiveDemoRuns() =>
        new(DemoData.Operators.Where(o => o.Active).Select(o => o.Run.ToString()));

    private static DemoOperator Deactivated => DemoData.Operators.Single(o => !o.Active);

    [Theory]
    [MemberData(nameof(ActiveDemoRuns))]
    public async Task ResolveLogin_AllowsActiveOperator_AndAuditsTheLogin(string run)
    {
        var demo = DemoData.Operators.Single(o => o.Run.ToString() == run);
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();

        var resolution = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(Run.Parse(run));

        Assert.True(resolution.Allowed);
        Assert.Null(resolution.Denial);
        var op = resolution.Operator!;
        Assert.Equal((run, demo.Level, demo.ScopeKind, demo.ScopeCode, true), (op.Run, op.Level, op.ScopeKind, op.ScopeCode, op.IsActive));
        Assert.Equal($"{demo.GivenNames} {demo.Surnames}", op.FullName);
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.Login, (int)AuditOutcome.Allowed, (Guid?)op.Id, run),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.OperatorRun));
    }

    [Fact]
    public async Task ResolveLogin_DeniesUnregisteredRun_AndAuditsTheDenial()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();

        var resolution = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(DemoData.UnregisteredRun);

        Assert.False(resolution.Allowed);
        Assert.Null(resolution.Operator);
        Assert.Equal(LoginDenial.Unregistered, resolution.Denial);
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.LoginDenied, (int)AuditOutcome.Denied, (Guid?)null, DemoData.UnregisteredRun.ToString(), "RUN no registrado"),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.OperatorRun, audit.Reason));
    }

    [Fact]
    public async Task ResolveLogin_DeniesDeactivatedOperator_AndAuditsTheDenial()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var helena = await services.SignedInAsync(Deactivated.Run);

        var resolution = await services.GetRequiredService<OperatorDirectory>().ResolveLoginAsync(Deactivated.Run);

        Assert.False(resolution.Allowed);
        Assert.Null(resolution.Operator);
        Assert.Equal(LoginDenial.Deactivated, resolution.Denial);
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.LoginDenied, (int)AuditOutcome.Denied, (Guid?)helena.Id, Deactivated.Run.ToString()),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.OperatorRun));
    }

    [Fact]
    public async Task AcceptAgreement_KeepsTheFirstDate_AndAuditsOnlyTheFirstAcceptance()
    {
        var clock = new ManualClock(T0);
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices(s => s.AddSingleton<TimeProvider>(clock));
        var directory = services.GetRequiredService<OperatorDirectory>();
        var op = await services.SignedInAsync(AccessLevel.N6);
        Assert.Null((await directory.GetStandingAsync(op.Id))!.AgreementAcceptedAt);

        var first = await directory.AcceptAgreementAsync(op);
        clock.Now = T0.AddDays(3);
        var second = await directory.AcceptAgreementAsync(op);

        Assert.Equal(T0, first.AgreementAcceptedAt);
        Assert.Equal(T0, second.AgreementAcceptedAt);
        Assert.Equal(T0, (await directory.GetStandingAsync(op.Id))!.AgreementAcceptedAt);
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.AgreementAccepted, (int)AuditOutcome.Allowed, (Guid?)op.Id, op.Run, T0),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.OperatorRun, audit.OccurredAt));
    }

    [Fact]
    public async Task AcceptAgreement_SubmittedTwiceAtOnce_SucceedsForBoth_AndAuditsOnce()
    {
        // Two tabs (or a double click) accept at the same moment. The interleaving is forced, not hoped for: the test
        // holds the audit append lock, so the first acceptance stops after updating the row but before committing;
        // the second then reads the row while it still has no date and waits on the first one's row lock.
        var appendLockKey = (long)typeof(AuditTrail).GetField("AppendLockKey", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
        var clock = new ManualClock(T0);
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices(s => s.AddSingleton<TimeProvider>(clock));
        var directory = services.GetRequiredService<OperatorDirectory>();
        var op = await services.SignedInAsync(AccessLevel.N6);
        await using var owner = await db.OpenOwnerConnectionAsync();
        await owner.ExecuteAsync($"SELECT pg_advisory_lock({appendLockKey})");
        await using var observer = await db.OpenOwnerConnectionAsync();
        Task<bool> Waiting(string waitEvent) => observer.ScalarAsync<bool>($"""
            SELECT count(*) = 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = '{waitEvent}'
            """);

        var first = Task.Run(() => directory.AcceptAgreementAsync(op));
        await InfrastructureTestKit.WaitUntilAsync(() => Waiting("advisory"), "the first acceptance waits on the audit lock");
        var second = Task.Run(() => directory.AcceptAgreementAsync(op));
        await InfrastructureTestKit.WaitUntilAsync(() => Waiting("transactionid"), "the second acceptance waits on the operator row");
        await owner.ExecuteAsync($"SELECT pg_advisory_unlock({appendLockKey})");

        Assert.Equal(T0, (await first).AgreementAcceptedAt);
        Assert.Equal(T0, (await second).AgreementAcceptedAt);
        Assert.Equal(T0, (await directory.GetStandingAsync(op.Id))!.AgreementAcceptedAt);
        Assert.Single(await services.AuditRowsAsync(), a => a.Action == AuditActions.AgreementAccepted);
    }

    [Fact]
    public async Task AcceptAgreement_RefusesDeactivatedOperator_AuditsTheDenial_AndRecordsNoDate()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var directory = services.GetRequiredService<OperatorDirectory>();
        var helena = await services.SignedInAsync(Deactivated.Run);

        await Assert.ThrowsAsync<AccessDeniedException>(() => directory.AcceptAgreementAsync(helena));

        Assert.Null((await directory.GetStandingAsync(helena.Id))!.AgreementAcceptedAt);
        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.AccessDenied, (int)AuditOutcome.Denied, (Guid?)helena.Id, "acuerdo-confidencialidad"),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.Resource));
    }

    [Fact]
    public async Task RecordLogout_AuditsTheLogout()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        var op = await services.SignedInAsync(AccessLevel.N5);

        await services.GetRequiredService<OperatorDirectory>().RecordLogoutAsync(op);

        var audit = Assert.Single(await services.AuditRowsAsync());
        Assert.Equal((AuditActions.Logout, (int)AuditOutcome.Allowed, (Guid?)op.Id, op.Run),
            (audit.Action, audit.Outcome, audit.OperatorId, audit.OperatorRun));
    }
}
