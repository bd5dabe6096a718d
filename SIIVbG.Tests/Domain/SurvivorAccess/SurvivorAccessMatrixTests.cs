using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using static SIIVbG.Tests.Domain.SurvivorAccess.SurvivorAccessWorld;

namespace SIIVbG.Tests.Domain.SurvivorAccess;

public enum Decision
{
    /// <summary>She appears in the operator's name search.</summary>
    Find,
    /// <summary>The own centre's case row is in <see cref="SurvivorAccessPolicy.VisibleTrajectoryCentres"/>.</summary>
    TrajOwn,
    /// <summary>The other centre's case row is in <see cref="SurvivorAccessPolicy.VisibleTrajectoryCentres"/>.</summary>
    TrajOther,
    /// <summary>Read the episodes held by the own centre.</summary>
    DetailOwn,
    /// <summary>Read the episodes held by the other centre.</summary>
    DetailOther,
    /// <summary>Change the episodes held by the own centre.</summary>
    EditOwn,
    /// <summary>Change the episodes held by the other centre.</summary>
    EditOther,
}

/// <summary>
/// The survivor access matrix, cell by cell: level × relation × consent × grant × decision. Expected values are written
/// out from the issue text and DESIGN §4 (A = allowed, D = denied), never derived from the policy: a change of rule is
/// a change of this table. "Own" is the centre of the N5/N6 operator (N1/N3 hold its region, N4 its executing entity);
/// "other" is a centre in another region. Grants other than NotCovering name CaseHistory and Episodes.
/// </summary>
[Trait("Area", "Access")]
public class SurvivorAccessMatrixTests
{
    private static readonly string[] Matrix =
    [
      // level relation   consent  grant          Find        TrajOwn     TrajOther   DetailOwn   DetailOther EditOwn     EditOther
        // N1
        "N1    OwnOpen    Shares   None           D           D           D           D           D           D           D",
        "N1    OwnOpen    Shares   Covering       A           A           A           A           A           D           D",
        "N1    OwnOpen    Shares   NotCovering    A           D           D           D           D           D           D",
        "N1    OwnOpen    Shares   Expired        D           D           D           D           D           D           D",
        "N1    OwnOpen    Shares   Revoked        D           D           D           D           D           D           D",
        "N1    OwnOpen    Shares   NotYetValid    D           D           D           D           D           D           D",
        "N1    OwnOpen    Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N1    OwnOpen    Shares   OtherOperator  D           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  None           D           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  Covering       A           A           A           A           A           D           D",
        "N1    OwnOpen    NoShare  NotCovering    A           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  Expired        D           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  Revoked        D           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N1    OwnOpen    NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   None           D           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   Covering       A           A           A           A           A           D           D",
        "N1    OwnClosed  Shares   NotCovering    A           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   Expired        D           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   Revoked        D           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N1    OwnClosed  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  None           D           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  Covering       A           A           A           A           A           D           D",
        "N1    OwnClosed  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  Expired        D           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  Revoked        D           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N1    OwnClosed  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   None           D           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   Covering       A           D           A           A           A           D           D",
        "N1    OtherOnly  Shares   NotCovering    A           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   Expired        D           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   Revoked        D           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N1    OtherOnly  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  None           D           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  Covering       A           D           A           A           A           D           D",
        "N1    OtherOnly  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  Expired        D           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  Revoked        D           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N1    OtherOnly  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N1    NoCase     Shares   None           D           D           D           D           D           D           D",
        "N1    NoCase     Shares   Covering       A           D           D           A           A           D           D",
        "N1    NoCase     Shares   NotCovering    A           D           D           D           D           D           D",
        "N1    NoCase     Shares   Expired        D           D           D           D           D           D           D",
        "N1    NoCase     Shares   Revoked        D           D           D           D           D           D           D",
        "N1    NoCase     Shares   NotYetValid    D           D           D           D           D           D           D",
        "N1    NoCase     Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N1    NoCase     Shares   OtherOperator  D           D           D           D           D           D           D",
        "N1    NoCase     NoShare  None           D           D           D           D           D           D           D",
        "N1    NoCase     NoShare  Covering       A           D           D           A           A           D           D",
        "N1    NoCase     NoShare  NotCovering    A           D           D           D           D           D           D",
        "N1    NoCase     NoShare  Expired        D           D           D           D           D           D           D",
        "N1    NoCase     NoShare  Revoked        D           D           D           D           D           D           D",
        "N1    NoCase     NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N1    NoCase     NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N1    NoCase     NoShare  OtherOperator  D           D           D           D           D           D           D",
        // N2
        "N2    OwnOpen    Shares   None           D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   Covering       D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   NotCovering    D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   Expired        D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   Revoked        D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   NotYetValid    D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N2    OwnOpen    Shares   OtherOperator  D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  None           D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  Covering       D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  NotCovering    D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  Expired        D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  Revoked        D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N2    OwnOpen    NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   None           D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   Covering       D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   NotCovering    D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   Expired        D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   Revoked        D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N2    OwnClosed  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  None           D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  Covering       D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  NotCovering    D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  Expired        D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  Revoked        D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N2    OwnClosed  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   None           D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   Covering       D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   NotCovering    D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   Expired        D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   Revoked        D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N2    OtherOnly  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  None           D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  Covering       D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  NotCovering    D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  Expired        D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  Revoked        D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N2    OtherOnly  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N2    NoCase     Shares   None           D           D           D           D           D           D           D",
        "N2    NoCase     Shares   Covering       D           D           D           D           D           D           D",
        "N2    NoCase     Shares   NotCovering    D           D           D           D           D           D           D",
        "N2    NoCase     Shares   Expired        D           D           D           D           D           D           D",
        "N2    NoCase     Shares   Revoked        D           D           D           D           D           D           D",
        "N2    NoCase     Shares   NotYetValid    D           D           D           D           D           D           D",
        "N2    NoCase     Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N2    NoCase     Shares   OtherOperator  D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  None           D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  Covering       D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  NotCovering    D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  Expired        D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  Revoked        D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N2    NoCase     NoShare  OtherOperator  D           D           D           D           D           D           D",
        // N3
        "N3    OwnOpen    Shares   None           D           D           D           D           D           D           D",
        "N3    OwnOpen    Shares   Covering       A           A           A           A           A           D           D",
        "N3    OwnOpen    Shares   NotCovering    A           D           D           D           D           D           D",
        "N3    OwnOpen    Shares   Expired        D           D           D           D           D           D           D",
        "N3    OwnOpen    Shares   Revoked        D           D           D           D           D           D           D",
        "N3    OwnOpen    Shares   NotYetValid    D           D           D           D           D           D           D",
        "N3    OwnOpen    Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N3    OwnOpen    Shares   OtherOperator  D           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  None           D           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  Covering       A           A           A           A           A           D           D",
        "N3    OwnOpen    NoShare  NotCovering    A           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  Expired        D           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  Revoked        D           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N3    OwnOpen    NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   None           D           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   Covering       A           A           A           A           A           D           D",
        "N3    OwnClosed  Shares   NotCovering    A           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   Expired        D           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   Revoked        D           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N3    OwnClosed  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  None           D           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  Covering       A           A           A           A           A           D           D",
        "N3    OwnClosed  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  Expired        D           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  Revoked        D           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N3    OwnClosed  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   None           D           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   Covering       A           D           A           A           A           D           D",
        "N3    OtherOnly  Shares   NotCovering    A           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   Expired        D           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   Revoked        D           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N3    OtherOnly  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  None           D           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  Covering       A           D           A           A           A           D           D",
        "N3    OtherOnly  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  Expired        D           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  Revoked        D           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N3    OtherOnly  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N3    NoCase     Shares   None           D           D           D           D           D           D           D",
        "N3    NoCase     Shares   Covering       A           D           D           A           A           D           D",
        "N3    NoCase     Shares   NotCovering    A           D           D           D           D           D           D",
        "N3    NoCase     Shares   Expired        D           D           D           D           D           D           D",
        "N3    NoCase     Shares   Revoked        D           D           D           D           D           D           D",
        "N3    NoCase     Shares   NotYetValid    D           D           D           D           D           D           D",
        "N3    NoCase     Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N3    NoCase     Shares   OtherOperator  D           D           D           D           D           D           D",
        "N3    NoCase     NoShare  None           D           D           D           D           D           D           D",
        "N3    NoCase     NoShare  Covering       A           D           D           A           A           D           D",
        "N3    NoCase     NoShare  NotCovering    A           D           D           D           D           D           D",
        "N3    NoCase     NoShare  Expired        D           D           D           D           D           D           D",
        "N3    NoCase     NoShare  Revoked        D           D           D           D           D           D           D",
        "N3    NoCase     NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N3    NoCase     NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N3    NoCase     NoShare  OtherOperator  D           D           D           D           D           D           D",
        // N4
        "N4    OwnOpen    Shares   None           D           D           D           D           D           D           D",
        "N4    OwnOpen    Shares   Covering       A           A           A           A           A           D           D",
        "N4    OwnOpen    Shares   NotCovering    A           D           D           D           D           D           D",
        "N4    OwnOpen    Shares   Expired        D           D           D           D           D           D           D",
        "N4    OwnOpen    Shares   Revoked        D           D           D           D           D           D           D",
        "N4    OwnOpen    Shares   NotYetValid    D           D           D           D           D           D           D",
        "N4    OwnOpen    Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N4    OwnOpen    Shares   OtherOperator  D           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  None           D           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  Covering       A           A           A           A           A           D           D",
        "N4    OwnOpen    NoShare  NotCovering    A           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  Expired        D           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  Revoked        D           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N4    OwnOpen    NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   None           D           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   Covering       A           A           A           A           A           D           D",
        "N4    OwnClosed  Shares   NotCovering    A           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   Expired        D           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   Revoked        D           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N4    OwnClosed  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  None           D           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  Covering       A           A           A           A           A           D           D",
        "N4    OwnClosed  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  Expired        D           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  Revoked        D           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N4    OwnClosed  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   None           D           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   Covering       A           D           A           A           A           D           D",
        "N4    OtherOnly  Shares   NotCovering    A           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   Expired        D           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   Revoked        D           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N4    OtherOnly  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  None           D           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  Covering       A           D           A           A           A           D           D",
        "N4    OtherOnly  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  Expired        D           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  Revoked        D           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N4    OtherOnly  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N4    NoCase     Shares   None           D           D           D           D           D           D           D",
        "N4    NoCase     Shares   Covering       A           D           D           A           A           D           D",
        "N4    NoCase     Shares   NotCovering    A           D           D           D           D           D           D",
        "N4    NoCase     Shares   Expired        D           D           D           D           D           D           D",
        "N4    NoCase     Shares   Revoked        D           D           D           D           D           D           D",
        "N4    NoCase     Shares   NotYetValid    D           D           D           D           D           D           D",
        "N4    NoCase     Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N4    NoCase     Shares   OtherOperator  D           D           D           D           D           D           D",
        "N4    NoCase     NoShare  None           D           D           D           D           D           D           D",
        "N4    NoCase     NoShare  Covering       A           D           D           A           A           D           D",
        "N4    NoCase     NoShare  NotCovering    A           D           D           D           D           D           D",
        "N4    NoCase     NoShare  Expired        D           D           D           D           D           D           D",
        "N4    NoCase     NoShare  Revoked        D           D           D           D           D           D           D",
        "N4    NoCase     NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N4    NoCase     NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N4    NoCase     NoShare  OtherOperator  D           D           D           D           D           D           D",
        // N5
        "N5    OwnOpen    Shares   None           A           A           A           A           D           A           D",
        "N5    OwnOpen    Shares   Covering       A           A           A           A           A           A           D",
        "N5    OwnOpen    Shares   NotCovering    A           A           A           A           D           A           D",
        "N5    OwnOpen    Shares   Expired        A           A           A           A           D           A           D",
        "N5    OwnOpen    Shares   Revoked        A           A           A           A           D           A           D",
        "N5    OwnOpen    Shares   NotYetValid    A           A           A           A           D           A           D",
        "N5    OwnOpen    Shares   OtherSurvivor  A           A           A           A           D           A           D",
        "N5    OwnOpen    Shares   OtherOperator  A           A           A           A           D           A           D",
        "N5    OwnOpen    NoShare  None           A           A           D           A           D           A           D",
        "N5    OwnOpen    NoShare  Covering       A           A           A           A           A           A           D",
        "N5    OwnOpen    NoShare  NotCovering    A           A           D           A           D           A           D",
        "N5    OwnOpen    NoShare  Expired        A           A           D           A           D           A           D",
        "N5    OwnOpen    NoShare  Revoked        A           A           D           A           D           A           D",
        "N5    OwnOpen    NoShare  NotYetValid    A           A           D           A           D           A           D",
        "N5    OwnOpen    NoShare  OtherSurvivor  A           A           D           A           D           A           D",
        "N5    OwnOpen    NoShare  OtherOperator  A           A           D           A           D           A           D",
        "N5    OwnClosed  Shares   None           A           A           D           A           D           D           D",
        "N5    OwnClosed  Shares   Covering       A           A           A           A           A           D           D",
        "N5    OwnClosed  Shares   NotCovering    A           A           D           A           D           D           D",
        "N5    OwnClosed  Shares   Expired        A           A           D           A           D           D           D",
        "N5    OwnClosed  Shares   Revoked        A           A           D           A           D           D           D",
        "N5    OwnClosed  Shares   NotYetValid    A           A           D           A           D           D           D",
        "N5    OwnClosed  Shares   OtherSurvivor  A           A           D           A           D           D           D",
        "N5    OwnClosed  Shares   OtherOperator  A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  None           A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  Covering       A           A           A           A           A           D           D",
        "N5    OwnClosed  NoShare  NotCovering    A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  Expired        A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  Revoked        A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  NotYetValid    A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  OtherSurvivor  A           A           D           A           D           D           D",
        "N5    OwnClosed  NoShare  OtherOperator  A           A           D           A           D           D           D",
        "N5    OtherOnly  Shares   None           D           D           D           D           D           D           D",
        "N5    OtherOnly  Shares   Covering       A           D           A           A           A           D           D",
        "N5    OtherOnly  Shares   NotCovering    A           D           D           D           D           D           D",
        "N5    OtherOnly  Shares   Expired        D           D           D           D           D           D           D",
        "N5    OtherOnly  Shares   Revoked        D           D           D           D           D           D           D",
        "N5    OtherOnly  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N5    OtherOnly  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N5    OtherOnly  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  None           D           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  Covering       A           D           A           A           A           D           D",
        "N5    OtherOnly  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  Expired        D           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  Revoked        D           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N5    OtherOnly  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N5    NoCase     Shares   None           D           D           D           D           D           D           D",
        "N5    NoCase     Shares   Covering       A           D           D           A           A           D           D",
        "N5    NoCase     Shares   NotCovering    A           D           D           D           D           D           D",
        "N5    NoCase     Shares   Expired        D           D           D           D           D           D           D",
        "N5    NoCase     Shares   Revoked        D           D           D           D           D           D           D",
        "N5    NoCase     Shares   NotYetValid    D           D           D           D           D           D           D",
        "N5    NoCase     Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N5    NoCase     Shares   OtherOperator  D           D           D           D           D           D           D",
        "N5    NoCase     NoShare  None           D           D           D           D           D           D           D",
        "N5    NoCase     NoShare  Covering       A           D           D           A           A           D           D",
        "N5    NoCase     NoShare  NotCovering    A           D           D           D           D           D           D",
        "N5    NoCase     NoShare  Expired        D           D           D           D           D           D           D",
        "N5    NoCase     NoShare  Revoked        D           D           D           D           D           D           D",
        "N5    NoCase     NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N5    NoCase     NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N5    NoCase     NoShare  OtherOperator  D           D           D           D           D           D           D",
        // N6
        "N6    OwnOpen    Shares   None           A           A           A           A           D           A           D",
        "N6    OwnOpen    Shares   Covering       A           A           A           A           A           A           D",
        "N6    OwnOpen    Shares   NotCovering    A           A           A           A           D           A           D",
        "N6    OwnOpen    Shares   Expired        A           A           A           A           D           A           D",
        "N6    OwnOpen    Shares   Revoked        A           A           A           A           D           A           D",
        "N6    OwnOpen    Shares   NotYetValid    A           A           A           A           D           A           D",
        "N6    OwnOpen    Shares   OtherSurvivor  A           A           A           A           D           A           D",
        "N6    OwnOpen    Shares   OtherOperator  A           A           A           A           D           A           D",
        "N6    OwnOpen    NoShare  None           A           A           D           A           D           A           D",
        "N6    OwnOpen    NoShare  Covering       A           A           A           A           A           A           D",
        "N6    OwnOpen    NoShare  NotCovering    A           A           D           A           D           A           D",
        "N6    OwnOpen    NoShare  Expired        A           A           D           A           D           A           D",
        "N6    OwnOpen    NoShare  Revoked        A           A           D           A           D           A           D",
        "N6    OwnOpen    NoShare  NotYetValid    A           A           D           A           D           A           D",
        "N6    OwnOpen    NoShare  OtherSurvivor  A           A           D           A           D           A           D",
        "N6    OwnOpen    NoShare  OtherOperator  A           A           D           A           D           A           D",
        "N6    OwnClosed  Shares   None           A           A           D           A           D           D           D",
        "N6    OwnClosed  Shares   Covering       A           A           A           A           A           D           D",
        "N6    OwnClosed  Shares   NotCovering    A           A           D           A           D           D           D",
        "N6    OwnClosed  Shares   Expired        A           A           D           A           D           D           D",
        "N6    OwnClosed  Shares   Revoked        A           A           D           A           D           D           D",
        "N6    OwnClosed  Shares   NotYetValid    A           A           D           A           D           D           D",
        "N6    OwnClosed  Shares   OtherSurvivor  A           A           D           A           D           D           D",
        "N6    OwnClosed  Shares   OtherOperator  A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  None           A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  Covering       A           A           A           A           A           D           D",
        "N6    OwnClosed  NoShare  NotCovering    A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  Expired        A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  Revoked        A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  NotYetValid    A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  OtherSurvivor  A           A           D           A           D           D           D",
        "N6    OwnClosed  NoShare  OtherOperator  A           A           D           A           D           D           D",
        "N6    OtherOnly  Shares   None           D           D           D           D           D           D           D",
        "N6    OtherOnly  Shares   Covering       A           D           A           A           A           D           D",
        "N6    OtherOnly  Shares   NotCovering    A           D           D           D           D           D           D",
        "N6    OtherOnly  Shares   Expired        D           D           D           D           D           D           D",
        "N6    OtherOnly  Shares   Revoked        D           D           D           D           D           D           D",
        "N6    OtherOnly  Shares   NotYetValid    D           D           D           D           D           D           D",
        "N6    OtherOnly  Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N6    OtherOnly  Shares   OtherOperator  D           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  None           D           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  Covering       A           D           A           A           A           D           D",
        "N6    OtherOnly  NoShare  NotCovering    A           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  Expired        D           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  Revoked        D           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N6    OtherOnly  NoShare  OtherOperator  D           D           D           D           D           D           D",
        "N6    NoCase     Shares   None           D           D           D           D           D           D           D",
        "N6    NoCase     Shares   Covering       A           D           D           A           A           D           D",
        "N6    NoCase     Shares   NotCovering    A           D           D           D           D           D           D",
        "N6    NoCase     Shares   Expired        D           D           D           D           D           D           D",
        "N6    NoCase     Shares   Revoked        D           D           D           D           D           D           D",
        "N6    NoCase     Shares   NotYetValid    D           D           D           D           D           D           D",
        "N6    NoCase     Shares   OtherSurvivor  D           D           D           D           D           D           D",
        "N6    NoCase     Shares   OtherOperator  D           D           D           D           D           D           D",
        "N6    NoCase     NoShare  None           D           D           D           D           D           D           D",
        "N6    NoCase     NoShare  Covering       A           D           D           A           A           D           D",
        "N6    NoCase     NoShare  NotCovering    A           D           D           D           D           D           D",
        "N6    NoCase     NoShare  Expired        D           D           D           D           D           D           D",
        "N6    NoCase     NoShare  Revoked        D           D           D           D           D           D           D",
        "N6    NoCase     NoShare  NotYetValid    D           D           D           D           D           D           D",
        "N6    NoCase     NoShare  OtherSurvivor  D           D           D           D           D           D           D",
        "N6    NoCase     NoShare  OtherOperator  D           D           D           D           D           D           D",
    ];

