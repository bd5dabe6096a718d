namespace SIIVbG.Domain.Episodes;

/// <summary>Violence types of an episode; one episode usually has several.</summary>
[Flags]
public enum ViolenceTypes
{
    None = 0,
    Physical = 1,
    Psychological = 2,
    Sexual = 4,
    /// <summary>Económica / patrimonial.</summary>
    Economic = 8,
    Symbolic = 16,
    Digital = 32,
    Other = 64,
}

/// <summary>Relation of the (alleged) aggressor to her.</summary>
public enum AggressorRelation { Partner = 1, ExPartner = 2, Family = 3, Acquaintance = 4, Stranger = 5, Other = 6 }
