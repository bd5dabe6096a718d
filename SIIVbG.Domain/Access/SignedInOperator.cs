namespace SIIVbG.Domain.Access;

/// <summary>Who is acting: what every service receives from the UI and checks against <see cref="AccessPolicy"/>.</summary>
public sealed record SignedInOperator(Guid Id, string Run, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode);

/// <summary>The policy said no. Services throw it after auditing the denied decision.</summary>
public sealed class AccessDeniedException() : Exception("Acceso no autorizado.");
