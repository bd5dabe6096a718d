namespace SIIVbG.Domain.Access.Survivors;

/// <summary>The tabs of a survivor's record in the case panel (seed §II.1 "Historial de Sobreviviente").</summary>
public enum SurvivorTab
{
    /// <summary>Personal data of the single registry record (one per woman, not held by any one centre).</summary>
    Identification = 1,
    /// <summary>The expediente header of the registry record; case narratives belong to the holding centre's tabs.</summary>
    Summary = 2,
    /// <summary>Historial de Casos: the trajectory summary, one row per case, each row held by its centre.</summary>
    CaseHistory = 3,
    Episodes = 4,
    Legal = 5,
    Attachments = 6,
    InterventionPlan = 7,
    /// <summary>Her informed consent; one per survivor, attached to the registry record.</summary>
    Consent = 8,
    /// <summary>NNA in her care and alleged aggressors: specially protected.</summary>
    RelatedPersons = 9,
}

/// <summary>Who holds a tab's data, which decides whose team reads and changes it.</summary>
public enum SurvivorDataHolding
{
    /// <summary>Part of her single registry record: every centre where she has a case works with it.</summary>
    Registry = 1,
    /// <summary>Recorded by one centre for its case: that centre's team only, others through a grant.</summary>
    Centre = 2,
}
