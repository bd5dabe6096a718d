using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace SIIVbG.Infrastructure.Persistence;

/// <summary>
/// Writes the entities of flat types (no owned or JSON parts) that the context holds as Added with PostgreSQL binary COPY
/// on the context's own connection and transaction, then tells the context they exist (Unchanged): later changes to them
/// are saved as updates by EF as usual. Columns, names and value conversions come from the EF model, so the rows are the
/// ones SaveChanges would have written — without one INSERT statement per row.
/// </summary>
internal static class BulkInsert
{
    public static async Task CopyAddedAsync(DbContext db, IEnumerable<Type> types, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        foreach (var clr in types)
        {
            var type = db.Model.FindEntityType(clr) ?? throw new InvalidOperationException($"{clr.Name} is not mapped");
            if (type.GetNavigations().Any() || type.GetSkipNavigations().Any())
                throw new InvalidOperationException($"{clr.Name} has navigations or owned parts: COPY it through EF instead");
            var added = db.ChangeTracker.Entries().Where(e => e.Metadata == type && e.State == EntityState.Added).ToList();
            if (added.Count == 0) continue;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var columns = type.GetProperties()
                .Select(p => (Property: p, Column: p.GetColumnName(table)))
                .Where(c => c.Column is not null && c.Column != "xmin" && c.Property.GetComputedColumnSql(table) is null)
                .Select(c => (c.Property, Column: c.Column!, DataType: BaseType(c.Property.GetColumnType(table)), Converter: c.Property.GetTypeMapping().Converter))
                .ToList();
            var name = type.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
            await using (var writer = await conn.BeginBinaryImportAsync(
                             $"COPY {name} ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var entry in added)
                {
                    await writer.StartRowAsync(ct);
                    foreach (var c in columns)
                    {
                        var value = entry.Property(c.Property.Name).CurrentValue;
                        if (value is not null && c.Converter is not null) value = c.Converter.ConvertToProvider(value);
                        if (value is null) await writer.WriteNullAsync(ct);
                        else await writer.WriteAsync(value, c.DataType, ct);
                    }
                }
                await writer.CompleteAsync(ct);
            }
            foreach (var entry in added) entry.State = EntityState.Unchanged;
        }
    }

    /// <summary><c>character varying(60)</c> → <c>character varying</c>: COPY takes the type without its modifiers.</summary>
    private static string BaseType(string columnType) => columnType.IndexOf('(') is var i and > 0 ? columnType[..i].Trim() : columnType;
}
