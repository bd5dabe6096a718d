using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Consents;

/// <summary>
/// Informed consent of one survivor to the treatment of her data (seed §II.7). A refusal is recorded too
/// (<see cref="Obtained"/> false). If she later changes her mind a new consent is recorded: the document
/// she signed is not rewritten. An incomplete consent can be recorded (paper not yet scanned…) and is listed by
/// <see cref="MissingElements"/>; it does not allow sharing until complete.
/// </summary>
public sealed class Consent
{
    public const int MaxTextLength = 200;
    public const int MaxEvidenceLength = 500;
    public const int MaxReasonLength = 1000;
    private const ConsentScope AllScopes =
        ConsentScope.ShareWithSernamEgCentres | ConsentScope.ShareWithInstitutions | ConsentScope.Statistics;

    public Guid Id { get; private set; }
    public Guid SurvivorId { get; private set; }
    public bool Obtained { get; private set; }
    public ConsentGiver GivenBy { get; private set; }
    public string? RepresentativeName { get; private set; }
    /// <summary>Relation of the representative to her (madre, tutora, curador…).</summary>
    public string? RepresentativeRelation { get; private set; }
    /// <summary>How it was obtained; null only for a refusal.</summary>
    public ConsentForm? Form { get; private set; }
    /// <summary>Scanned paper copy (Attachment id); required for <see cref="ConsentForm.ScannedPaper"/>.</summary>
    public Guid? ScannedCopyId { get; private set; }
    /// <summary>Proof of signature: hash of the button press record or of the ClaveÚnica assertion.</summary>
    public string? SignatureEvidence { get; private set; }
    public bool PurposeAndRecipients { get; private set; }
    public bool ConsequencesOfRefusal { get; private set; }
    public bool ArcopiRights { get; private set; }
    public bool Confidentiality { get; private set; }
    public bool TruthfulData { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedBy { get; private set; }
    public ConsentScope Scopes { get; private set; }

    private readonly List<Guid> _relatedPersonsWithoutConsent = [];
    /// <summary>Related persons (children, relatives) whose data is held without their own consent.</summary>
    public IReadOnlyList<Guid> RelatedPersonsWithoutConsent => _relatedPersonsWithoutConsent;

    private readonly List<ConsentScopeChange> _scopeHistory = [];
    public IReadOnlyList<ConsentScopeChange> ScopeHistory => _scopeHistory;

    private Consent() { }

    public ConsentDeclarations Declarations =>
        new(PurposeAndRecipients, ConsequencesOfRefusal, ArcopiRights, Confidentiality, TruthfulData);

    /// <summary>Records a consent she (or her representative) gave. Evidence or the scanned copy may follow later.</summary>
    public static Consent RecordObtained(Guid survivorId, ConsentGiver givenBy, string? representativeName,
        string? representativeRelation, ConsentForm form, ConsentDeclarations declarations, string? signatureEvidence,
        Guid? scannedCopyId, DateTimeOffset at, Guid by)
    {
        if (!Enum.IsDefined(form)) throw new DomainException("Indique la forma en que se obtuvo el consentimiento.");
        var c = Create(survivorId, givenBy, representativeName, representativeRelation, at, by);
        c.Obtained = true;
        c.Form = form;
        c.RecordDeclarations(declarations);
        c.SignatureEvidence = Text(signatureEvidence, MaxEvidenceLength, "La evidencia de firma es demasiado larga.");
        if (scannedCopyId is { } copy) c.AttachScannedCopy(copy);
        return c;
    }

    /// <summary>Records that she (or her representative) did not consent.</summary>
    public static Consent RecordRefused(Guid survivorId, ConsentGiver givenBy, string? representativeName,
        string? representativeRelation, DateTimeOffset at, Guid by) =>
        Create(survivorId, givenBy, representativeName, representativeRelation, at, by);

    private static Consent Create(Guid survivorId, ConsentGiver givenBy, string? representativeName,
        string? representativeRelation, DateTimeOffset at, Guid by)
    {
        if (survivorId == Guid.Empty) throw new DomainException("El consentimiento debe indicar la sobreviviente.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que registra el consentimiento.");
        if (!Enum.IsDefined(givenBy)) throw new DomainException("Indique quién otorga el consentimiento.");
        var name = Text(representativeName, MaxTextLength, $"El nombre del representante no puede superar {MaxTextLength} caracteres.");
        var relation = Text(representativeRelation, MaxTextLength, $"La relación del representante no puede superar {MaxTextLength} caracteres.");
        if (givenBy == ConsentGiver.Representative && (name is null || relation is null))
            throw new DomainException("Indique el nombre del representante y su relación con la sobreviviente.");
        if (givenBy == ConsentGiver.Survivor && (name is not null || relation is not null))
            throw new DomainException("Si la sobreviviente otorga el consentimiento, no se registra representante.");
        return new Consent
        {
            Id = Guid.NewGuid(),
            SurvivorId = survivorId,
            GivenBy = givenBy,
            RepresentativeName = name,
            RepresentativeRelation = relation,
            RecordedAt = at,
            RecordedBy = by,
        };
    }

    /// <summary>Completes the declaration items; an item once affirmed stays affirmed (she was informed).</summary>
    public void RecordDeclarations(ConsentDeclarations declarations)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        RequireObtained();
        PurposeAndRecipients |= declarations.PurposeAndRecipients;
        ConsequencesOfRefusal |= declarations.ConsequencesOfRefusal;
        ArcopiRights |= declarations.ArcopiRights;
        Confidentiality |= declarations.Confidentiality;
        TruthfulData |= declarations.TruthfulData;
    }

