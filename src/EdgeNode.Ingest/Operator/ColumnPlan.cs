using EdgeNode.Core.Ingest;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Json;
using ColumnType = EdgeNode.Core.Storage.ColumnType;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// How the rows of a file map onto a table: the columns a load writes (every column the database does not fill itself),
/// their types, where the node's own columns are (<c>insert_timestamp</c>, <c>tsd_name</c>, <c>tsd_id</c>), and which
/// columns take the insert time when a row has no value (<c>NOT NULL DEFAULT NOW()</c>). Built once per table schema and
/// shared by every file of the table.
/// </summary>
internal sealed class ColumnPlan
{
    /// <summary>An attribute that is one of the node's own columns: its value is ignored.</summary>
    public const int Ignored = -1;

    /// <summary>An attribute that is not a column of the table (schema drift).</summary>
    public const int Unknown = -2;

    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

    public ColumnPlan(TableSchema schema)
    {
        Schema = schema;
        var loaded = schema.Columns.Where(c => !c.Generated).ToList();
        Columns = loaded.Select(c => c.Name).ToArray();
        Types = loaded.Select(c => c.Type).ToArray();
        var fillNow = new List<int>();
        for (var i = 0; i < loaded.Count; i++)
        {
            var column = loaded[i];
            switch (column.Name.ToLowerInvariant())
            {
                case "insert_timestamp": InsertTimestamp = i; _byName[column.Name] = Ignored; continue;
                case "tsd_name": TsdName = i; _byName[column.Name] = Ignored; continue;
                case "tsd_id": TsdId = i; _byName[column.Name] = Ignored; continue;
            }
            _byName[column.Name] = i;
            if (column.NotNull && column.Default is { } value && IsNow(value)) fillNow.Add(i);
        }
        _byName["row_id"] = Ignored;
        FillNow = fillNow.ToArray();
    }

    public TableSchema Schema { get; }

    /// <summary>Column names in load order (<see cref="IDbms.BeginLoadAsync"/>).</summary>
    public string[] Columns { get; }

    public ColumnType[] Types { get; }

    public int InsertTimestamp { get; } = -1;
    public int TsdName { get; } = -1;
    public int TsdId { get; } = -1;

    /// <summary>Columns set to the insert time when a row gives no value.</summary>
    public int[] FillNow { get; }

    /// <summary>The column of a JSON attribute: its name as written, else normalized (SPEC §5); <see cref="Ignored"/> or <see cref="Unknown"/>.</summary>
    public int Find(string attribute)
    {
        if (_byName.TryGetValue(attribute, out var column)) return column;
        var normalized = ColumnNames.Normalize(attribute);
        return _byName.TryGetValue(normalized, out column) ? column : Unknown;
    }

    private static bool IsNow(string expression)
    {
        var lower = expression.ToLowerInvariant();
        return lower.Contains("now", StringComparison.Ordinal) || lower.Contains("current_", StringComparison.Ordinal)
                                                               || lower.Contains("strftime", StringComparison.Ordinal);
    }
}
