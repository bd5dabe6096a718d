namespace SIIVbG.Web.Auth;

/// <summary>ClaveÚnica integration settings (section "ClaveUnica"). The secret comes from the environment, never the repo.</summary>
public sealed class ClaveUnicaOptions
{
    public const string Section = "ClaveUnica";

    /// <summary>Issuer base, e.g. https://accounts.claveunica.gob.cl/openid.</summary>
    public string? Authority { get; set; }
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>ClaveÚnica's logout URL; the portal appends <c>?redirect=</c> its own signed-out page.</summary>
    public string? LogoutUrl { get; set; }
    /// <summary>ClaveÚnica does not advertise PKCE; keep it off for ClaveÚnica itself.</summary>
    public bool UsePkce { get; set; }
    /// <summary>Whether ClaveÚnica echoes the nonce is unconfirmed, so the portal does not depend on it by default.</summary>
    public bool RequireNonce { get; set; }
    /// <summary>Plain http to the provider: only honoured in Development (the simulator).</summary>
    public bool AllowInsecureHttp { get; set; }
    /// <summary>Hosts the portal trusts as ClaveÚnica outside Development.</summary>
    public string[] ProductionHosts { get; set; } = ["accounts.claveunica.gob.cl"];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
