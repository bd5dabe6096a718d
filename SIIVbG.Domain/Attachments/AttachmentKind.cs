namespace SIIVbG.Domain.Attachments;

/// <summary>What a file is for in her record; stored as its number, so values never change meaning.</summary>
public enum AttachmentKind
{
    /// <summary>A scanned paper consent (consent form "papel escaneado").</summary>
    ConsentScan = 1,
    /// <summary>Court resolutions, complaints, protective-measure orders.</summary>
    LegalAnnex = 2,
    /// <summary>The signed PDF of her individual intervention plan (PII).</summary>
    InterventionPlan = 3,
    Other = 4,
}
