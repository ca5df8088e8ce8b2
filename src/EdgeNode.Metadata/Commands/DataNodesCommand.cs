using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Metadata.Commands;

/// <summary>
/// <c>get data nodes</c>: for each table in the metadata layer, the clusters that host it and their operators
/// (columns and blanks as EdgeLake prints them: a table's company, dbms and name on its first row, a cluster's id on
/// its first operator's row).
/// </summary>
internal sealed class DataNodesCommand(MetadataService service)
{
    private static readonly string[] Headers =
        ["Company", "DBMS", "Table", "Cluster ID", "Cluster Status", "Node Name", "Member ID", "External IP/Port", "Local IP/Port", "Main", "Node Status"];

    private static readonly OptionSchema Schema = new(
        new OptionSpec("company", OptionType.Str, "only this company"),
        new OptionSpec("dbms", OptionType.Str, "only this database"),
        new OptionSpec("table", OptionType.Str, "only this table"),
        new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    public void Register(Node node) =>
        node.AddCommand(new CommandSpec("get data nodes", "List the operators that host each table: cluster, member id, addresses, status.", Run)
        {
            Usage = "get data nodes [where company = [company] and dbms = [dbms] and table = [table] and format = [table/json]]",
            Examples = ["get data nodes", "get data nodes where dbms = lsl_demo and table = ping_sensor", "get data nodes where format = json"],
            Where = Schema,
            Http = HttpRule.Get,
            Topics = ["metadata", "high availability"],
        });

    private ValueTask<CommandResult> Run(CommandContext context)
    {
        var options = context.BindWhere();
        var company = options.Str("company");
        var dbms = options.Str("dbms");
        var table = options.Str("table");
        var rows = new List<object?[]>();
        foreach (var (key, clusters) in service.Store.Layer.Tables)
        {
            if (!Matches(company, key.Company) || !Matches(dbms, key.Dbms) || !Matches(table, key.Table)) continue;
            var first = true;
            foreach (var cluster in clusters)
            {
                var clusterId = cluster.Id;
                foreach (var op in cluster.Operators)
                {
                    // as EdgeLake lists them: the company, dbms and table on a table's first row, the cluster on its first operator's
                    rows.Add([first ? key.Company : "", first ? key.Dbms : "", first ? key.Table : "", clusterId, cluster.Status, op.Name, op.MemberId,
                        op.ExternalIpPort, op.LocalIpPort ?? "", op.IsMain ? " +" : " -", BlockchainQueryCommands.StatusText(service.StatusOf(op))]);
                    first = false;
                    clusterId = "";
                }
            }
        }
        if (options.Str("format", "table").Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            var list = new JsonArray();
            object? rowCompany = null, rowDbms = null;
            foreach (var row in rows)
            {
                // EdgeLake's JSON repeats the company and the dbms on every row (not the table nor the cluster)
                row[0] = rowCompany = row[0] is "" ? rowCompany : row[0];
                row[1] = rowDbms = row[1] is "" ? rowDbms : row[1];
                var obj = new JsonObject();
                for (var i = 0; i < Headers.Length; i++)
                    obj[Headers[i]] = row[i] switch { long n => JsonValue.Create(n), null => null, var v => JsonValue.Create(v.ToString()) };
                list.Add((JsonNode)obj);
            }
            return ValueTask.FromResult(CommandResult.Json(PyJson.Serialize(list)));
        }
        return ValueTask.FromResult(CommandResult.Ok(TableFormatter.Format(Headers, rows)));
    }

    /// <summary>A <c>where</c> filter: absent or <c>*</c> matches anything, else the value without case.</summary>
    public static bool Matches(string? filter, string value) => filter is null || filter == "*" || string.Equals(filter, value, StringComparison.OrdinalIgnoreCase);
}
