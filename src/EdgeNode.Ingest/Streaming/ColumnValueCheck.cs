using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// Refuses, where rows come in, a value the operator would refuse for the table as it is (error 71): text that is not a
/// number for a numeric column (columns widen only within numbers), a number beyond the range of a double, or a JSON
/// object or list there. The table's columns
/// are this node's (an operator with the DBMS); a node without them, or a table not created yet, checks nothing here and
/// the operator still sends such a row, alone, to the error dir. Columns only ever widen, so a schema read a moment ago
/// never refuses a value the table would now take.
/// </summary>
internal sealed class ColumnValueCheck(Node node)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Dbms, string Table), (TableSchema Schema, DateTime Read)> _schemas = new();

    /// <summary>The first value of the rows (one JSON object a line) that cannot go into its column, or null.</summary>
    public async ValueTask<RowProblem?> CheckAsync(string dbms, string table, ReadOnlyMemory<byte> rows, CancellationToken cancellation)
    {
        var schema = await SchemaAsync(dbms, table, cancellation);
        if (schema is null || !schema.Columns.Any(c => ColumnTypes.IsNumeric(c.Type))) return null;
        return Check(schema, rows.Span);
    }

    private static RowProblem? Check(TableSchema schema, ReadOnlySpan<byte> rows)
    {
        var reader = new Utf8JsonReader(rows, RowCheck.ReaderOptions);
        long row = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth != 0) continue;
            row++;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                var column = schema.Find(ColumnNames.Normalize(name));
                if (column is not null && ColumnTypes.IsNumeric(column.Type) && !FitsNumber(ref reader))
                    return new RowProblem(ErrorCode.DataTypeMismatch,
                        $"row {row}: the value of '{name}' does not fit column '{column.Name}' ({column.DeclaredType}) of table '{schema.Table}': " +
                        "columns are widened only within numbers");
                reader.Skip();
            }
        }
        return null;
    }

    /// <summary>
    /// A number (finite as a double: 1e400 would widen an integer column before the operator refused the row), a number
    /// in text, null or a boolean.
    /// </summary>
    private static bool FitsNumber(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.TryGetDouble(out var number) && double.IsFinite(number),
        JsonTokenType.Null or JsonTokenType.True or JsonTokenType.False => true,
        JsonTokenType.String => IsNumberText(reader.ValueSpan) || reader.ValueIsEscaped && double.TryParse(reader.GetString(),
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number),
        _ => false,
    };

    private static bool IsNumberText(ReadOnlySpan<byte> text)
    {
        var trimmed = text.Trim(" \t"u8);
        return trimmed.Length == 0
            || Utf8Parser.TryParse(trimmed, out double number, out var consumed) && consumed == trimmed.Length && double.IsFinite(number);
    }

    private async ValueTask<TableSchema?> SchemaAsync(string dbms, string table, CancellationToken cancellation)
    {
        var now = node.Time.GetUtcNow().UtcDateTime;
        if (_schemas.TryGetValue((dbms, table), out var known) && now - known.Read < Fresh) return known.Schema;
        TableSchema? schema = null;
        if (node.Services.Find<IDbmsRegistry>()?.Find(dbms) is { } database)
        {
            try
            {
                schema = await database.GetSchemaAsync(table, cancellation);
            }
            catch (StorageException)
            {
                // the database is busy or closing: the operator checks the rows
            }
        }
        // a table not created yet is asked for again at the next call: it may exist by then
        if (schema is not null) _schemas[(dbms, table)] = (schema, now);
        return schema;
    }
}
