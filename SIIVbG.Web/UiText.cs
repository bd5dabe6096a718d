namespace SIIVbG.Web;

/// <summary>Marker for the UI text resources (Resources/UiText.resx, Spanish es-CL as the neutral language).</summary>
public sealed class UiText;
