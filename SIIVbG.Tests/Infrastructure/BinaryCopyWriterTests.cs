using Npgsql;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>Rows built in PostgreSQL's binary COPY format by hand read back as the values written, and a COPY left unfinished stores nothing.</summary>
[Trait("Area", "Sgp")]
public sealed class BinaryCopyWriterTests
{
    private const string Table = "CREATE TEMP TABLE copied (t varchar, u uuid, b boolean, d date, h bytea)";

    [Fact]
    public async Task ValuesWritten_ReadBackTheSame_NullsAccentsLongTextAndBufferBoundariesIncluded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var conn = new NpgsqlConnection(database.AppConnectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand(Table, conn)) await create.ExecuteNonQueryAsync();
        var longText = string.Concat(Enumerable.Repeat("Ñuñoa; \"ficticia\" — ", 10_000));   // larger than the writer's buffer
        var rows = Enumerable.Range(0, 5_000).Select(i => (
            Text: i == 3 ? null : i == 4 ? longText : $"K{i:D8}-Peñalolén",
            Id: i % 7 == 0 ? (Guid?)null : Guid.CreateVersion7(),
            Flag: i % 2 == 0,
            Day: new DateOnly(1999, 12, 31).AddDays(i),
            Hash: Enumerable.Range(0, 32).Select(b => (byte)(b * 7 + i)).ToArray())).ToList();

        using (var copy = BinaryCopyWriter.Begin(conn, "COPY copied (t, u, b, d, h) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                copy.StartRow(5);
                copy.Text(rows[i].Text);
                copy.Uuid(rows[i].Id);
                copy.Bool(rows[i].Flag);
                copy.Date(rows[i].Day);
                copy.Bytes(rows[i].Hash);
            }
            copy.Complete();
        }

        await using var read = new NpgsqlCommand("SELECT t, u, b, d, h FROM copied ORDER BY d", conn);
        await using var reader = await read.ExecuteReaderAsync();
        var back = new List<(string? Text, Guid? Id, bool Flag, DateOnly Day, byte[] Hash)>();
        while (await reader.ReadAsync())
            back.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetBoolean(2),
                reader.GetFieldValue<DateOnly>(3), reader.GetFieldValue<byte[]>(4)));
        Assert.Equal(rows.Count, back.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].Text, back[i].Text);
            Assert.Equal(rows[i].Id, back[i].Id);
            Assert.Equal(rows[i].Flag, back[i].Flag);
            Assert.Equal(rows[i].Day, back[i].Day);
            Assert.Equal(rows[i].Hash, back[i].Hash);
        }
    }

    [Fact]
    public async Task CopyDisposedWithoutComplete_StoresNothing_AndTheConnectionStaysUsable()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var conn = new NpgsqlConnection(database.AppConnectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand(Table, conn)) await create.ExecuteNonQueryAsync();

        using (var copy = BinaryCopyWriter.Begin(conn, "COPY copied (u, t) FROM STDIN (FORMAT BINARY)"))
        {
            copy.StartRow(2);
            copy.Null();
            copy.Text("a medio escribir");
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM copied", conn);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task RowWithTooFewFields_FailsAtComplete_AndNothingIsStored()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var conn = new NpgsqlConnection(database.AppConnectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand(Table, conn)) await create.ExecuteNonQueryAsync();

        var copy = BinaryCopyWriter.Begin(conn, "COPY copied (u, t) FROM STDIN (FORMAT BINARY)");
        copy.StartRow(2);
        copy.Null();
        copy.Text("bien");
        copy.StartRow(1);
        copy.Null();
        Assert.ThrowsAny<PostgresException>(copy.Complete);
        copy.Dispose();

        await using var count = new NpgsqlCommand("SELECT count(*) FROM copied", conn);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }
}
