namespace EdgeNode.TestSupport;

/// <summary>
/// The policies of an HA network in tests: a cluster, its operators with fixed member ids (so every ledger holds the same
/// policies: a member id drawn at insert would differ from node to node), and the table they replicate with the child
/// cluster that assigns it, so the operators create it from one statement and a query node finds its operators.
/// </summary>
public static class HaPolicies
{
    public const string Company = "HA Test Co";
    public const string Dbms = "test";
    public const string Table = "readings";

    public const string Create =
        "CREATE TABLE IF NOT EXISTS readings(row_id SERIAL PRIMARY KEY, insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(), tsd_name CHAR(3), " +
        "tsd_id INT, device VARCHAR, seq INT, value FLOAT, timestamp TIMESTAMP NOT NULL DEFAULT NOW()); " +
        "CREATE INDEX readings_timestamp_index ON readings(timestamp);";

    public static string Cluster(string name) => $"{{\"cluster\": {{\"company\": \"{Company}\", \"name\": \"{name}\"}}}}";

    public static string Operator(string name, int port, string clusterId, int member, bool main) =>
        $"{{\"operator\": {{\"name\": \"{name}\", \"company\": \"{Company}\", \"ip\": \"127.0.0.1\", \"local_ip\": \"127.0.0.1\", \"port\": {port}, " +
        $"\"rest_port\": {port}, \"cluster\": \"{clusterId}\", \"member\": {member}, \"main\": {(main ? "true" : "false")}}}}}";

    public static string TablePolicy() =>
        $"{{\"table\": {{\"name\": \"{Table}\", \"dbms\": \"{Dbms}\", \"create\": \"{Create}\"}}}}";

    public static string TableCluster(string clusterId, string name) =>
        $"{{\"cluster\": {{\"parent\": \"{clusterId}\", \"name\": \"{name}-{Table}\", \"company\": \"{Company}\", " +
        $"\"table\": [{{\"dbms\": \"{Dbms}\", \"name\": \"{Table}\"}}]}}}}";

    /// <summary><paramref name="count"/> JSON rows (one per line) of device <paramref name="device"/> numbered from <paramref name="first"/>.</summary>
    public static string Rows(string device, int first, int count, DateTime start)
    {
        var rows = new System.Text.StringBuilder();
        for (var i = first; i < first + count; i++)
            rows.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"device\": \"{device}\", \"seq\": {i}, \"value\": {i % 997 + 0.25}, \"timestamp\": \"{start.AddSeconds(i):yyyy-MM-ddTHH:mm:ss}Z\"}}\n");
        return rows.ToString();
    }

    /// <summary>The query that reads a member's rows for comparison: every column but the local row id and insert time, in one order.</summary>
    public const string OrderedRows = "select tsd_name, tsd_id, device, seq, value, timestamp from readings order by tsd_name, tsd_id, device, seq";

    /// <summary>
    /// The count and hash of the rows a member printed for <see cref="OrderedRows"/> (<c>format = json</c>): the JSON rows
    /// are hashed, not the text around them, so an in-process node's answer and a node process's output compare.
    /// </summary>
    public static (long Count, string Hash) RowsOf(string text)
    {
        var rows = System.Text.Json.Nodes.JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["Query"]!.AsArray();
        return (rows.Count, Hash(rows.ToJsonString()));
    }

    /// <summary>SHA-256 of a text (the ordered rows of a member).</summary>
    public static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
