namespace SIIVbG.DevServices.ClaveUnica;

/// <summary>
/// The one client the simulator knows, read from the <c>DevServices</c> section
/// (<c>DevServices__ClientId</c>, <c>DevServices__RedirectUris</c>, …). Lists are <c>;</c>-separated so that a
/// single environment variable can carry them.
/// </summary>
public sealed class ClaveUnicaSimulatorOptions
{
    public const string Section = "DevServices";

    public string ClientId { get; set; } = "siivbg-dev";
    public string ClientSecret { get; set; } = "siivbg-dev-secret";
    public string RedirectUris { get; set; } = "";
    public string LogoutRedirectUris { get; set; } = "";

    /// <summary>Absolute issuer; when empty it is <c>{scheme://host:port}/openid/</c> of each request.</summary>
    public string? Issuer { get; set; }

    public IReadOnlySet<string> RedirectUriSet => Split(RedirectUris);
    public IReadOnlySet<string> LogoutRedirectUriSet => Split(LogoutRedirectUris);

    // Exact, ordinal comparison: ClaveÚnica registers redirect URIs verbatim.
    private static HashSet<string> Split(string value) =>
        new(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
}
