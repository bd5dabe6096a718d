using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Attachments;

/// <summary>
/// The name an uploaded file is kept and offered under: only its last path segment (browsers on Windows may send a
/// full path), without control characters, at most <see cref="MaxLength"/> characters.
/// </summary>
public readonly record struct AttachmentFileName
{
    public const int MaxLength = 200;

    public string Value { get; }

    private AttachmentFileName(string value) => Value = value;

    public static AttachmentFileName Parse(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim().Trim('.').Trim();
        if (name.Length == 0) throw new DomainException("El archivo debe tener un nombre.");
        if (name.Length > MaxLength) throw new DomainException($"El nombre del archivo no puede superar {MaxLength} caracteres.");
        return new AttachmentFileName(name);
    }

    public override string ToString() => Value;
}
