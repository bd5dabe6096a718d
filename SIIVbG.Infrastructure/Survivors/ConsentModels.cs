using SIIVbG.Domain.Consents;

namespace SIIVbG.Infrastructure.Survivors;

/// <summary>
/// The form of the consent tab. <see cref="Version"/> is the version of the consent the caseworker was looking at
/// (null when she had none): if someone recorded or changed one meanwhile, nothing is saved.
/// </summary>
/// <param name="Evidence">Only for <see cref="ConsentForm.ClaveUnica"/>: the reference of her ClaveÚnica authentication.
/// A simple electronic signature gets its evidence from the server; a paper consent has its scanned copy instead.</param>
public sealed record RecordConsent(
    bool Obtained,
    ConsentGiver GivenBy,
    string? RepresentativeName,
    string? RepresentativeRelation,
    ConsentForm? Form,
    ConsentDeclarations Declarations,
    string? Evidence,
    Guid? ScannedCopyId,
    ConsentScope Scopes,
    uint? Version);

/// <summary>What the consent tab shows: her latest consent, the earlier ones (never rewritten), and whether she may change it.</summary>
public sealed record ConsentView(ConsentDetail? Current, IReadOnlyList<ConsentDetail> Earlier, bool CanEdit);

public sealed record ConsentDetail(
    Guid Id,
    bool Obtained,
    ConsentGiver GivenBy,
    string? RepresentativeName,
    string? RepresentativeRelation,
    ConsentForm? Form,
    string? SignatureEvidence,
    Guid? ScannedCopyId,
    ConsentDeclarations Declarations,
    ConsentScope Scopes,
    IReadOnlyList<ConsentScopeEntry> ScopeHistory,
    IReadOnlyList<Guid> RelatedPersonsWithoutConsent,
    IReadOnlyList<ConsentElement> Missing,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    uint Version)
{
    public bool IsComplete => Missing.Count == 0;
    public bool HasEvidence => SignatureEvidence is not null || ScannedCopyId is not null;
}

/// <summary>One grant or revocation of a scope, with the name of who made it.</summary>
public sealed record ConsentScopeEntry(ConsentScope Scope, bool Granted, DateTimeOffset At, string By, string? Reason);

public enum ConsentGap
{
    /// <summary>No consent on record.</summary>
    None,
    Refused,
    Incomplete,
}

/// <summary>A row of the "consentimiento inexistente o incompleto" report.</summary>
public sealed record MissingConsentRow(Guid SurvivorId, string FullName, string? Run, ConsentGap Gap, IReadOnlyList<ConsentElement> Missing);

/// <summary>The five declaration items (seed §II.7 a–e) as the elements that name them, in the order of the form.</summary>
public static class ConsentDeclarationItems
{
    public static readonly IReadOnlyList<ConsentElement> All =
    [
        ConsentElement.PurposeAndRecipients, ConsentElement.ConsequencesOfRefusal, ConsentElement.ArcopiRights,
        ConsentElement.Confidentiality, ConsentElement.TruthfulData,
    ];

    public static bool IsAffirmed(ConsentDeclarations d, ConsentElement item) => item switch
    {
        ConsentElement.PurposeAndRecipients => d.PurposeAndRecipients,
        ConsentElement.ConsequencesOfRefusal => d.ConsequencesOfRefusal,
        ConsentElement.ArcopiRights => d.ArcopiRights,
        ConsentElement.Confidentiality => d.Confidentiality,
        ConsentElement.TruthfulData => d.TruthfulData,
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "Not a declaration item."),
    };

    public static ConsentDeclarations With(ConsentDeclarations d, ConsentElement item, bool affirmed) => item switch
    {
        ConsentElement.PurposeAndRecipients => d with { PurposeAndRecipients = affirmed },
        ConsentElement.ConsequencesOfRefusal => d with { ConsequencesOfRefusal = affirmed },
        ConsentElement.ArcopiRights => d with { ArcopiRights = affirmed },
        ConsentElement.Confidentiality => d with { Confidentiality = affirmed },
        ConsentElement.TruthfulData => d with { TruthfulData = affirmed },
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "Not a declaration item."),
    };
}