    public void RecordSignatureEvidence(string evidence)
    {
        RequireObtained();
        SignatureEvidence = Text(evidence, MaxEvidenceLength, "La evidencia de firma es demasiado larga.")
            ?? throw new DomainException("Ingrese la evidencia de firma.");
    }

    /// <summary>Attaches the scanned paper copy. Only a paper consent has one.</summary>
    public void AttachScannedCopy(Guid attachmentId)
    {
        RequireObtained();
        if (Form != ConsentForm.ScannedPaper)
            throw new DomainException("Solo un consentimiento firmado en papel lleva copia digitalizada.");
        if (attachmentId == Guid.Empty) throw new DomainException("Indique el documento adjunto.");
        ScannedCopyId = attachmentId;
    }

    public void AddRelatedPersonWithoutConsent(Guid relatedPersonId)
    {
        if (relatedPersonId == Guid.Empty) throw new DomainException("Indique la persona relacionada.");
        if (!_relatedPersonsWithoutConsent.Contains(relatedPersonId)) _relatedPersonsWithoutConsent.Add(relatedPersonId);
    }

    public void RemoveRelatedPersonWithoutConsent(Guid relatedPersonId) => _relatedPersonsWithoutConsent.Remove(relatedPersonId);

    /// <summary>Grants each scope in <paramref name="scope"/> not already granted; one history entry per scope granted.</summary>
    public void GrantScope(ConsentScope scope, DateTimeOffset at, Guid by)
    {
        ValidateScope(scope, by);
        if (!Obtained) throw new DomainException("No es posible autorizar el uso de datos sin consentimiento obtenido.");
        foreach (var single in Singles(scope & ~Scopes))
        {
            Scopes |= single;
            _scopeHistory.Add(new ConsentScopeChange(single, true, at, by, null));
        }
    }

    /// <summary>Revokes each scope in <paramref name="scope"/> that is granted; revoking what is not granted does nothing.</summary>
    public void RevokeScope(ConsentScope scope, DateTimeOffset at, Guid by, string reason)
    {
        ValidateScope(scope, by);
        var toRevoke = scope & Scopes;
        if (toRevoke == ConsentScope.None) return;
        var why = Text(reason, MaxReasonLength, $"El motivo no puede superar {MaxReasonLength} caracteres.")
            ?? throw new DomainException("Indique el motivo de la revocación.");
        foreach (var single in Singles(toRevoke))
        {
            Scopes &= ~single;
            _scopeHistory.Add(new ConsentScopeChange(single, false, at, by, why));
        }
    }

    /// <summary>Whether every flag in <paramref name="scope"/> may be used now: the consent is complete and each is granted.</summary>
    public bool Allows(ConsentScope scope) => scope != ConsentScope.None && IsComplete && (Scopes & scope) == scope;

    public bool IsComplete => MissingElements().Count == 0;

    /// <summary>What a complete consent still lacks, in a stable order. A refusal lacks at least <see cref="ConsentElement.Obtained"/>.</summary>
    public IReadOnlyList<ConsentElement> MissingElements()
    {
        var missing = new List<ConsentElement>();
        if (!Obtained) missing.Add(ConsentElement.Obtained);
        switch (Form)
        {
            case null: missing.Add(ConsentElement.Form); break;
            case ConsentForm.ScannedPaper:
                if (ScannedCopyId is null) missing.Add(ConsentElement.ScannedCopy);
                break;
            default:
                if (SignatureEvidence is null) missing.Add(ConsentElement.SignatureEvidence);
                break;
        }
        if (!PurposeAndRecipients) missing.Add(ConsentElement.PurposeAndRecipients);
        if (!ConsequencesOfRefusal) missing.Add(ConsentElement.ConsequencesOfRefusal);
        if (!ArcopiRights) missing.Add(ConsentElement.ArcopiRights);
        if (!Confidentiality) missing.Add(ConsentElement.Confidentiality);
        if (!TruthfulData) missing.Add(ConsentElement.TruthfulData);
        return missing;
    }

    private void RequireObtained()
    {
        if (!Obtained) throw new DomainException("El consentimiento no fue otorgado; registre uno nuevo si ahora lo otorga.");
    }

    private static void ValidateScope(ConsentScope scope, Guid by)
    {
        if (scope == ConsentScope.None || (scope & ~AllScopes) != 0)
            throw new DomainException("Indique un alcance de consentimiento válido.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que registra el cambio.");
    }

    private static IEnumerable<ConsentScope> Singles(ConsentScope scopes) =>
        Enum.GetValues<ConsentScope>().Where(s => s != ConsentScope.None && scopes.HasFlag(s));

    private static string? Text(string? value, int max, string tooLong)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length > max) throw new DomainException(tooLong);
        return v;
    }
}
