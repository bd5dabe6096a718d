namespace SIIVbG.Domain.Access;

/// <summary>Who is acting: what every service receives from the UI and checks against <see cref="AccessPolicy"/>.</summary>
/// <param name="Functions">An administrator's (N2) functions; none for every other level.</param>
public sealed record SignedInOperator(Guid Id, string Run, AccessLevel Level, ScopeKind ScopeKind, string? ScopeCode,
    AdminFunctions Functions = AdminFunctions.None);

/// <summary>The policy said no. Services throw it after auditing the denied decision.</summary>
public sealed class AccessDeniedException() : Exception("Acceso no autorizado.");
