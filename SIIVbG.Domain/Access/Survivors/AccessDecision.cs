namespace SIIVbG.Domain.Access.Survivors;

/// <summary>
/// The answer of <see cref="SurvivorAccessPolicy"/>: allowed or denied, a short machine reason written to the audit
/// trail, and the grant that justified it when one did.
/// </summary>
public readonly record struct AccessDecision(bool IsAllowed, string Reason, Guid? GrantId = null)
{
    public static AccessDecision Allow(string reason, Guid? grantId = null) => new(true, reason, grantId);
    public static AccessDecision Deny(string reason) => new(false, reason);

    public override string ToString() => (IsAllowed ? "allowed: " : "denied: ") + Reason;
}

/// <summary>Machine reasons of <see cref="AccessDecision"/>; stable strings because the audit trail stores them.</summary>
public static class SurvivorAccessReason
{
    // allowed
    public const string CaseAtOwnCentre = "case-at-own-centre";
    public const string OpenCaseAtOwnCentre = "open-case-at-own-centre";
    public const string SharedByConsent = "trajectory-shared-by-consent";
    public const string ActiveGrant = "active-grant";
    public const string CentreTeam = "centre-team";
    public const string OpensAtOwnCentre = "opens-at-own-centre";

    // denied
    public const string AdministratorsNeverReadSurvivors = "administrators-never-read-survivor-data";
    public const string LevelNeedsGrant = "level-needs-grant";
    public const string LevelNotCentreTeam = "level-not-centre-team";
    public const string ScopeNotACentre = "operator-scope-not-a-centre";
    public const string NoCaseAtOwnCentre = "no-case-at-own-centre";
    public const string NoOpenCaseAtOwnCentre = "no-open-case-at-own-centre";
    public const string ConsentDoesNotShare = "consent-does-not-share-with-centres";
    public const string NotOwnCentre = "not-own-centre";
    public const string HoldingCentreUnknown = "holding-centre-unknown";
    public const string CaseNotOfThisSurvivor = "case-not-of-this-survivor";
    public const string UnknownTab = "unknown-tab";
    public const string GrantDoesNotCoverTab = "grant-does-not-cover-tab";
    public const string GrantNotYetValid = "grant-not-yet-valid";
    public const string GrantExpired = "grant-expired";
    public const string GrantRevoked = "grant-revoked";
}
