using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Seeding.Generation;

/// <summary>
/// Turns a generated case file into domain objects through the same intent methods a caseworker's actions call, so
/// every generated state change passes the domain's rules (a generator bug surfaces as a <c>DomainException</c>).
/// The objects get their own ids; their content is the generated one.
/// </summary>
public static class DomainReplay
{
    public sealed record Replayed(Survivor Survivor, IReadOnlyList<Case> Cases, IReadOnlyList<ViolenceEpisode> Episodes,
        Consent? Consent, IReadOnlyList<LegalProcess> LegalProcesses)
    {
        public IEnumerable<object> All() =>
            new object[] { Survivor }.Concat(Cases).Concat(Episodes).Concat(Consent is null ? [] : [Consent]).Concat(LegalProcesses);
    }

    public static Replayed Replay(GeneratedCaseFile file)
    {
        var g = file.Survivor;
        var survivor = Survivor.Register(g.Run is null ? null : Run.Parse(g.Run), g.DocumentNumber, g.GivenNames, g.Surnames,
            g.BirthDate, g.RegisteredBy, g.RegisteredAt);
        survivor.RecordRegisteredSex(g.Sex, g.Run is null ? DataSource.SelfReported : DataSource.CivilRegistry, g.RegisteredAt);
        survivor.DescribeCharacterisation(g.GenderIdentity, g.Nationality, g.IndigenousPeople, g.MigrationStatus, g.Disability, g.RegisteredAt);
        survivor.UpdateContact(g.Phone, g.Email, g.Address, g.ComunaCode, DataSource.SelfReported, g.RegisteredAt);

        var caseIds = new Dictionary<Guid, Guid>();
        var cases = new List<Case>();
        foreach (var gc in file.Cases)
        {
            var first = gc.Milestones[0];
            var c = first.State == CaseState.Orientation
                ? Case.Open(survivor.Id, gc.CaseNumber, gc.ProgrammeLine, gc.InterventionType, gc.CentreCode, gc.ExecutingEntityCode, first.At, first.By)
                : Case.OpenAdmitted(survivor.Id, gc.CaseNumber, gc.ProgrammeLine, gc.InterventionType, gc.CentreCode, gc.ExecutingEntityCode, first.At, first.By);
            var risks = new Queue<GeneratedRiskEstimate>(gc.RiskEstimates.OrderBy(r => r.At));
            foreach (var m in gc.Milestones.Skip(1))
            {
                while (risks.Count > 0 && risks.Peek().At < m.At)
                {
                    var r = risks.Dequeue();
                    c.RecordRiskEstimate(r.Level, r.At, r.By);
                }
                switch (m.State)
                {
                    case CaseState.Intake: c.Admit(m.At, m.By); break;
                    case CaseState.Intervention: c.StartIntervention(m.At, m.By); break;
                    case CaseState.Discharge: c.Discharge(m.At, m.By, m.Note); break;
                    case CaseState.FollowUp: c.StartFollowUp(m.At, m.By); break;
                    case CaseState.Dropout: c.RecordDropout(m.At, m.By, m.Note!); break;
                    case CaseState.Closed: c.Close(m.At, m.By, m.Note); break;
                    default: throw new InvalidOperationException($"Unexpected milestone {m.State}");
                }
            }
            while (risks.Count > 0)
            {
                var r = risks.Dequeue();
                c.RecordRiskEstimate(r.Level, r.At, r.By);
            }
            caseIds[gc.Id] = c.Id;
            cases.Add(c);
        }

        var episodes = file.Episodes.Select(e => ViolenceEpisode.Register(survivor.Id, e.CaseId is { } id ? caseIds[id] : null,
            e.RegisteredByCentre, e.OccurredOn, e.OccurredAtTime, e.Place, e.ComunaCode, e.ViolenceTypes, e.AggressorRelation,
            e.Observations, e.RiskAtRegistration, e.RegisteredAt, e.RegisteredBy)).ToList();

        Consent? consent = null;
        if (file.Consent is { } gk)
        {
            if (!gk.Obtained)
                consent = Consent.RecordRefused(survivor.Id, gk.GivenBy, gk.RepresentativeName, gk.RepresentativeRelation, gk.RecordedAt, gk.RecordedBy);
            else
            {
                consent = Consent.RecordObtained(survivor.Id, gk.GivenBy, gk.RepresentativeName, gk.RepresentativeRelation, gk.Form!.Value,
                    gk.Declarations, gk.SignatureEvidence, gk.ScannedCopyId, gk.RecordedAt, gk.RecordedBy);
                if (gk.Granted != ConsentScope.None) consent.GrantScope(gk.Granted, gk.RecordedAt, gk.RecordedBy);
                if (gk.Revoked != ConsentScope.None)
                    consent.RevokeScope(gk.Revoked, gk.RevokedAt!.Value, gk.RecordedBy, CaseFileGenerator.RevocationReason);
            }
        }

        var processes = new List<LegalProcess>();
        foreach (var gp in file.LegalProcesses)
        {
            var p = LegalProcess.Register(survivor.Id, gp.CaseId is { } id ? caseIds[id] : null, gp.Type, gp.Subject, null, gp.Court,
                gp.Rit is null ? null : Rit.Parse(gp.Rit), gp.Ruc is null ? null : Ruc.Parse(gp.Ruc), gp.FiledOn, gp.RegisteredAt, gp.RegisteredBy);
            foreach (var gm in gp.Measures)
            {
                var m = p.OrderMeasure(gm.Kind, gm.Description, gm.ValidFrom, gm.ValidUntil, gm.RecordedAt, gm.RecordedBy, gm.IssuedByCourt);
                if (gm.LiftedOn is { } lifted) p.LiftMeasure(m.Id, lifted);
            }
            if (gp.Status == LegalProcessStatus.Resolved) p.Resolve(gp.ResolvedOn!.Value, gp.Outcome);
            if (gp.Status == LegalProcessStatus.Archived) p.Archive(gp.ArchivedOn!.Value, gp.ArchiveReason!);
            processes.Add(p);
        }
        return new Replayed(survivor, cases, episodes, consent, processes);
    }
}
