using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace SIIVbG.Infrastructure.Persistence;

/// <summary>
/// Writes entities with PostgreSQL binary COPY on the context's own connection and transaction. Columns, names and value
/// conversions come from the EF model, so the rows are the ones SaveChanges would have written — without one INSERT
/// statement per row. Owned collections mapped to JSON columns are written as EF writes them (an array of objects, one
/// property per mapped property, enums through their converters); any other navigation is refused.
/// </summary>
internal static class BulkInsert
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes entities the context does not track (and never will): for an import that creates rows by the hundred
    /// thousand and keeps none of them, EF's change tracker is where the memory and the time would go. Shadow properties
    /// (other than the row version) are refused: only a tracked entry knows them. Computed columns are left to PostgreSQL.
    /// </summary>
    public static void Copy<T>(DbContext db, IReadOnlyCollection<T> entities, CancellationToken ct) where T : class
    {
        if (entities.Count == 0) return;
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var (copy, columns, json) = Plan(type);
        if (columns.Any(c => c.Property.IsShadowProperty()))
            throw new InvalidOperationException($"{typeof(T).Name} has shadow properties only a tracked entry knows: save it through EF instead");
        var buffer = new ArrayBufferWriter<byte>(1024);
        var writers = columns.Select(c => ColumnWriters.GetOrAdd(c.Property, _ => CompileWriter(c))).ToArray();
        // Rows in PostgreSQL's binary format built in one buffer (BinaryCopyWriter): a call per value through Npgsql's
        // importer cost more than the value itself, a million rows a night. This runs on the import's writing thread.
        using (var writer = BinaryCopyWriter.Begin(conn, copy))
        {
            var fields = (short)(writers.Length + json.Count);
            foreach (var entity in entities)
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow(fields);
                foreach (var write in writers) write(writer, entity);
                foreach (var navigation in json)
                {
                    buffer.ResetWrittenCount();
                    if (WriteJson(navigation.GetGetter().GetClrValueUsingContainingEntity(entity), navigation, buffer))
                        writer.Jsonb(buffer.WrittenSpan);
                    else writer.Null();
                }
            }
            writer.Complete();
        }
    }

    private sealed record Column(IProperty Property, string Name, string DataType, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    /// <summary>Writes one column of one entity: read, converted as EF converts it, and written as its own type, not boxed.</summary>
    private delegate void ColumnWriter(BinaryCopyWriter writer, object entity);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IProperty, ColumnWriter> ColumnWriters = new();

    /// <summary>
    /// <c>(w, e) =&gt; { var v = ((TEntity)e).Member; if (v is null) w.Null(); else w.Int32(convert(v)); }</c> (the method for
    /// the column's type), compiled once per column: a million rows written through <c>object</c> paid a box and a type
    /// look-up per value. A column of a type it does not know is refused before anything is written.
    /// </summary>
    private static ColumnWriter CompileWriter(Column column)
    {
        var property = column.Property;
        var w = System.Linq.Expressions.Expression.Parameter(typeof(BinaryCopyWriter), "w");
        var e = System.Linq.Expressions.Expression.Parameter(typeof(object), "e");
        var member = property.GetMemberInfo(forMaterialization: false, forSet: false);
        System.Linq.Expressions.Expression value = System.Linq.Expressions.Expression.MakeMemberAccess(
            System.Linq.Expressions.Expression.Convert(e, property.DeclaringType.ClrType), member);
        var modelType = value.Type;
        var underlying = Nullable.GetUnderlyingType(modelType);
        var canBeNull = !modelType.IsValueType || underlying is not null;
        var local = System.Linq.Expressions.Expression.Variable(modelType, "v");
        // What is written when there is a value: the value itself (not nullable), converted as EF converts it.
        System.Linq.Expressions.Expression present = underlying is not null
            ? System.Linq.Expressions.Expression.Property(local, "Value")
            : local;
        if (column.Converter is { } converter)
        {
            var convert = converter.ConvertToProviderExpression;
            var input = convert.Parameters[0].Type;
            if (present.Type != input) present = System.Linq.Expressions.Expression.Convert(present, input);
            present = System.Linq.Expressions.Expression.Invoke(convert, present);
        }
        var method = WriterFor(column.DataType, present.Type)
            ?? throw new InvalidOperationException($"COPY cannot write {present.Type.Name} as {column.DataType} ({property.DeclaringType.DisplayName()}.{property.Name})");
        var write = System.Linq.Expressions.Expression.Call(w, method, present);
        var writeNull = System.Linq.Expressions.Expression.Call(w, typeof(BinaryCopyWriter).GetMethod(nameof(BinaryCopyWriter.Null))!);
        System.Linq.Expressions.Expression body = canBeNull
            ? System.Linq.Expressions.Expression.IfThenElse(
                underlying is not null
                    ? System.Linq.Expressions.Expression.Not(System.Linq.Expressions.Expression.Property(local, "HasValue"))
                    : System.Linq.Expressions.Expression.Equal(local, System.Linq.Expressions.Expression.Constant(null, modelType)),
                writeNull, write)
            : write;
        var block = System.Linq.Expressions.Expression.Block([local], System.Linq.Expressions.Expression.Assign(local, value), body);
        return System.Linq.Expressions.Expression.Lambda<ColumnWriter>(block, w, e).Compile();
    }

    /// <summary>The writer's method for a column's PostgreSQL type and the value's type; null for a pair it does not write.</summary>
    private static System.Reflection.MethodInfo? WriterFor(string dataType, Type value)
    {
        var name = (dataType, value) switch
        {
            ("text" or "character varying" or "character", _) when value == typeof(string) => nameof(BinaryCopyWriter.Text),
            ("jsonb", _) when value == typeof(string) => nameof(BinaryCopyWriter.Jsonb),
            ("uuid", _) when value == typeof(Guid) => nameof(BinaryCopyWriter.Uuid),
            ("integer", _) when value == typeof(int) => nameof(BinaryCopyWriter.Int32),
            ("bigint", _) when value == typeof(long) => nameof(BinaryCopyWriter.Int64),
            ("smallint", _) when value == typeof(short) => nameof(BinaryCopyWriter.Int16),
            ("boolean", _) when value == typeof(bool) => nameof(BinaryCopyWriter.Bool),
            ("date", _) when value == typeof(DateOnly) => nameof(BinaryCopyWriter.Date),
            ("time without time zone", _) when value == typeof(TimeOnly) => nameof(BinaryCopyWriter.Time),
            ("timestamp with time zone", _) when value == typeof(DateTimeOffset) => nameof(BinaryCopyWriter.TimestampTz),
            ("bytea", _) when value == typeof(byte[]) => nameof(BinaryCopyWriter.Bytes),
            _ => null,
        };
        if (name is null) return null;
        return typeof(BinaryCopyWriter).GetMethod(name, [value]);
    }

    /// <summary>The COPY statement of a type, its columns (from the EF model) and its owned collections stored as JSON.</summary>
    private static (string Copy, List<Column> Columns, List<INavigation> Json) Plan(IEntityType type)
    {
        var json = type.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && n.TargetEntityType.IsMappedToJson()).ToList();
        if (type.GetNavigations().Count() != json.Count || type.GetSkipNavigations().Any()
            || json.Any(n => n.TargetEntityType.GetNavigations().Any()))
            throw new InvalidOperationException($"{type.ClrType.Name} has navigations COPY does not write: save it through EF instead");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table)))
            .Where(c => c.Column is not null && c.Column != "xmin" && c.Property.GetComputedColumnSql(table) is null)
            .Select(c => new Column(c.Property, c.Column!, BaseType(c.Property.GetColumnType(table)), c.Property.GetTypeMapping().Converter))
            .ToList();
        var names = columns.Select(c => $"\"{c.Name}\"").Concat(json.Select(n => $"\"{n.TargetEntityType.GetContainerColumnName()}\""));
        var name = type.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        return ($"COPY {name} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)", columns, json);
    }

    /// <summary>A property of an owned type as its JSON is written: read, named (encoded once) and converted as EF does.</summary>
    private sealed record JsonMember(IClrPropertyGetter Getter, JsonEncodedText Name,
        Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    /// <summary>Each owned navigation's members, worked out once: an import writes them for a million rows.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<INavigation, JsonMember[]> JsonPlans = new();

    /// <summary>An owned collection (or reference) as the JSON EF stores for it, written as UTF-8 into the buffer.</summary>
    /// <returns>False for no value (a null column).</returns>
    private static bool WriteJson(object? value, INavigation navigation, ArrayBufferWriter<byte> buffer)
    {
        if (value is null) return false;
        var target = navigation.TargetEntityType;
        var properties = JsonPlans.GetOrAdd(navigation, static n => n.TargetEntityType.GetProperties()
            .Where(p => !p.IsShadowProperty() && !(p.IsKey() && p.ClrType == typeof(int) && p.GetJsonPropertyName() is null))
            .Select(p => new JsonMember(p.GetGetter(), JsonEncodedText.Encode(p.GetJsonPropertyName() ?? p.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping),
                p.GetTypeMapping().Converter))
            .ToArray());
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        void Element(object element)
        {
            json.WriteStartObject();
            foreach (var (getter, name, converter) in properties)
            {
                var v = getter.GetClrValueUsingContainingEntity(element);
                if (v is not null && converter is not null) v = converter.ConvertToProvider(v);
                json.WritePropertyName(name);
                switch (v)
                {
                    case null: json.WriteNullValue(); break;
                    case string s: json.WriteStringValue(s); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    case int i: json.WriteNumberValue(i); break;
                    case long l: json.WriteNumberValue(l); break;
                    case decimal d: json.WriteNumberValue(d); break;
                    case double d: json.WriteNumberValue(d); break;
                    case Guid g: json.WriteStringValue(g); break;
                    case DateTimeOffset t: json.WriteStringValue(t); break;
                    case DateTime t: json.WriteStringValue(t); break;
                    case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
                    case TimeOnly t: json.WriteStringValue(t.ToString("HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)); break;
                    default: throw new InvalidOperationException($"COPY cannot write {v.GetType().Name} inside {target.DisplayName()} as JSON");
                }
            }
            json.WriteEndObject();
        }
        if (navigation.IsCollection)
        {
            json.WriteStartArray();
            foreach (var element in (IEnumerable)value) Element(element);
            json.WriteEndArray();
        }
        else Element(value);
        json.Flush();
        return true;
    }

    /// <summary><c>character varying(60)</c> → <c>character varying</c>: COPY takes the type without its modifiers.</summary>
    private static string BaseType(string columnType) => columnType.IndexOf('(') is var i and > 0 ? columnType[..i].Trim() : columnType;
}
