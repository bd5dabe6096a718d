using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Access;

namespace SIIVbG.Infrastructure.Audit;

/// <summary>Reading the trail is an N2 action, itself audited.</summary>
public sealed class AuditViewer(AccessGuard access, AuditTrail trail)
{
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(SignedInOperator op, int count, CancellationToken ct = default)
    {
        await access.EnsureAsync(op, Capability.ViewAuditTrail, "auditoria", ct);
        await trail.AppendAsync(new AuditRecord(AuditActions.AuditViewed, AuditOutcome.Allowed, op.Id, op.Run, Resource: "auditoria"), ct);
        return await trail.LatestAsync(Math.Clamp(count, 1, 500), ct);
    }
}
