using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Access;

public enum AccessRequestState { Pending = 1, Approved = 2, Rejected = 3, Cancelled = 4 }

/// <summary>
/// A request to see what the policy hides (solicitud de autorización, seed §II.2): one operator, one survivor, a scope of
/// tabs, a written legal justification. Whoever may approve it (see <see cref="AccessRequestPolicy"/>) turns it into an
/// <see cref="AccessGrant"/> limited in time, or rejects it with a reason.
/// </summary>
public sealed class AccessRequest
{
    public const int MinJustificationLength = 20;
    public const int MaxTextLength = 2000;

    public Guid Id { get; private set; }
    public Guid RequesterId { get; private set; }
    public AccessLevel RequesterLevel { get; private set; }
    public ScopeKind RequesterScopeKind { get; private set; }
    public string? RequesterScopeCode { get; private set; }
    /// <summary>Executing entity and region the requester works for (approvers are found by them).</summary>
    public string? RequesterEntityCode { get; private set; }
    public string? RequesterRegionCode { get; private set; }
    public Guid SurvivorId { get; private set; }
    public bool AllDetails { get; private set; }
    public SurvivorTab[] Tabs { get; private set; } = [];
    public string Justification { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public AccessRequestState State { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public Guid? GrantId { get; private set; }

    private AccessRequest() { }

    public static AccessRequest Submit(SignedInOperator requester, string? requesterEntityCode, string? requesterRegionCode, Guid survivorId,
        GrantScope scope, string justification, DateTimeOffset at)
    {
        if (requester.Level == AccessLevel.N2)
            throw new DomainException("Quienes administran el sistema no solicitan acceso a datos de sobrevivientes.");
        var text = justification?.Trim() ?? "";
        if (text.Length < MinJustificationLength)
            throw new DomainException($"Escriba la justificación legal de la solicitud (al menos {MinJustificationLength} caracteres).");
        if (text.Length > MaxTextLength) throw new DomainException($"La justificación no puede superar {MaxTextLength} caracteres.");
        return new AccessRequest
        {
            Id = Guid.NewGuid(),
            RequesterId = requester.Id,
            RequesterLevel = requester.Level,
            RequesterScopeKind = requester.ScopeKind,
            RequesterScopeCode = requester.ScopeCode,
            RequesterEntityCode = requesterEntityCode,
            RequesterRegionCode = requesterRegionCode,
            SurvivorId = survivorId,
            AllDetails = scope.AllDetails,
            Tabs = scope.Tabs.Order().ToArray(),
            Justification = text,
            RequestedAt = at,
            State = AccessRequestState.Pending,
        };
    }

    public GrantScope Scope => AllDetails ? GrantScope.AllDetailsAnd(Tabs) : GrantScope.Only(Tabs);

    /// <summary>Approves and issues the grant, valid from <paramref name="at"/> for <paramref name="duration"/>.</summary>
    public AccessGrant Approve(Guid approverId, DateTimeOffset at, TimeSpan duration)
    {
        EnsurePending();
        var grant = AccessGrant.Approve(RequesterId, SurvivorId, Scope, Justification, approverId, at, duration);
        State = AccessRequestState.Approved;
        DecidedBy = approverId;
        DecidedAt = at;
        GrantId = grant.Id;
        return grant;
    }

    public void Reject(Guid approverId, string reason, DateTimeOffset at)
    {
        EnsurePending();
        if (approverId == RequesterId) throw new DomainException("Nadie decide su propia solicitud de acceso.");
        var why = reason?.Trim() ?? "";
        if (why.Length == 0) throw new DomainException("Indique el motivo del rechazo.");
        if (why.Length > MaxTextLength) throw new DomainException($"El motivo no puede superar {MaxTextLength} caracteres.");
        State = AccessRequestState.Rejected;
        DecidedBy = approverId;
        DecidedAt = at;
        DecisionReason = why;
    }

    public void Cancel(Guid by, DateTimeOffset at)
    {
        EnsurePending();
        if (by != RequesterId) throw new DomainException("Solo quien la pidió puede retirar la solicitud.");
        State = AccessRequestState.Cancelled;
        DecidedAt = at;
    }

    public AccessRequestFact ToFact() => new(RequesterId, RequesterLevel, RequesterScopeKind, RequesterScopeCode, RequesterEntityCode, RequesterRegionCode);

    private void EnsurePending()
    {
        if (State != AccessRequestState.Pending) throw new DomainException("La solicitud ya fue decidida.");
    }
}

/// <summary>Who asked, as the approval rule needs it.</summary>
public sealed record AccessRequestFact(Guid RequesterId, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode, string? EntityCode,
    string? RegionCode);

/// <summary>
/// Who may approve whose request (seed §II.2): a caseworker's (N6) by the head of her centre (N5); a centre head's by the
/// head of its executing entity (N4); a territorial officer's (N3) by the regional or central level (N1 of her region or
/// the nation); an executing entity's head (N4) likewise, citing the agreement; an N1's only by the national top
/// authority (N1 with national scope) and only for a survivor with grave or vital risk. Nobody approves their own.
/// </summary>
public static class AccessRequestPolicy
{
    public const string ApprovesOwnCentre = "approver-head-of-requesters-centre";
    public const string ApprovesOwnEntity = "approver-head-of-requesters-entity";
    public const string ApprovesRegionOrNation = "approver-regional-or-central";
    public const string ApprovesAsTopAuthority = "approver-top-authority";
    public const string NotTheApprover = "not-the-approver-of-this-request";
    public const string OwnRequest = "own-request";
    public const string TopAuthorityNeedsVitalRisk = "top-authority-grants-only-for-grave-or-vital-risk";

    public static AccessDecision CanApprove(SignedInOperator approver, AccessRequestFact request, bool survivorHasVitalRisk)
    {
        if (approver.Id == request.RequesterId) return AccessDecision.Deny(OwnRequest);
        return request.Level switch
        {
            AccessLevel.N6 when approver.Level == AccessLevel.N5 && approver.ScopeKind == ScopeKind.Centre && approver.ScopeCode == request.ScopeCode
                => AccessDecision.Allow(ApprovesOwnCentre),
            AccessLevel.N5 when approver.Level == AccessLevel.N4 && approver.ScopeKind == ScopeKind.ExecutingEntity
                                && approver.ScopeCode == request.EntityCode
                => AccessDecision.Allow(ApprovesOwnEntity),
            AccessLevel.N3 or AccessLevel.N4 when approver.Level == AccessLevel.N1
                                                  && (approver.ScopeKind == ScopeKind.Nation
                                                      || approver.ScopeKind == ScopeKind.Region && approver.ScopeCode == request.RegionCode)
                => AccessDecision.Allow(ApprovesRegionOrNation),
            AccessLevel.N1 when approver.Level == AccessLevel.N1 && approver.ScopeKind == ScopeKind.Nation
                => survivorHasVitalRisk ? AccessDecision.Allow(ApprovesAsTopAuthority) : AccessDecision.Deny(TopAuthorityNeedsVitalRisk),
            _ => AccessDecision.Deny(NotTheApprover),
        };
    }

    /// <summary>Whether this operator approves anybody's requests at all (the approvals queue is hers).</summary>
    public static bool IsApprover(SignedInOperator op) =>
        op.Level is AccessLevel.N5 or AccessLevel.N4 or AccessLevel.N1;
}
