using EdgeNode.Core.Ingest;
using System.Text.Json;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Json;
using ColumnType = EdgeNode.Core.Storage.ColumnType;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// The schema drift rule (docs/operator.md). When a file does not fit its table, its rows are typed as if they created
/// the table (SPEC §5 inference) and compared with the table:
/// <list type="bullet">
/// <item>an attribute without a column adds the column, with the inferred type;</item>
/// <item>numbers widen numeric columns: int → bigint → decimal → float (decimal and float columns take any number);</item>
/// <item>text widens text columns to the longest value: char(n) → char(m) (up to 8) → varchar;</item>
/// <item>nothing else changes a column: a value that still does not fit (text in a number, time, boolean, uuid or cidr
/// column) sends the file to the error dir with the reason. No value is dropped silently.</item>
/// </list>
/// </summary>
internal static class SchemaDrift
{
    public const string Rule = "columns are widened only within numbers (int, bigint, decimal, float) and within text (char, varchar)";

    /// <summary>What the file's rows need from the table.</summary>
    public static IReadOnlyList<ColumnChange> Plan(TableSchema schema, IReadOnlyList<JsonElement> rows)
    {
        var builder = new TableSchemaBuilder();
        var longest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            builder.Add(row);
            foreach (var property in row.EnumerateObject())
            {
                var length = TextLength(property.Value);
                var name = ColumnNames.Normalize(property.Name);
                if (length > longest.GetValueOrDefault(name)) longest[name] = length;
            }
        }
        var changes = new List<ColumnChange>();
        foreach (var inferred in builder.Columns)
        {
            var (type, length) = InferredTypes.ToStorage(inferred.Type);
            var column = schema.Find(inferred.Name);
            if (column is null) changes.Add(new ColumnChange(inferred.Name, type, length, IsNew: true));
            else if (Widened(column, type, longest.GetValueOrDefault(inferred.Name)) is { } widened) changes.Add(widened);
        }
        return changes;
    }

    /// <summary>The widening a column needs for values of <paramref name="type"/>, null when none (or none allowed).</summary>
    private static ColumnChange? Widened(ColumnSchema column, ColumnType type, int longest)
    {
        var current = column.Type;
        if (ColumnTypes.IsText(current))
        {
            if (column.Length is not { } length || longest <= length) return null;
            return current == ColumnType.Char && longest <= 8
                ? new ColumnChange(column.Name, ColumnType.Char, longest, IsNew: false)
                : new ColumnChange(column.Name, ColumnType.Varchar, null, IsNew: false);
        }
        if (!ColumnTypes.IsNumeric(current) || !ColumnTypes.IsNumeric(type) || current is ColumnType.Decimal or ColumnType.Float) return null;
        var (wider, _) = ColumnTypes.Widen(current, null, type, null);
        return wider == current ? null : new ColumnChange(column.Name, wider, null, IsNew: false);
    }

    /// <summary>Characters of the value as text: strings as they are, numbers and booleans as written, lists and objects as JSON.</summary>
    private static int TextLength(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length,
        JsonValueKind.Null or JsonValueKind.Undefined => 0,
        JsonValueKind.True => 4,
        JsonValueKind.False => 5,
        _ => value.GetRawText().Length,
    };
}
