using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Metadata.Commands;

/// <summary>
/// <c>get cluster info</c>: each cluster of the metadata layer with the tables it hosts and its operators (member id, main,
/// reachability), for clients that list where data lives. <c>get data nodes</c> shows the same per table.
/// </summary>
internal sealed class ClusterInfoCommand(MetadataService service)
{
    private static readonly string[] Headers = ["Cluster ID", "Cluster Name", "Company", "Status", "Tables", "Operators"];

    private static readonly OptionSchema Schema = new(
        new OptionSpec("company", OptionType.Str, "only this company's clusters"),
        new OptionSpec("name", OptionType.Str, "only the cluster of this name"),
        new OptionSpec("id", OptionType.Str, "only the cluster of this id"),
        new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    public void Register(Node node) =>
        node.AddCommand(new CommandSpec("get cluster info", "List the clusters: the tables each hosts and its operators.", Run)
        {
            Usage = "get cluster info [where company = [company] and name = [cluster name] and id = [cluster id] and format = [table/json]]",
            Examples = ["get cluster info", "get cluster info where company = acme and format = json"],
            Where = Schema,
            Http = HttpRule.Get,
            Topics = ["metadata", "high availability"],
        });

    private ValueTask<CommandResult> Run(CommandContext context)
    {
        var options = context.BindWhere();
        var clusters = service.Store.Layer.Clusters
            .Where(c => DataNodesCommand.Matches(options.Str("company"), c.Company) && DataNodesCommand.Matches(options.Str("name"), c.Name) &&
                        DataNodesCommand.Matches(options.Str("id"), c.Id))
            .OrderBy(c => c.Company, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        string OperatorText(Layer.OperatorEntry op) =>
            $"{op.Name}@{op.ExternalIpPort} ({(op.IsMain ? "main, " : "")}member {op.MemberId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, " +
            $"{BlockchainQueryCommands.StatusText(service.StatusOf(op))})";
        if (options.Str("format", "table").Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            var list = new JsonArray();
            foreach (var cluster in clusters)
                list.Add((JsonNode)new JsonObject
                {
                    ["id"] = cluster.Id, ["name"] = cluster.Name, ["company"] = cluster.Company, ["status"] = cluster.Status,
                    ["tables"] = new JsonArray([.. cluster.Tables.Select(t => (JsonNode)new JsonObject { ["dbms"] = t.Dbms, ["table"] = t.Table })]),
                    ["operators"] = new JsonArray([.. cluster.Operators.Select(o => (JsonNode)new JsonObject
                    {
                        ["name"] = o.Name, ["ip_port"] = o.ExternalIpPort, ["local_ip_port"] = o.LocalIpPort, ["member"] = o.MemberId, ["main"] = o.IsMain,
                        ["status"] = BlockchainQueryCommands.StatusText(service.StatusOf(o)),
                    })]),
                });
            return ValueTask.FromResult(CommandResult.Json(PyJson.Serialize(list)));
        }
        var rows = clusters.Select(c => (IReadOnlyList<object?>)
        [
            c.Id, c.Name, c.Company, c.Status, string.Join(", ", c.Tables.Select(t => $"{t.Dbms}.{t.Table}")), string.Join(", ", c.Operators.Select(OperatorText)),
        ]);
        return ValueTask.FromResult(CommandResult.Ok(TableFormatter.Format(Headers, rows)));
    }
}