    public static TheoryData<AccessLevel, Relation, Sharing, GrantCase, Decision, bool> Cells() => CellsWhere(_ => true);

    public static TheoryData<AccessLevel, Relation, Sharing, GrantCase, Decision, bool> TrajectoryCells() =>
        CellsWhere(d => d is Decision.TrajOwn or Decision.TrajOther);

    private static TheoryData<AccessLevel, Relation, Sharing, GrantCase, Decision, bool> CellsWhere(Func<Decision, bool> include)
    {
        var data = new TheoryData<AccessLevel, Relation, Sharing, GrantCase, Decision, bool>();
        foreach (var row in ParsedRows())
            foreach (var (decision, expected) in row.Expected.Where(e => include(e.Item1)))
                data.Add(row.Level, row.Relation, row.Sharing, row.Grant, decision, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Decision_FollowsTheMatrix(AccessLevel level, Relation relation, Sharing sharing, GrantCase grant, Decision decision, bool expected)
    {
        var op = Operator(level);
        var facts = Facts(level, relation, sharing, grant);

        var allowed = decision switch
        {
            Decision.Find => SurvivorAccessPolicy.CanFind(op, facts, Now).IsAllowed,
            Decision.TrajOwn => SurvivorAccessPolicy.VisibleTrajectoryCentres(op, facts, Now).Contains(OwnCentre),
            Decision.TrajOther => SurvivorAccessPolicy.VisibleTrajectoryCentres(op, facts, Now).Contains(OtherCentre),
            Decision.DetailOwn => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Episodes, OwnCentre, Now).IsAllowed,
            Decision.DetailOther => SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Episodes, OtherCentre, Now).IsAllowed,
            Decision.EditOwn => SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Episodes, OwnCentre).IsAllowed,
            Decision.EditOther => SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Episodes, OtherCentre).IsAllowed,
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };

        Assert.Equal(expected, allowed);
    }

    [Theory]
    [MemberData(nameof(TrajectoryCells))]
    public void CaseRowDecision_AgreesWithVisibleCentres(AccessLevel level, Relation relation, Sharing sharing, GrantCase grant, Decision decision, bool expected)
    {
        var op = Operator(level);
        var facts = Facts(level, relation, sharing, grant);
        var centre = decision == Decision.TrajOwn ? OwnCentre : OtherCentre;

        foreach (var row in facts.Cases.Where(c => c.CentreCode == centre))
        {
            Assert.Equal(expected, SurvivorAccessPolicy.CanSeeCaseRow(op, facts, row, Now).IsAllowed);
            // Opening the CaseHistory tab for that centre's row is the same question.
            Assert.Equal(expected, SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.CaseHistory, centre, Now).IsAllowed);
        }
    }

    [Fact]
    public void Matrix_HasExactlyOneRowPerLevelRelationConsentAndGrant()
    {
        var rows = ParsedRows().Select(r => (r.Level, r.Relation, r.Sharing, r.Grant)).ToList();
        var expected =
            from level in Enum.GetValues<AccessLevel>()
            from relation in Enum.GetValues<Relation>()
            from sharing in Enum.GetValues<Sharing>()
            from grant in Enum.GetValues<GrantCase>()
            select (level, relation, sharing, grant);

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(expected.Order().ToList(), rows.Order().ToList());
        Assert.All(ParsedRows(), r => Assert.Equal(Enum.GetValues<Decision>().Length, r.Expected.Count));
    }

    [Fact]
    public void Matrix_AssertsBothAllowedAndDenied_ForEveryDecisionThatCanBeAllowed()
    {
        var cells = ParsedRows().SelectMany(r => r.Expected).ToList();
        // Another centre's record is never changed from here: no grant and no consent turns it into one's own.
        Assert.DoesNotContain((Decision.EditOther, true), cells);
        foreach (var decision in Enum.GetValues<Decision>().Except([Decision.EditOther]))
        {
            Assert.Contains((decision, true), cells);
            Assert.Contains((decision, false), cells);
        }
    }

    private sealed record Row(AccessLevel Level, Relation Relation, Sharing Sharing, GrantCase Grant, IReadOnlyList<(Decision, bool)> Expected);

    private static IEnumerable<Row> ParsedRows() => Matrix.Select(line =>
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var decisions = Enum.GetValues<Decision>();
        if (f.Length != 4 + decisions.Length) throw new FormatException($"Matrix row has {f.Length} columns: {line}");
        var expected = decisions.Select((d, i) => (d, f[4 + i] switch
        {
            "A" => true,
            "D" => false,
            _ => throw new FormatException($"Cell must be A or D: {line}"),
        })).ToList();
        return new Row(Enum.Parse<AccessLevel>(f[0]), Enum.Parse<Relation>(f[1]), Enum.Parse<Sharing>(f[2]), Enum.Parse<GrantCase>(f[3]), expected);
    });
}
