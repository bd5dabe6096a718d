using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace SIIVbG.Infrastructure.Persistence;

/// <summary>
/// Writes rows in PostgreSQL's binary COPY format straight into a buffer and sends it through Npgsql's raw COPY stream:
/// for rows written by the million on a first SGP night (<c>sgp_records</c>, and the entities of <see cref="BulkInsert.CopyAsync{T}"/>),
/// where a call per value through <see cref="NpgsqlBinaryImporter"/> cost more than PostgreSQL took to store the row
/// (ADR 018, "First night").
/// The format: a signature, flags and header extension; per row a field count, then each field as its length (-1 for
/// null) and its bytes in network order; a trailer of -1.
/// </summary>
internal sealed class BinaryCopyWriter : IDisposable
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n', 0];
    private static readonly DateOnly PostgresEpoch = new(2000, 1, 1);
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private const int Size = 1 << 16;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly byte[] _buffer = new byte[Size];
    private int _used;
    private bool _done;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Signature.CopyTo(_buffer, 0);
        _used = Signature.Length;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 0);      // flags: no OIDs
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used + 4), 0);  // no header extension
        _used += 8;
    }

    /// <param name="copyCommand"><c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c></param>
    public static BinaryCopyWriter Begin(NpgsqlConnection connection, string copyCommand) =>
        new(connection.BeginRawBinaryCopy(copyCommand));

    public void StartRow(short fields)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), fields);
        _used += 2;
    }

    public void Null()
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), -1);
        _used += 4;
    }

    /// <summary>text or varchar: the UTF-8 bytes.</summary>
    public void Text(string? value)
    {
        if (value is null) { Null(); return; }
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max + 4 > Size)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Length(bytes.Length);
            Raw(bytes);
            return;
        }
        Ensure(4 + max);
        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), n);
        _used += 4 + n;
    }

    /// <summary>bytea: the bytes as they are.</summary>
    public void Bytes(ReadOnlySpan<byte> value)
    {
        Length(value.Length);
        Raw(value);
    }

    public void Bytes(byte[] value) => Bytes(value.AsSpan());

    public void Uuid(Guid? value)
    {
        if (value is { } g) Uuid(g);
        else Null();
    }

    /// <summary>uuid: its 16 bytes in RFC 4122 order.</summary>
    public void Uuid(Guid g)
    {
        Ensure(20);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 16);
        g.TryWriteBytes(_buffer.AsSpan(_used + 4, 16), bigEndian: true, out _);
        _used += 20;
    }

    public void Bool(bool value)
    {
        Ensure(5);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 1);
        _buffer[_used + 4] = value ? (byte)1 : (byte)0;
        _used += 5;
    }

    /// <summary>date: days since 2000-01-01; the first and last <see cref="DateOnly"/> are -infinity and infinity, as Npgsql writes them.</summary>
    public void Date(DateOnly value) => Int32(value == DateOnly.MinValue ? int.MinValue : value == DateOnly.MaxValue ? int.MaxValue
        : value.DayNumber - PostgresEpoch.DayNumber);

    public void Int16(short value)
    {
        Ensure(6);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 6;
    }

    public void Int32(int value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 8;
    }

    public void Int64(long value)
    {
        Ensure(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used + 4), value);
        _used += 12;
    }

    /// <summary>time without time zone: microseconds since midnight.</summary>
    public void Time(TimeOnly value) => Int64(value.Ticks / 10);

    /// <summary>
    /// timestamp with time zone: microseconds since 2000-01-01 UTC. As Npgsql, only an offset of zero is taken (the value
    /// is stored in UTC and nothing says which offset it had), and the first and last moments are -infinity and infinity.
    /// </summary>
    public void TimestampTz(DateTimeOffset value)
    {
        if (value.Offset != TimeSpan.Zero)
            throw new ArgumentException($"Cannot write a DateTimeOffset with offset {value.Offset} as timestamp with time zone: only UTC is written.", nameof(value));
        Int64(value == DateTimeOffset.MinValue ? long.MinValue : value == DateTimeOffset.MaxValue ? long.MaxValue
            : (value.UtcTicks - PostgresEpochTicks) / 10);
    }

    /// <summary>jsonb: a version byte (1), then the JSON's UTF-8 bytes.</summary>
    public void Jsonb(ReadOnlySpan<byte> utf8)
    {
        Length(utf8.Length + 1);
        Ensure(1);
        _buffer[_used++] = 1;
        Raw(utf8);
    }

    /// <summary>jsonb from text.</summary>
    public void Jsonb(string? json)
    {
        if (json is null) { Null(); return; }
        Jsonb(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Sends the trailer and ends the COPY: PostgreSQL checks every row now, and a bad one fails here.</summary>
    public void Complete()
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), -1);
        _used += 2;
        Send();
        _done = true;
        _stream.Dispose();
    }

    /// <summary>Without <see cref="Complete"/>, the COPY is cancelled: nothing of it is stored.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        try { _stream.Cancel(); }
        finally { _stream.Dispose(); }
    }

    private void Length(int n)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), n);
        _used += 4;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_used == Size) Send();
            var n = Math.Min(bytes.Length, Size - _used);
            bytes[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            bytes = bytes[n..];
        }
    }

    private void Ensure(int bytes)
    {
        if (_used + bytes > Size) Send();
    }

    private void Send()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
