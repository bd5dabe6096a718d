using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Common;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Attachments;

/// <summary>
/// Where a record points at an annex (a consent's scanned copy, a plan's PDF), the annex must be hers, of the kind the
/// record needs, and held by the centre that links it: an id typed or replayed from elsewhere links nothing.
/// </summary>
internal static class AnnexLinks
{
    public const string NotLinkable = "El anexo indicado no es de esta sobreviviente, de este centro o del tipo requerido.";

    public static async Task EnsureLinkableAsync(SiivbgDbContext db, Guid survivorId, Guid attachmentId, AttachmentKind kind,
        string? holdingCentreCode, CancellationToken ct)
    {
        var ok = holdingCentreCode is not null && await db.Attachments.AnyAsync(a => a.Id == attachmentId && a.SurvivorId == survivorId
            && a.Kind == kind && a.HoldingCentreCode == holdingCentreCode, ct);
        if (!ok) throw new DomainException(NotLinkable);
    }
}
