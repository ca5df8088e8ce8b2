using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Output;
using static EdgeNode.Ingest.Operator.OperatorStatistics;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// <c>get operator</c> in EdgeLake's shapes (reference <c>get_operator*.txt</c>): four sections (JSON files, SQL files per
/// physical table, inserts, errors) as text tables, or as the JSON list <c>[{json}, {sql}, {inserts}, [errors]]</c>;
/// plus the <c>summary</c> and <c>config</c> views.
/// </summary>
internal static class OperatorReport
{
    public static readonly string[] Sections = ["json", "sql", "inserts", "error"];

    public static string Text(OperatorStatistics stats, IReadOnlyCollection<string> sections, DateTime now)
    {
        var builder = new StringBuilder();
        if (sections.Contains("json")) builder.Append(Section("JSON", FileHeaders, FileRows(stats.JsonFiles(), now)));
        if (sections.Contains("sql")) builder.Append(Section("SQL", FileHeaders, FileRows(stats.SqlFiles(), now)));
        if (sections.Contains("inserts")) builder.Append(Section("INSERTS", InsertHeaders, InsertRows(stats.Inserts(), now)));
        if (sections.Contains("error")) builder.Append(Section("ERROR", ErrorHeaders, ErrorRows(stats, now)));
        return builder.ToString();
    }

    /// <summary>EdgeLake joins the sections' <c>json.dumps</c> with a bare comma.</summary>
    public static string Json(OperatorStatistics stats, IReadOnlyCollection<string> sections, DateTime now)
    {
        var parts = new List<string>();
        if (sections.Contains("json")) parts.Add(PyJson.Serialize(ByDbms(stats.JsonFiles(), c => FileJson(c, now))));
        if (sections.Contains("sql")) parts.Add(PyJson.Serialize(ByDbms(stats.SqlFiles(), c => FileJson(c, now))));
        if (sections.Contains("inserts")) parts.Add(PyJson.Serialize(ByDbms(stats.Inserts(), c => InsertJson(c, now))));
        if (sections.Contains("error")) parts.Add(PyJson.Serialize(ErrorsJson(stats, now)));
        return "[" + string.Join(",", parts) + "]";
    }

    private static readonly string[] FileHeaders = ["DBMS", "Table", "Files", "Immediate", "Timestamp", "Elapsed_time"];
    private static readonly string[] InsertHeaders = ["DBMS", "Table", "First insert", "Last insert", "Batch inserts", "Immediate inserts", "DBMS Seconds"];
    private static readonly string[] ErrorHeaders = ["Type", "Counter", "Timestamp", "Elapsed time", "Dbms name", "Table name", "Last error", "Last error text"];

    private static string Section(string name, string[] headers, List<IReadOnlyList<object?>> rows) =>
        rows.Count == 0
            ? TableFormatter.NewLine + "\nStats: OPERATOR " + name + TableFormatter.NewLine
            : TableFormatter.Format(headers, rows, title: "\nStats: OPERATOR " + name);

    private static List<IReadOnlyList<object?>> FileRows(IReadOnlyList<(string Dbms, string Table, FileCounter Counter)> counters, DateTime now) =>
        Grouped(counters, c => [c.Files, c.Immediate, Epoch(c.Last), Elapsed(now - c.Last)]);

    private static List<IReadOnlyList<object?>> InsertRows(IReadOnlyList<(string Dbms, string Table, InsertCounter Counter)> counters, DateTime now) =>
        Grouped(counters, c =>
        [
            Elapsed(now - (c.First ?? now)), Elapsed(now - c.Last), c.BatchRows, c.ImmediateRows,
            c.DbmsSeconds.ToString("0.000", CultureInfo.InvariantCulture),
        ]);

    /// <summary>Rows with the DBMS named only on its first table, as EdgeLake prints them.</summary>
    private static List<IReadOnlyList<object?>> Grouped<T>(IReadOnlyList<(string Dbms, string Table, T Counter)> counters, Func<T, object?[]> values)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var group in counters.GroupBy(c => c.Dbms))
        {
            var first = true;
            foreach (var (dbms, table, counter) in group)
            {
                rows.Add([first ? dbms : "", table, .. values(counter)]);
                first = false;
            }
        }
        return rows;
    }

    private static List<IReadOnlyList<object?>> ErrorRows(OperatorStatistics stats, DateTime now) =>
        [ErrorRow(stats.JsonErrors, now), ErrorRow(stats.SqlErrors, now)];

    private static IReadOnlyList<object?> ErrorRow(ErrorCounter errors, DateTime now) =>
    [
        errors.Type, errors.Counter, errors.Last is { } at ? Epoch(at) : 0, errors.Last is { } last ? Elapsed(now - last) : "00:00:00",
        errors.Dbms, errors.Table, errors.Code, errors.Text,
    ];

    private static JsonObject ByDbms<T>(IReadOnlyList<(string Dbms, string Table, T Counter)> counters, Func<T, JsonArray> values)
    {
        var json = new JsonObject();
        foreach (var (dbms, table, counter) in counters)
        {
            if (json[dbms] is not JsonObject tables) json[dbms] = tables = new JsonObject();
            tables[table] = values(counter);
        }
        return json;
    }

    // the constructor, not a collection expression: that would add through JsonArray.Add<T>, which needs reflection (Native AOT)
    private static JsonArray FileJson(FileCounter c, DateTime now) => new(c.Files, c.Immediate, Epoch(c.Last), Elapsed(now - c.Last));

    private static JsonArray InsertJson(InsertCounter c, DateTime now) =>
        new(Epoch(c.First ?? now), Epoch(c.Last), Elapsed(now - (c.First ?? now)), Elapsed(now - c.Last), c.BatchRows, c.ImmediateRows, c.DbmsSeconds);

    private static JsonArray ErrorsJson(OperatorStatistics stats, DateTime now) =>
        new(ErrorJson(stats.JsonErrors, now), ErrorJson(stats.SqlErrors, now));

    private static JsonObject ErrorJson(ErrorCounter errors, DateTime now) => new()
    {
        ["type"] = errors.Type,
        ["counter"] = errors.Counter,
        ["timestamp"] = errors.Last is { } at ? Epoch(at) : 0,
        ["elapsed time"] = errors.Last is { } last ? Elapsed(now - last) : "00:00:00",
        ["dbms name"] = errors.Dbms,
        ["table name"] = errors.Table,
        ["last error"] = errors.Code,
        ["last error text"] = errors.Text,
    };

    public static long Epoch(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    public static string Elapsed(TimeSpan elapsed) => ElapsedTime.Format(elapsed);
}
