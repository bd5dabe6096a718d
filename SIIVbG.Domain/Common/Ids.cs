using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SIIVbG.Domain.Common;

/// <summary>
/// Time-ordered ids (UUID version 7, RFC 9562), as <see cref="Guid.CreateVersion7()"/> makes them: 48 bits of Unix time in
/// milliseconds, then 74 random bits. The random bits come from the system's secure generator a few kilobytes at a time
/// per thread, not one system call per id: a first SGP night makes about nine million ids (ADR 018, "First night").
/// </summary>
public static class Ids
{
    private const int Chunk = 4096;
    [ThreadStatic] private static byte[]? _random;
    [ThreadStatic] private static int _used;

    public static Guid NewVersion7() => NewVersion7(DateTimeOffset.UtcNow);

    public static Guid NewVersion7(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(at));
        var random = _random ??= new byte[Chunk];
        if (_used == 0 || _used + 16 > Chunk)
        {
            RandomNumberGenerator.Fill(random);
            _used = 0;
        }
        Span<byte> id = stackalloc byte[16];
        random.AsSpan(_used, 16).CopyTo(id);
        // The bytes are spent: a copy of this thread's buffer never gives them out twice.
        random.AsSpan(_used, 16).Clear();
        _used += 16;
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, ms);
        time[2..].CopyTo(id);                              // unix_ts_ms: the low 48 bits, big-endian
        id[6] = (byte)(0x70 | (id[6] & 0x0F));             // version 7
        id[8] = (byte)(0x80 | (id[8] & 0x3F));             // variant 10 (RFC 9562)
        return new Guid(id, bigEndian: true);
    }
}
