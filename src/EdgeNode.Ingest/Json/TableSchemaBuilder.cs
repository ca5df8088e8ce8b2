using EdgeNode.Core.Ingest;
using System.Text;
using System.Text.Json;

namespace EdgeNode.Ingest.Json;

/// <summary>
/// Collects the columns of a table from JSON rows (first-seen order, normalized names, widened types) and writes the
/// <c>CREATE TABLE</c> + <c>CREATE INDEX</c> statements EdgeLake publishes in a <c>table</c> policy (SPEC §5): leading
/// <c>row_id</c>, <c>insert_timestamp</c>, <c>tsd_name</c>, <c>tsd_id</c>; indexes on timestamp columns, the first uuid
/// and <c>*sensor_id*</c> columns (sorted), then <c>tsd_name, tsd_id</c>, then <c>insert_timestamp</c>.
/// </summary>
public sealed class TableSchemaBuilder
{
    /// <summary>Columns every table gets before the user's, and their DDL (kept uppercase, as EdgeLake writes them).</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> SystemColumns =
    [
        ("row_id", "SERIAL PRIMARY KEY"),
        ("insert_timestamp", "TIMESTAMP NOT NULL DEFAULT NOW()"),
        ("tsd_name", "CHAR(3)"),
        ("tsd_id", "INT"),
    ];

    private readonly List<string> _order = [];
    private readonly Dictionary<string, ColumnType?> _types = new(StringComparer.Ordinal);

    public IReadOnlyList<InferredColumn> Columns =>
        _order.Select(name => new InferredColumn(name, _types[name] ?? ColumnType.Varchar)).ToList();

    /// <summary>Adds the attributes of one JSON object row.</summary>
    public void Add(JsonElement row)
    {
        foreach (var property in row.EnumerateObject())
        {
            var name = ColumnNames.Normalize(property.Name);
            if (IsSystemColumn(name)) continue;
            var type = ColumnTypeInference.Infer(name, property.Value);
            if (!_types.TryGetValue(name, out var known))
            {
                _order.Add(name);
                _types[name] = type;
            }
            else if (type is { } inferred)
            {
                _types[name] = known is { } existing ? existing.Widen(inferred) : inferred;
            }
        }
    }

    public static bool IsSystemColumn(string name) => name is "row_id" or "insert_timestamp" or "tsd_name" or "tsd_id";

    /// <summary>The DDL with newlines and tabs, as executed.</summary>
    public static string CreateStatements(string table, IReadOnlyList<InferredColumn> columns, bool tsdIndex = true)
    {
        var builder = new StringBuilder(256);
        var quoted = SqlIdentifiers.Quote(table);
        builder.Append("CREATE TABLE IF NOT EXISTS ").Append(quoted).Append("(\n");
        var definitions = SystemColumns.Select(c => $"{c.Name} {c.Sql}").Concat(columns.Select(c => $"{SqlIdentifiers.Quote(c.Name)} {c.Type.Sql}"));
        builder.Append(string.Join(",\n", definitions.Select(d => "\t" + d))).Append("\n);");
        foreach (var column in IndexedColumns(columns))
            builder.Append("\nCREATE INDEX ").Append(table).Append('_').Append(column).Append("_index ON ").Append(quoted).Append('(')
                .Append(SqlIdentifiers.Quote(column)).Append(");");
        if (tsdIndex) builder.Append("\nCREATE INDEX ").Append(table).Append("_tsd_index ON ").Append(quoted).Append("(tsd_name, tsd_id);");
        builder.Append("\nCREATE INDEX ").Append(table).Append("_insert_timestamp_index ON ").Append(quoted).Append("(insert_timestamp);");
        return builder.ToString();
    }

    /// <summary>The <c>create</c> attribute of the table policy: the DDL on one line (newlines and tabs become spaces).</summary>
    public static string PolicyCreate(string table, IReadOnlyList<InferredColumn> columns, bool tsdIndex = true) =>
        CreateStatements(table, columns, tsdIndex).Replace('\n', ' ').Replace('\t', ' ');

    private static IEnumerable<string> IndexedColumns(IReadOnlyList<InferredColumn> columns)
    {
        var indexed = columns.Where(c => c.Type.Kind == ColumnKind.Timestamp || c.Name.Contains("sensor_id", StringComparison.Ordinal))
            .Select(c => c.Name).ToList();
        if (columns.FirstOrDefault(c => c.Type.Kind == ColumnKind.Uuid) is { } uuid && !indexed.Contains(uuid.Name)) indexed.Add(uuid.Name);
        indexed.Sort(StringComparer.Ordinal);
        return indexed;
    }
}
