using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>
/// Reads what <see cref="SurvivorAccessPolicy"/> decides on (her cases with their centres, her latest consent, the
/// operator's grants for her). Every service touching survivor data loads these facts before deciding.
/// </summary>
public sealed class SurvivorFacts
{
    public async Task<Dictionary<Guid, SurvivorAccessFacts>> LoadAsync(SiivbgDbContext db, SignedInOperator op, Guid[] ids, CancellationToken ct)
    {
        var cases = await (from c in db.Cases
                           join ce in db.Centres on c.CentreCode equals ce.Code
                           where ids.Contains(c.SurvivorId)
                           select new { c.SurvivorId, c.Id, c.CentreCode, c.ExecutingEntityCode, ce.RegionCode, c.State }).ToListAsync(ct);
        var consents = await db.Consents.AsNoTracking().Where(k => ids.Contains(k.SurvivorId)).ToListAsync(ct);
        var grants = await db.AccessGrants.AsNoTracking().Where(g => ids.Contains(g.SurvivorId) && g.OperatorId == op.Id).ToListAsync(ct);
        return ids.Distinct().ToDictionary(id => id, id =>
        {
            var consent = consents.Where(k => k.SurvivorId == id).MaxBy(k => k.RecordedAt);
            return new SurvivorAccessFacts(id,
                cases.Where(c => c.SurvivorId == id).Select(c => new CaseFact(c.Id, c.CentreCode, c.ExecutingEntityCode, c.RegionCode, Case.IsOpenState(c.State))).ToList(),
                consent is null ? ConsentFact.None : new ConsentFact(consent.Allows(ConsentScope.ShareWithSernamEgCentres),
                    consent.Allows(ConsentScope.ShareWithInstitutions), consent.Allows(ConsentScope.Statistics)),
                grants.Where(g => g.SurvivorId == id).Select(g => g.ToFact()).ToList());
        });
    }


    public async Task<SurvivorAccessFacts> LoadAsync(SiivbgDbContext db, SignedInOperator op, Guid survivorId, CancellationToken ct) =>
        (await LoadAsync(db, op, [survivorId], ct))[survivorId];
}
