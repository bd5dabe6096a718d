using System.Globalization;
using System.Text;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Seeding.Generation;

/// <summary>
/// Builds survivor <c>index</c>'s case file from (seed, index) alone, so any slice of the data set can be generated
/// (and a partial load continued) without generating what comes before it.
/// </summary>
internal sealed class CaseFileSynthesis(GenerationWorld world, int seed)
{
    private static readonly (CaseState State, double Weight)[] FinalStates =
    [
        (CaseState.Orientation, 8), (CaseState.Intake, 8), (CaseState.Intervention, 20), (CaseState.Discharge, 5),
        (CaseState.FollowUp, 9), (CaseState.Dropout, 15), (CaseState.Closed, 35),
    ];
    private static readonly string[] DropoutReasons =
    [
        "No asiste a las sesiones tras tres citaciones", "Cambio de domicilio a otra región", "Retoma la convivencia con el agresor",
        "Incompatibilidad horaria con su trabajo", "Decide no continuar la intervención",
    ];
    private static readonly string[] ClosedWithoutIntake =
    [
        "Derivada a otro dispositivo de la red", "No corresponde al perfil del programa", "Orientación entregada; no requiere ingreso",
    ];
    private static readonly string[] Places = ["Domicilio", "Domicilio", "Vía pública", "Lugar de trabajo", "Domicilio del agresor", "Transporte público"];
    private static readonly string[] Observations =
    [
        "Relato registrado en la entrevista de acogida (ficticio).", "Refiere episodios reiterados en los últimos meses (ficticio).",
        "Concurre acompañada por una familiar (ficticio).", "Se activa plan de seguridad (ficticio).",
    ];
    private static readonly string[] ForeignNationalities = ["Venezolana", "Peruana", "Colombiana", "Haitiana", "Boliviana", "Argentina", "Ecuatoriana"];
    private static readonly string[] MigrationStatuses = ["Residencia definitiva", "Residencia temporal", "Solicitud en trámite", "Situación irregular"];
    private static readonly string[] Disabilities = ["Física", "Visual", "Auditiva", "Psicosocial", "Intelectual"];
    private static readonly DateTimeOffset EarliestCase = new(2016, 1, 4, 12, 0, 0, TimeSpan.Zero);

    public GeneratedCaseFile Generate(int index)
    {
        var rng = new Random(Mix(seed, index));
        var ids = new IdSource(index, rng);
        var heavy = CaseFileGenerator.IsHeavy(index);
        var centres = world.CentresFor(index);
        var home = heavy ? centres[0] : world.PickCentre(index, rng);
        var comuna = rng.NextDouble() < 0.55 ? home.ComunaCode : Pick(rng, world.ComunasByRegion[home.RegionCode]).Code;

        var kind = heavy || rng.NextDouble() < 0.90 ? IdentityDocumentKind.Run
            : rng.NextDouble() < 0.7 ? IdentityDocumentKind.ForeignId : IdentityDocumentKind.None;
        var run = kind == IdentityDocumentKind.Run ? Run.FromNumber(CaseFileGenerator.RunNumberOf(index)).ToString() : null;
        var document = kind == IdentityDocumentKind.ForeignId
            ? (rng.NextDouble() < 0.5 ? "P" : "V") + rng.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture) : null;
        var given = rng.NextDouble() < 0.25 ? Pick(rng, FictitiousNames.CompoundGivenNames)
            : rng.NextDouble() < 0.45 ? Pick(rng, FictitiousNames.GivenNames)
            : $"{Pick(rng, FictitiousNames.GivenNames)} {Pick(rng, FictitiousNames.GivenNames)}";
        var surnames = rng.NextDouble() < 0.06 ? Pick(rng, FictitiousNames.Surnames)
            : $"{Pick(rng, FictitiousNames.Surnames)} {Pick(rng, FictitiousNames.Surnames)}";
        var birth = new DateOnly(1950, 1, 1).AddDays(rng.Next(0, 21_550)); // up to late 2008
        var foreign = kind != IdentityDocumentKind.Run || rng.NextDouble() < 0.04;
        var trans = rng.NextDouble() < 0.01;
        var sex = trans ? RegisteredSex.Male : rng.NextDouble() < 0.97 ? RegisteredSex.Female : RegisteredSex.Unknown;
        var phone = rng.NextDouble() < 0.85 ? $"+56 9 {rng.Next(1000, 9999)} {rng.Next(1000, 9999)}" : null;
        var email = rng.NextDouble() < 0.3 ? $"{Ascii(given.Split(' ')[0])}.{Ascii(surnames.Split(' ')[0])}{rng.Next(1, 99)}@correo.example" : null;
        var address = rng.NextDouble() < 0.8 ? $"Pasaje {Pick(rng, FictitiousNames.Streets)} {rng.Next(10, 3999)}" : null;

