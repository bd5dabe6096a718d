using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Notices;

public enum NoticeSeverity { Info = 1, Warning = 2 }

/// <summary>An "aviso del sistema" an administrator posts for every operator (maintenance, incidents).</summary>
public sealed class SystemNotice
{
    public const int MaxLength = 500;

    public Guid Id { get; private set; }
    public string Text { get; private set; } = "";
    public NoticeSeverity Severity { get; private set; }
    public Guid PostedBy { get; private set; }
    public DateTimeOffset PostedAt { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }

    private SystemNotice() { }

    public static SystemNotice Post(string text, NoticeSeverity severity, Guid postedBy, DateTimeOffset at)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("El aviso no puede estar vacío.");
        if (text.Length > MaxLength) throw new DomainException($"El aviso no puede superar {MaxLength} caracteres.");
        return new SystemNotice { Id = Guid.NewGuid(), Text = text, Severity = severity, PostedBy = postedBy, PostedAt = at };
    }

    public bool IsActive => WithdrawnAt is null;

    public void Withdraw(DateTimeOffset at) => WithdrawnAt ??= at;
}
