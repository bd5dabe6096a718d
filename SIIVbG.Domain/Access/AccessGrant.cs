using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Access;

/// <summary>
/// An approved, justified, time-limited exception (autorización de acceso): one operator, one survivor, one scope.
/// The request/approval workflow lives in the access-governance feature; the registry honours grants as stored.
/// </summary>
public sealed class AccessGrant
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(24);

    public Guid Id { get; private set; }
    public Guid OperatorId { get; private set; }
    public Guid SurvivorId { get; private set; }
    public bool AllDetails { get; private set; }
    public SurvivorTab[] Tabs { get; private set; } = [];
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset ValidUntil { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string Justification { get; private set; } = "";
    public Guid ApprovedBy { get; private set; }

    private AccessGrant() { }

    public static AccessGrant Approve(Guid operatorId, Guid survivorId, GrantScope scope, string justification,
        Guid approvedBy, DateTimeOffset validFrom, TimeSpan duration)
    {
        if (string.IsNullOrWhiteSpace(justification)) throw new DomainException("Toda autorización requiere una justificación.");
        if (duration <= TimeSpan.Zero) throw new DomainException("La vigencia de la autorización debe ser positiva.");
        if (approvedBy == operatorId) throw new DomainException("Nadie puede aprobar su propia solicitud de acceso.");
        return new AccessGrant
        {
            Id = Guid.NewGuid(),
            OperatorId = operatorId,
            SurvivorId = survivorId,
            AllDetails = scope.AllDetails,
            Tabs = scope.Tabs.Order().ToArray(),
            ValidFrom = validFrom,
            ValidUntil = validFrom + duration,
            Justification = justification.Trim(),
            ApprovedBy = approvedBy,
        };
    }

    public void Revoke(DateTimeOffset at) => RevokedAt ??= at;

    public GrantScope Scope => AllDetails ? GrantScope.AllDetailsAnd(Tabs) : GrantScope.Only(Tabs);

    public GrantFact ToFact() => new(Id, OperatorId, SurvivorId, Scope, ValidFrom, ValidUntil, RevokedAt);
}