        var caseCount = heavy ? 20 : PickWeighted(rng, [1, 2, 3, 4, 5], [15, 20, 30, 20, 15]);
        var earliest = Max(EarliestCase, new DateTimeOffset(birth.AddYears(16).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var cases = new List<GeneratedCase>(caseCount);
        for (var k = 0; k < caseCount; k++)
        {
            var centre = k == 0 || rng.NextDouble() < 0.65 ? home : SecondCentre(index, home, rng, heavy, k);
            cases.Add(MakeCase(index, k, centre, earliest, rng, ids));
        }
        var first = cases.MinBy(c => c.OpenedAt)!;
        var registeredAt = first.OpenedAt.AddMinutes(-10);
        var registeredBy = first.OpenedBy;

        var survivor = new GeneratedSurvivor(ids.Next(IdKind.Survivor), index, kind, run, document, given, surnames, birth, sex,
            trans ? "Mujer trans" : null,
            foreign ? Pick(rng, ForeignNationalities) : "Chilena",
            rng.NextDouble() < 0.09 ? PickWeighted(rng, ["Mapuche", "Aymara", "Diaguita", "Quechua", "Rapa Nui"], [80, 9, 5, 4, 2]) : null,
            foreign ? Pick(rng, MigrationStatuses) : null,
            rng.NextDouble() < 0.06 ? Pick(rng, Disabilities) : null,
            phone, email, address, comuna, registeredAt, registeredBy);

        var episodeCount = heavy ? 100 : 1 + Enumerable.Range(0, 8).Count(_ => rng.Next(2) == 0);
        var episodes = new List<GeneratedEpisode>(episodeCount);
        for (var e = 0; e < episodeCount; e++)
        {
            var linked = heavy || rng.NextDouble() < 0.9;
            var @case = heavy ? cases[e % cases.Count] : Pick(rng, cases);
            var at = @case.OpenedAt.AddHours(rng.Next(1, 72));
            if (at > CaseFileGenerator.AsOf) at = CaseFileGenerator.AsOf;
            var occurred = DateOnly.FromDateTime(at.UtcDateTime).AddDays(-rng.Next(1, 120));
            var types = ViolenceTypes.None;
            if (rng.NextDouble() < 0.9) types |= ViolenceTypes.Psychological;
            if (rng.NextDouble() < 0.55) types |= ViolenceTypes.Physical;
            if (rng.NextDouble() < 0.25) types |= ViolenceTypes.Economic;
            if (rng.NextDouble() < 0.12) types |= ViolenceTypes.Sexual;
            if (rng.NextDouble() < 0.08) types |= ViolenceTypes.Symbolic;
            if (rng.NextDouble() < 0.10) types |= ViolenceTypes.Digital;
            if (rng.NextDouble() < 0.02 || types == ViolenceTypes.None) types |= ViolenceTypes.Other;
            var centre = world.CentreByCode[@case.CentreCode];
            episodes.Add(new GeneratedEpisode(ids.Next(IdKind.Episode), linked ? @case.Id : null, @case.CentreCode, occurred,
                rng.NextDouble() < 0.6 ? new TimeOnly(rng.Next(0, 24), rng.Next(0, 4) * 15) : null,
                rng.NextDouble() < 0.85 ? Pick(rng, Places) : null,
                rng.NextDouble() < 0.8 ? comuna : Pick(rng, world.ComunasByRegion[centre.RegionCode]).Code,
                types,
                PickWeighted(rng, [AggressorRelation.Partner, AggressorRelation.ExPartner, AggressorRelation.Family,
                    AggressorRelation.Acquaintance, AggressorRelation.Stranger, AggressorRelation.Other], [45, 35, 12, 5, 2, 1]),
                rng.NextDouble() < 0.5 ? Pick(rng, Observations) : null,
                rng.NextDouble() < 0.9 ? RandomRisk(rng) : null,
                at, Pick(rng, centre.Actors)));
        }

        var consent = MakeConsent(first, heavy, rng, ids, given, surnames);
        var legal = new List<GeneratedLegalProcess>();
        var processCount = heavy ? 3 : rng.NextDouble() < 0.08 ? (rng.NextDouble() < 0.7 ? 1 : 2) : 0;
        for (var p = 0; p < processCount; p++) legal.Add(MakeLegalProcess(Pick(rng, cases), comuna, rng, ids));

        return new GeneratedCaseFile(survivor, cases, episodes, consent, legal);
    }

    private GenerationCentre SecondCentre(int index, GenerationCentre home, Random rng, bool heavy, int k)
    {
        var centres = world.CentresFor(index);
        if (heavy) return k % 3 == 0 ? centres[k % 2 == 0 ? 1 : 2] : centres[0];
        // Casa de acogida and centro de la mujer of the same region refer to each other.
        if (rng.NextDouble() < 0.5)
        {
            var sameRegion = centres.Where(c => c.RegionCode == home.RegionCode && c.Code != home.Code).ToList();
            if (sameRegion.Count > 0) return Pick(rng, sameRegion);
        }
        return world.PickCentre(index, rng);
    }

    private static GeneratedCase MakeCase(int index, int k, GenerationCentre centre, DateTimeOffset earliest, Random rng, IdSource ids)
    {
        var final = PickWeighted(rng, FinalStates.Select(s => s.State).ToArray(), FinalStates.Select(s => s.Weight).ToArray());
        var orientation = rng.NextDouble() < 0.65;
        var steps = new List<(CaseState State, int Days, string? Note)>();
        void Admitted()
        {
            if (orientation) steps.Add((CaseState.Orientation, 0, null));
            steps.Add((CaseState.Intake, orientation ? rng.Next(3, 30) : 0, null));
        }
        void Through(CaseState last)
        {
            Admitted();
            if (last == CaseState.Intake) return;
            steps.Add((CaseState.Intervention, rng.Next(7, 45), null));
            if (last == CaseState.Intervention) return;
            steps.Add((CaseState.Discharge, rng.Next(60, 300), rng.NextDouble() < 0.6 ? "Egreso con objetivos logrados" : null));
            if (last == CaseState.Discharge) return;
            steps.Add((CaseState.FollowUp, rng.Next(1, 30), null));
        }
        switch (final)
        {
            case CaseState.Orientation:
                steps.Add((CaseState.Orientation, 0, null));
                break;
            case CaseState.Dropout:
                Through(rng.NextDouble() < 0.6 ? CaseState.Intervention : CaseState.Intake);
                steps.Add((CaseState.Dropout, rng.Next(20, 200), Pick(rng, DropoutReasons)));
                break;
            case CaseState.Closed:
                var u = rng.NextDouble();
                if (u < 0.25)
                {
                    steps.Add((CaseState.Orientation, 0, null));
                    steps.Add((CaseState.Closed, rng.Next(1, 20), Pick(rng, ClosedWithoutIntake)));
                }
                else
                {
                    Through(u < 0.7 ? CaseState.Discharge : CaseState.FollowUp);
                    steps.Add((CaseState.Closed, rng.Next(60, 180), u < 0.7 ? null : "Seguimiento concluido"));
                }
                break;
            default:
                Through(final);
                break;
        }

        var span = TimeSpan.FromDays(steps.Sum(s => s.Days) + 1);
        var latestStart = CaseFileGenerator.AsOf - span;
        var open = final is CaseState.Dropout or CaseState.Closed ? 0 : 1;
        var window = open == 1 ? TimeSpan.FromDays(120) : latestStart - earliest;
        var start = latestStart - TimeSpan.FromHours(rng.NextDouble() * Math.Max(0, window.TotalHours));
        if (start < earliest) start = latestStart < earliest ? latestStart : earliest;
        start = new DateTimeOffset(start.Year, start.Month, start.Day, rng.Next(12, 21), rng.Next(0, 60), 0, TimeSpan.Zero);

        var milestones = new List<GeneratedMilestone>(steps.Count);
        var at = start;
        foreach (var (state, days, note) in steps)
        {
            at = at.AddDays(days).AddMinutes(days == 0 ? 0 : rng.Next(-120, 120));
            milestones.Add(new GeneratedMilestone(ids.Next(IdKind.Milestone), state, at, Pick(rng, centre.Actors), note));
        }

        var risks = new List<GeneratedRiskEstimate>();
        var intake = milestones.FirstOrDefault(m => m.State == CaseState.Intake);
        if (intake is not null)
        {
            var level = RandomRisk(rng);
            risks.Add(new GeneratedRiskEstimate(ids.Next(IdKind.Risk), level, intake.At.AddMinutes(30), intake.By));
            var intervention = milestones.FirstOrDefault(m => m.State == CaseState.Intervention);
            if (intervention is not null && rng.NextDouble() < 0.4)
            {
                var next = (RiskLevel)Math.Clamp((int)level + rng.Next(-1, 2), 1, 4);
                risks.Add(new GeneratedRiskEstimate(ids.Next(IdKind.Risk), next, intervention.At.AddMinutes(30), intervention.By));
            }
        }

        var programme = centre.Kind == "Casa de Acogida" ? "CDA" : "CDM";
        return new GeneratedCase(ids.Next(IdKind.Case), $"C-{start.Year}-G{index:D7}-{k + 1:D2}", "APR", programme,
            centre.Code, centre.ExecutingEntityCode, milestones, risks);
    }

    private static GeneratedConsent? MakeConsent(GeneratedCase first, bool heavy, Random rng, IdSource ids, string given, string surnames)
    {
        var u = heavy ? 0 : rng.NextDouble();
        if (u >= 0.85) return null;
        var at = first.OpenedAt.AddMinutes(40);
        var by = first.OpenedBy;
        var representative = !heavy && rng.NextDouble() < 0.02;
        var (giver, repName, repRelation) = representative
            ? (ConsentGiver.Representative, $"{Pick(rng, FictitiousNames.GivenNames)} {surnames.Split(' ')[0]}", "madre")
            : (ConsentGiver.Survivor, (string?)null, (string?)null);
        if (u >= 0.70)
            return new GeneratedConsent(ids.Next(IdKind.Consent), false, giver, repName, repRelation, null, ConsentDeclarations.None,
                null, null, ConsentScope.None, ConsentScope.None, null, at, by, []);

        var form = PickWeighted(rng, [ConsentForm.SimpleElectronicSignature, ConsentForm.ClaveUnica, ConsentForm.ScannedPaper], [55, 15, 30]);
        var complete = heavy || rng.NextDouble() < 0.85;
        var missingProof = !complete && rng.NextDouble() < 0.6;
        var declarations = ConsentDeclarations.All;
        if (!complete && !missingProof) declarations = declarations with { ArcopiRights = false, TruthfulData = rng.NextDouble() < 0.5 };
        string? evidence = null;
        Guid? copy = null;
        if (!missingProof)
        {
            if (form == ConsentForm.ScannedPaper) copy = ids.Next(IdKind.Attachment);
            else evidence = $"sha256:{rng.NextInt64():x16}{rng.NextInt64():x16}";
        }
        var granted = ConsentScope.None;
        if (heavy || rng.NextDouble() < 0.6) granted |= ConsentScope.ShareWithSernamEgCentres;
        if (rng.NextDouble() < 0.35) granted |= ConsentScope.ShareWithInstitutions;
        if (heavy || rng.NextDouble() < 0.75) granted |= ConsentScope.Statistics;
        var revoked = ConsentScope.None;
        DateTimeOffset? revokedAt = null;
        if (!heavy && granted != ConsentScope.None && rng.NextDouble() < 0.05)
        {
            revoked = Singles(granted)[rng.Next(Singles(granted).Count)];
            revokedAt = at.AddDays(rng.Next(10, 200));
            if (revokedAt > CaseFileGenerator.AsOf) revokedAt = CaseFileGenerator.AsOf;
        }
        var changes = Enumerable.Range(0, Singles(granted).Count + Singles(revoked).Count).Select(_ => ids.Next(IdKind.ScopeChange)).ToArray();
        return new GeneratedConsent(ids.Next(IdKind.Consent), true, giver, repName, repRelation, form, declarations, evidence, copy,
            granted, revoked, revokedAt, at, by, changes);
    }

    private GeneratedLegalProcess MakeLegalProcess(GeneratedCase @case, string comuna, Random rng, IdSource ids)
    {
        var type = PickWeighted(rng, [LegalProcessType.FamilyViolence, LegalProcessType.Criminal, LegalProcessType.Alimony,
            LegalProcessType.Custody, LegalProcessType.ChildProtection], [45, 35, 8, 6, 6]);
        var place = world.ComunaByCode[comuna].Name;
        var filed = DateOnly.FromDateTime(@case.OpenedAt.UtcDateTime).AddDays(rng.Next(0, 20));
        var asOf = DateOnly.FromDateTime(CaseFileGenerator.AsOf.UtcDateTime).AddDays(-2);
        if (filed > asOf) filed = asOf;
        var registered = new DateTimeOffset(filed.AddDays(1).ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
        if (registered > CaseFileGenerator.AsOf) registered = CaseFileGenerator.AsOf;
        var criminal = type == LegalProcessType.Criminal;
        var court = criminal ? $"Juzgado de Garantía de {place}" : $"Juzgado de Familia de {place}";
        var year = filed.Year;
        string? rit = rng.NextDouble() < 0.9
            ? criminal ? $"{rng.Next(1, 9000)}-{year}" : $"{(type == LegalProcessType.FamilyViolence ? "F" : "C")}-{rng.Next(1, 9000)}-{year}"
            : null;
        string? ruc = null;
        if (criminal)
        {
            var body = $"{year % 100:D2}{rng.Next(0, 100_000_000):D8}";
            ruc = $"{body}-{Ruc.ComputeCheckDigit(body)}";
        }
        var by = @case.OpenedBy;
        var status = criminal
            ? PickWeighted(rng, [LegalProcessStatus.InProgress, LegalProcessStatus.Resolved, LegalProcessStatus.Archived], [50, 30, 20])
            : PickWeighted(rng, [LegalProcessStatus.InProgress, LegalProcessStatus.Resolved], [60, 40]);
        var end = filed.AddDays(rng.Next(30, 300));
        if (end > asOf) end = asOf;

        var measures = new List<GeneratedMeasure>();
        if (type is LegalProcessType.FamilyViolence or LegalProcessType.Criminal && rng.NextDouble() < 0.6)
        {
            var count = rng.NextDouble() < 0.7 ? 1 : 2;
            for (var m = 0; m < count; m++)
            {
                var kind = PickWeighted(rng, [ProtectiveMeasureKind.RestrainingOrder, ProtectiveMeasureKind.LeaveCommonHome,
                    ProtectiveMeasureKind.PoliceProtection, ProtectiveMeasureKind.ProvisionalAlimony, ProtectiveMeasureKind.WeaponsBan],
                    [50, 20, 15, 10, 5]);
                var from = filed.AddDays(rng.Next(0, 5));
                if (from > asOf) from = asOf;
                DateOnly? until = rng.NextDouble() < 0.9 ? from.AddDays(rng.Next(90, 181)) : null;
                DateOnly? lifted = rng.NextDouble() < 0.1 ? from.AddDays(rng.Next(10, 60)) : null;
                if (lifted > asOf) lifted = null;
                measures.Add(new GeneratedMeasure(ids.Next(IdKind.Measure), kind, null, court, from, until, lifted, registered, by));
            }
        }
        return new GeneratedLegalProcess(ids.Next(IdKind.LegalProcess), @case.Id, type,
            criminal ? LegalSubject.Aggressor : type is LegalProcessType.Custody or LegalProcessType.ChildProtection ? LegalSubject.Child : LegalSubject.Survivor,
            court, rit, ruc, status, filed,
            status == LegalProcessStatus.Resolved ? end : null,
            status == LegalProcessStatus.Resolved ? (criminal ? "Sentencia condenatoria" : "Acuerdo aprobado por el tribunal") : null,
            status == LegalProcessStatus.Archived ? end : null,
            status == LegalProcessStatus.Archived ? "Archivo provisional" : null,
            registered, by, measures);
    }

    internal static IReadOnlyList<ConsentScope> Singles(ConsentScope scopes) =>
        Enum.GetValues<ConsentScope>().Where(s => s != ConsentScope.None && scopes.HasFlag(s)).ToList();

    private static RiskLevel RandomRisk(Random rng) =>
        PickWeighted(rng, [RiskLevel.Low, RiskLevel.Medium, RiskLevel.High, RiskLevel.Vital], [30, 38, 24, 8]);

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static T PickWeighted<T>(Random rng, T[] items, double[] weights)
    {
        var u = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < items.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return items[i];
        }
        return items[^1];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Ascii(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
            if (char.IsAsciiLetter(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static int Mix(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }
}

internal enum IdKind : byte { Survivor = 1, Case, Milestone, Risk, Episode, Consent, ScopeChange, Attachment, LegalProcess, Measure }

/// <summary>
/// Ids that grow with the survivor's index (first four bytes), so that primary-key and foreign-key indexes are filled
/// in order during a bulk load; the rest is random, with the version-4 and variant bits of an ordinary UUID.
/// </summary>
internal sealed class IdSource(int index, Random rng)
{
    private readonly ushort[] _ordinals = new ushort[16];

    public Guid Next(IdKind kind)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        var prefix = 0x1000_0000u + (uint)index;
        b[0] = (byte)(prefix >> 24);
        b[1] = (byte)(prefix >> 16);
        b[2] = (byte)(prefix >> 8);
        b[3] = (byte)prefix;
        var n = _ordinals[(int)kind]++;
        b[4] = (byte)(n >> 8);
        b[5] = (byte)n;
        b[6] = (byte)(0x40 | (byte)kind);
        b[8] = (byte)(0x80 | (b[8] & 0x3f));
        return new Guid(b, bigEndian: true);
    }
}
