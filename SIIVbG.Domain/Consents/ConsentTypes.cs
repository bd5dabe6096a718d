namespace SIIVbG.Domain.Consents;

public enum ConsentGiver
{
    /// <summary>The survivor herself.</summary>
    Survivor = 1,
    /// <summary>Legal representative or guardian (she is a minor or cannot consent; seed note 18).</summary>
    Representative = 2,
}

public enum ConsentForm
{
    /// <summary>Firma electrónica simple: authorisation button pressed, alone or with the caseworker.</summary>
    SimpleElectronicSignature = 1,
    /// <summary>Signed online after authenticating with ClaveÚnica.</summary>
    ClaveUnica = 2,
    /// <summary>Signed on paper; the scanned copy must be attached.</summary>
    ScannedPaper = 3,
}

/// <summary>What sharing she authorised. Drives what leaves the centre.</summary>
[Flags]
public enum ConsentScope
{
    None = 0,
    /// <summary>Share with other SernamEG centres (internal referral, case history).</summary>
    ShareWithSernamEgCentres = 1,
    /// <summary>Share with institutions of the Ruta Crítica (external referral and follow-up).</summary>
    ShareWithInstitutions = 2,
    /// <summary>Anonymised, aggregated use for statistics.</summary>
    Statistics = 4,
}

/// <summary>The express declaration items (seed §II.7 a–e); each must be explicitly affirmed.</summary>
public sealed record ConsentDeclarations(
    bool PurposeAndRecipients,
    bool ConsequencesOfRefusal,
    bool ArcopiRights,
    bool Confidentiality,
    bool TruthfulData)
{
    public static readonly ConsentDeclarations All = new(true, true, true, true, true);
    public static readonly ConsentDeclarations None = new(false, false, false, false, false);
}

/// <summary>An element a complete consent needs — the lines of the "consentimiento inexistente o incompleto" report.</summary>
public enum ConsentElement
{
    Obtained = 1,
    Form = 2,
    SignatureEvidence = 3,
    ScannedCopy = 4,
    PurposeAndRecipients = 5,
    ConsequencesOfRefusal = 6,
    ArcopiRights = 7,
    Confidentiality = 8,
    TruthfulData = 9,
}

/// <summary>One grant or revocation of a scope, kept forever.</summary>
public sealed class ConsentScopeChange
{
    public Guid Id { get; private set; }
    public ConsentScope Scope { get; private set; }
    public bool Granted { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid By { get; private set; }
    public string? Reason { get; private set; }

    private ConsentScopeChange() { }

    internal ConsentScopeChange(ConsentScope scope, bool granted, DateTimeOffset at, Guid by, string? reason)
    {
        Id = Guid.NewGuid();
        Scope = scope;
        Granted = granted;
        At = at;
        By = by;
        Reason = reason;
    }
}
