using System.Globalization;
using System.Text;

namespace EdgeNode.Core.Output;

/// <summary>
/// Writes a query result in EdgeLake's reply shapes (reference <c>sql_*.txt</c>): JSON rows are compact objects written
/// as they arrive, so a large result streams; the table format prints blocks of 25 rows (<see cref="TableBlocks"/>).
/// Shared by the local <c>sql</c> command and the distributed query layer so both print the same bytes.
/// </summary>
public sealed class QueryOutputWriter
{
    private readonly TextWriter _writer;
    private readonly QueryOutputFormat _format;
    private readonly bool _statistics;
    private readonly IReadOnlyList<string> _columns;
    private readonly TableBlocks? _table;
    private readonly StringBuilder _row = new(256);
    private long _count;

    public QueryOutputWriter(TextWriter writer, QueryOutputFormat format, bool statistics, IReadOnlyList<string> columns)
    {
        _writer = writer;
        _format = format;
        _statistics = statistics;
        _columns = columns;
        if (format == QueryOutputFormat.Table) _table = new TableBlocks(columns);
    }

    public long Count => _count;

    /// <summary>
    /// Rows in Python's <c>json.dumps</c> spacing (<c>{"Query": [{"a": 1, "b": "x"},{...}]}</c>): how EdgeLake prints a
    /// network result whose values it converted (time zones, output casts), reference <c>sql_select_json_network.txt</c>.
    /// </summary>
    public bool PythonSpacing { get; init; }

    /// <summary>
    /// NULL as <c>""</c> in JSON rows, as EdgeLake prints the rows of its own databases (local <c>sql</c>, and the network
    /// answers its query node consolidates: <c>{"max(value)":"","count(*)":0}</c>); rows it passes through from the operators
    /// keep <c>null</c>. See docs/query.md "NULL in JSON answers".
    /// </summary>
    public bool NullAsEmptyText { get; init; }

    public async ValueTask WriteRowAsync(IReadOnlyList<object?> values, CancellationToken cancellation = default)
    {
        if (_table is not null)
        {
            _count++;
            if (_table.Add(values) is { } block) await _writer.WriteAsync(block.AsMemory(), cancellation);
            return;
        }
        _row.Clear();
        _row.Append(_format switch
        {
            QueryOutputFormat.Json => _count == 0 ? PythonSpacing ? "{\"Query\": [" : "{\"Query\":[" : ",",
            // one row a line, as EdgeLake's output_data.py joins them (",\n"): line-reading clients see the same lines
            QueryOutputFormat.JsonList => _count == 0 ? "[" : ",\n",
            _ => _count == 0 ? "" : "\n",
        });
        AppendJsonRow(_row, _columns, values, PythonSpacing, NullAsEmptyText);
        _count++;
        await _writer.WriteAsync(_row.ToString().AsMemory(), cancellation);
    }

    /// <summary>
    /// Closes the JSON, or writes the table's last block, then the statistics when asked for. An answer without rows is,
    /// as EdgeLake prints it in every format, only the statistics (on three lines) or, with <c>stat = false</c>,
    /// <c>{"reply" : "Empty data set"}</c>. <c>json:list</c> and <c>json:output</c> rows are followed, as EdgeLake's
    /// (<c>generic/output_data.py</c> <c>finalize</c>), by a line with the statistics unless <c>stat = false</c>: clients
    /// written for EdgeLake drop that last line, or ask for <c>stat = false</c>.
    /// </summary>
    public async ValueTask CompleteAsync(QueryStatistics statistics, CancellationToken cancellation = default)
    {
        var builder = new StringBuilder();
        if (_count == 0)
            builder.Append(_statistics ? "\n{" + StatisticsEntry(statistics, compact: false) + "}" : EmptyReply);
        else
            switch (_format)
            {
                case QueryOutputFormat.Json:
                    builder.Append(']');
                    if (_statistics) builder.Append(",\n").Append(StatisticsEntry(statistics, compact: true));
                    builder.Append('}');
                    break;
                case QueryOutputFormat.JsonList:
                    builder.Append(']');
                    if (_statistics) builder.Append("\n{").Append(StatisticsEntry(statistics, compact: true)).Append('}');
                    break;
                case QueryOutputFormat.JsonOutput:
                    if (_statistics) builder.Append("\n{").Append(StatisticsEntry(statistics, compact: true)).Append('}');
                    break;
                case QueryOutputFormat.Table:
                    if (_table!.HasRows) builder.Append(_table.Flush());
                    if (_statistics) builder.Append('\n').Append('{').Append(StatisticsEntry(statistics, compact: false)).Append('}');
                    break;
            }
        await _writer.WriteAsync(builder.ToString().AsMemory(), cancellation);
    }

    /// <summary>What EdgeLake answers for a query without rows when no statistics are asked for.</summary>
    public const string EmptyReply = "{\"reply\" : \"Empty data set\"}";

    /// <summary><c>"Statistics":[{"Count": 3,"Time":"00:00:00","Nodes": 1}]</c>; the table form breaks lines as EdgeLake does.</summary>
    public static string StatisticsEntry(QueryStatistics statistics, bool compact)
    {
        var time = $"{(int)statistics.Time.TotalHours:00}:{statistics.Time.Minutes:00}:{statistics.Time.Seconds:00}";
        var separator = compact ? "," : ",\n                ";
        return $"\"Statistics\":[{{\"Count\": {statistics.Count.ToString(CultureInfo.InvariantCulture)}{separator}" +
               $"\"Time\":\"{time}\"{separator}\"Nodes\": {statistics.Nodes.ToString(CultureInfo.InvariantCulture)}}}]";
    }

    /// <summary>A row as a compact JSON object: <c>{"col":value,"col2":value}</c>.</summary>
    public static void AppendJsonRow(StringBuilder builder, IReadOnlyList<string> columns, IReadOnlyList<object?> values,
        bool pythonSpacing = false, bool nullAsEmptyText = false)
    {
        builder.Append('{');
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) builder.Append(pythonSpacing ? ", " : ",");
            PyJson.WriteString(builder, columns[i]);
            builder.Append(pythonSpacing ? ": " : ":");
            var value = i < values.Count ? values[i] : null;
            if (nullAsEmptyText && value is null or DBNull) builder.Append("\"\"");
            else AppendJsonValue(builder, value);
        }
        builder.Append('}');
    }

    public static void AppendJsonValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null or DBNull: builder.Append("null"); break;
            case bool b: builder.Append(b ? "true" : "false"); break;
            case long or int or short or byte or sbyte or uint or ushort or ulong:
                builder.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)); break;
            case double d: builder.Append(double.IsFinite(d) ? PythonFormat.FloatRepr(d) : "null"); break;
            case float f: builder.Append(PythonFormat.FloatRepr(f)); break;
            case decimal m: builder.Append(PythonFormat.FloatRepr((double)m)); break;
            default: PyJson.WriteString(builder, CellText(value)); break;
        }
    }

    /// <summary>The text of a value as both formats show it: timestamps <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, floats as Python.</summary>
    public static string CellText(object? value) => value switch
    {
        null or DBNull => "",
        string s => s,
        bool b => PythonFormat.Bool(b),
        double d => PythonFormat.FloatRepr(d),
        float f => PythonFormat.FloatRepr(f),
        decimal m => PythonFormat.FloatRepr((double)m),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
