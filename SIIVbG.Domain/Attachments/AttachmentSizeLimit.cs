using System.Globalization;
using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Attachments;

/// <summary>The largest file the record accepts (a setting; 10 MB unless configured).</summary>
public readonly record struct AttachmentSizeLimit
{
    public const long DefaultBytes = 10 * 1024 * 1024;

    public long Bytes { get; }

    public AttachmentSizeLimit(long bytes)
    {
        if (bytes <= 0) throw new ArgumentOutOfRangeException(nameof(bytes), "The attachment size limit must be positive.");
        Bytes = bytes;
    }

    public static AttachmentSizeLimit Default { get; } = new(DefaultBytes);

    /// <summary>"10 MB", "2,5 MB": how the limit is told to the operator.</summary>
    public string Display => (Bytes / (1024d * 1024d)).ToString("0.#", CultureInfo.GetCultureInfo("es-CL")) + " MB";

    public void Check(long size)
    {
        if (size <= 0) throw new DomainException("El archivo está vacío.");
        if (size > Bytes) throw new DomainException($"El archivo supera el tamaño máximo permitido ({Display}).");
    }
}
