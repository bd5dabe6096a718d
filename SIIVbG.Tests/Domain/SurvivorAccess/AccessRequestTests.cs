using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

[Trait("Area", "Access")]
public class AccessRequestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 3, 12, 0, 0, TimeSpan.Zero);
    private const string Justification = "Coordinación por medida de protección vigente (Ley 20.066, art. 9)";

    private static SignedInOperator Op(AccessLevel level, ScopeKind kind, string? code) => new(Guid.NewGuid(), "1-9", level, kind, code);

    private static AccessRequest RequestBy(SignedInOperator requester, string? entity = "EE-13", string? region = "13") =>
        AccessRequest.Submit(requester, entity, region, Guid.NewGuid(), GrantScope.AllDetailsScope, Justification, T0);

    public static TheoryData<string, SignedInOperator, SignedInOperator, bool, bool> Approvals
    {
        get
        {
            var n6 = Op(AccessLevel.N6, ScopeKind.Centre, "CDM-1");
            var n5 = Op(AccessLevel.N5, ScopeKind.Centre, "CDM-1");
            var n3 = Op(AccessLevel.N3, ScopeKind.Region, "13");
            var n4 = Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-13");
            var n1 = Op(AccessLevel.N1, ScopeKind.Nation, null);
            return new()
            {
                // case                                      requester  approver                                         vital  allowed
                { "N6 by her centre's head",                 n6, Op(AccessLevel.N5, ScopeKind.Centre, "CDM-1"),          false, true },
                { "N6 by another centre's head",             n6, Op(AccessLevel.N5, ScopeKind.Centre, "CDM-2"),          false, false },
                { "N6 by a colleague",                       n6, Op(AccessLevel.N6, ScopeKind.Centre, "CDM-1"),          false, false },
                { "N6 by N1",                                n6, Op(AccessLevel.N1, ScopeKind.Nation, null),             false, false },
                { "N5 by her entity's head",                 n5, Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-13"), false, true },
                { "N5 by another entity's head",             n5, Op(AccessLevel.N4, ScopeKind.ExecutingEntity, "EE-05"), false, false },
                { "N3 by N1 of her region",                  n3, Op(AccessLevel.N1, ScopeKind.Region, "13"),             false, true },
                { "N3 by N1 national",                       n3, Op(AccessLevel.N1, ScopeKind.Nation, null),             false, true },
                { "N3 by N1 of another region",              n3, Op(AccessLevel.N1, ScopeKind.Region, "05"),             false, false },
                { "N4 by N1 national",                       n4, Op(AccessLevel.N1, ScopeKind.Nation, null),             false, true },
                { "N4 by N5",                                n4, Op(AccessLevel.N5, ScopeKind.Centre, "CDM-1"),          false, false },
                { "N1 by the top authority, vital risk",     n1, Op(AccessLevel.N1, ScopeKind.Nation, null),             true,  true },
                { "N1 by the top authority, no vital risk",  n1, Op(AccessLevel.N1, ScopeKind.Nation, null),             false, false },
                { "N1 by a regional N1",                     n1, Op(AccessLevel.N1, ScopeKind.Region, "13"),             true,  false },
                { "anyone by N2",                            n6, Op(AccessLevel.N2, ScopeKind.Nation, null),             true,  false },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Approvals))]
    public void Approver_IsTheLevelTheSeedNames_ForEachRequester(string @case, SignedInOperator requester, SignedInOperator approver, bool vital, bool allowed)
    {
        var request = RequestBy(requester);
        Assert.True(allowed == AccessRequestPolicy.CanApprove(approver, request.ToFact(), vital).IsAllowed, @case);
    }

    [Fact]
    public void NobodyApprovesTheirOwnRequest()
    {
        var n1 = Op(AccessLevel.N1, ScopeKind.Nation, null);
        Assert.Equal(AccessRequestPolicy.OwnRequest, AccessRequestPolicy.CanApprove(n1, RequestBy(n1).ToFact(), true).Reason);
    }

    [Fact]
    public void Approval_IssuesAGrantForThatSurvivorScopeAndWindow()
    {
        var requester = Op(AccessLevel.N6, ScopeKind.Centre, "CDM-1");
        var head = Guid.NewGuid();
        var request = RequestBy(requester);

        var grant = request.Approve(head, T0.AddHours(1), TimeSpan.FromHours(24));

        Assert.Equal(AccessRequestState.Approved, request.State);
        Assert.Equal(grant.Id, request.GrantId);
        Assert.Equal((requester.Id, request.SurvivorId), (grant.OperatorId, grant.SurvivorId));
        Assert.Equal(T0.AddHours(25), grant.ValidUntil);
        Assert.True(grant.Scope.Covers(SurvivorTab.Episodes));
        Assert.False(grant.Scope.Covers(SurvivorTab.RelatedPersons));
        Assert.Throws<DomainException>(() => request.Reject(head, "tarde", T0.AddHours(2)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Necesito verla")]
    public void Submit_RequiresAWrittenJustification(string justification)
    {
        var ex = Assert.Throws<DomainException>(() => AccessRequest.Submit(Op(AccessLevel.N6, ScopeKind.Centre, "CDM-1"), null, null, Guid.NewGuid(),
            GrantScope.AllDetailsScope, justification, T0));
        Assert.Contains("justificación legal", ex.Message);
    }

    [Fact]
    public void Administrators_CannotRequest_AndRejectionNeedsAReason_AndOnlyTheRequesterCancels()
    {
        Assert.Throws<DomainException>(() => RequestBy(Op(AccessLevel.N2, ScopeKind.Nation, null)));
        var request = RequestBy(Op(AccessLevel.N6, ScopeKind.Centre, "CDM-1"));
        Assert.Throws<DomainException>(() => request.Reject(Guid.NewGuid(), " ", T0));
        Assert.Throws<DomainException>(() => request.Cancel(Guid.NewGuid(), T0));
        request.Cancel(request.RequesterId, T0);
        Assert.Equal(AccessRequestState.Cancelled, request.State);
    }
}
