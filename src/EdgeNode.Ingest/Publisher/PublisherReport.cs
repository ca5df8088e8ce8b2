using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Output;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// <c>get publisher</c> views as text tables or JSON: the files shipped per table and destination (EdgeLake's
/// <c>files</c> topic, with rows and the last file added) followed by the files not confirmed yet; the <c>summary</c>;
/// the <c>config</c>; and <c>get publisher distribution</c>.
/// </summary>
internal static class PublisherReport
{
    private static readonly string[] FileHeaders = ["DBMS", "Table", "Destination", "Files", "Rows", "Errors", "Last file", "Last error"];
    private static readonly string[] WaitingHeaders = ["Table", "Waiting for", "Files"];

    public static readonly string[] SummaryHeaders =
    [
        "Node name", "Status", "Operational time", "Elapsed time", "New files", "Total files", "New rows", "Total rows", "New errors",
        "Total errors", "Files waiting", "Last file",
    ];

    /// <summary>A file waiting in the watch dir for a cluster, as the files view names what it waits for.</summary>
    public const string NoCluster = "a cluster hosting the table";

    public static string FilesText(PublisherStatistics stats, IReadOnlyList<(string Table, string Route, int Files)> waiting)
    {
        var rows = stats.Snapshot().Select(c => (IReadOnlyList<object?>)
            [c.Dbms, c.Table, c.Destination, c.Files, c.Rows, c.Errors, c.LastFile, c.LastError]).ToList();
        var builder = new StringBuilder(rows.Count == 0
            ? TableFormatter.NewLine + "\nStats: PUBLISHER FILES" + TableFormatter.NewLine + "No files shipped yet" + TableFormatter.NewLine
            : TableFormatter.Format(FileHeaders, rows, "\nStats: PUBLISHER FILES"));
        if (waiting.Count > 0)
            builder.Append(TableFormatter.Format(WaitingHeaders, waiting.Select(w => (IReadOnlyList<object?>)[w.Table, w.Route, w.Files]),
                "\nFiles not confirmed by an operator yet"));
        return builder.ToString();
    }

    public static string FilesJson(PublisherStatistics stats, IReadOnlyList<(string Table, string Route, int Files)> waiting)
    {
        var files = new JsonArray();
        foreach (var c in stats.Snapshot())
            files.Add((JsonNode)new JsonObject
            {
                ["dbms"] = c.Dbms, ["table"] = c.Table, ["destination"] = c.Destination, ["files"] = c.Files, ["rows"] = c.Rows,
                ["errors"] = c.Errors, ["last_file"] = c.LastFile, ["last_file_time"] = Time(c.Last), ["last_error"] = c.LastError,
                ["last_error_time"] = Time(c.LastErrorTime),
            });
        var pending = new JsonArray();
        foreach (var (table, route, count) in waiting) pending.Add((JsonNode)new JsonObject { ["table"] = table, ["waiting_for"] = route, ["files"] = count });
        return PyJson.Serialize(new JsonObject { ["files"] = files, ["waiting"] = pending });
    }

    /// <summary>The summary's values; its "new" columns count from the previous summary, which this one becomes.</summary>
    public static object?[] SummaryRow(string nodeName, PublisherProcess? process, bool running, PublisherStatistics stats, int waiting, DateTime now)
    {
        var (lastAt, lastFiles, lastRows, lastErrors) = stats.LastSummary;
        var since = lastAt == default ? process?.StartedAt ?? now : lastAt;
        stats.LastSummary = (now, stats.TotalFiles, stats.TotalRows, stats.TotalErrors);
        return
        [
            nodeName, running ? "Running" : "Not running", running ? OperatorReport.Elapsed(now - process!.StartedAt) : "00:00:00",
            OperatorReport.Elapsed(now - since), stats.TotalFiles - lastFiles, stats.TotalFiles, stats.TotalRows - lastRows, stats.TotalRows,
            stats.TotalErrors - lastErrors, stats.TotalErrors, waiting, stats.LastFile,
        ];
    }

    public static List<(string, object?)> ConfigValues(PublisherProcess? process, bool running, DateTime now)
    {
        var options = process?.Options;
        var values = new List<(string, object?)>
        {
            ("Status", running ? "Running" : "Not running"),
            ("Operational time", running ? OperatorReport.Elapsed(now - process!.StartedAt) : "00:00:00"),
        };
        if (options is null) return values;
        values.Add(("Watch dir", options.WatchDir));
        values.Add(("Kept files", options is { DeleteJson: true, DeleteSql: true } ? "deleted" : options.BkupDir));
        values.Add(("Error dir", options.ErrDir));
        values.Add(("Delete JSON", options.DeleteJson));
        values.Add(("Delete SQL", options.DeleteSql));
        values.Add(("Compress JSON", options.CompressJson));
        values.Add(("Compress SQL", options.CompressSql));
        values.Add(("Company", options.Company ?? "by database"));
        values.Add(("Master", options.Master?.ToString() ?? ""));
        values.Add(("Threads", options.Threads));
        if (!running) return values;
        values.Add(("Files waiting for a cluster", process!.WaitingForCluster().Sum(w => w.Files)));
        values.Add(("Files not confirmed", process.Routed().Sum(r => r.Files)));
        values.Add(("Failing operators", string.Join(", ", process.Failing().Select(f => $"{f.Destination} ({f.Failures} failures)"))));
        return values;
    }

    /// <summary>Attribute / value rows as a text table, or a JSON object keyed by the attribute in snake case.</summary>
    public static string Attributes(IReadOnlyList<(string Name, object? Value)> values, bool json)
    {
        if (!json) return TableFormatter.Format(["Attribute", "Value"], values.Select(v => (IReadOnlyList<object?>)[v.Name, v.Value]));
        var body = new JsonObject();
        foreach (var (name, value) in values) body[name.ToLowerInvariant().Replace(' ', '_')] = OperatorCommands.Node(value);
        return PyJson.Serialize(body);
    }

    public static string Distribution(DataDistribution distribution, bool json)
    {
        var entries = distribution.List();
        if (json)
        {
            var list = new JsonArray();
            foreach (var (dbms, table, destinations) in entries)
                list.Add((JsonNode)new JsonObject
                {
                    ["dbms"] = dbms, ["table"] = table, ["destinations"] = new JsonArray(destinations.Select(d => (JsonNode?)d.ToString()).ToArray()),
                });
            return PyJson.Serialize(list);
        }
        if (entries.Count == 0) return "No data distribution set: files go to the clusters hosting their tables";
        return TableFormatter.Format(["DBMS", "Table", "Destinations"],
            entries.Select(e => (IReadOnlyList<object?>)[e.Dbms, e.Table, string.Join(", ", e.Destinations)]), "\nPublisher data distribution");
    }

    private static string Time(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
