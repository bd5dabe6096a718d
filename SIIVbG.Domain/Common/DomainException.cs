namespace SIIVbG.Domain.Common;

/// <summary>A domain rule was broken. The message is Spanish: it reaches the operator as it is.</summary>
public sealed class DomainException(string message) : Exception(message);
