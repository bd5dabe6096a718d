using SIIVbG.Domain.Access;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;

namespace SIIVbG.Infrastructure.Access;

/// <summary>Services call this at the top of every operation: the policy decides, a denial is audited, then thrown.</summary>
public sealed class AccessGuard(AuditTrail audit)
{
    public async Task EnsureAsync(SignedInOperator op, Capability capability, string resource, CancellationToken ct = default)
    {
        if (AccessPolicy.Can(op, capability)) return;
        await audit.AppendAsync(new AuditRecord(AuditActions.AccessDenied, AuditOutcome.Denied, op.Id, op.Run,
            Resource: resource, Details: capability.ToString()), ct);
        throw new AccessDeniedException();
    }
}
