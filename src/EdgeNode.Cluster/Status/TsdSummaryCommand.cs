using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Status;

/// <summary>
/// <c>get tsd summary [where table = *|tsd_N and start_date = .. and end_date = ..]</c>: files and rows of each TSD table,
/// named by member (this node's <c>tsd_info</c> as <c>tsd_&lt;its member&gt;</c>), so the members of a cluster compare
/// like for like (<c>test cluster data</c> asks each member for it).
/// </summary>
internal sealed class TsdSummaryCommand(Node node)
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("table", OptionType.Str, "a TSD table, or * for all") { Default = "*" },
        new OptionSpec("start_date", OptionType.Date, "files from this time"),
        new OptionSpec("end_date", OptionType.Date, "files up to this time"),
        new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    public void Register() =>
        node.AddCommand(new CommandSpec("get tsd summary", "Files and rows of each TSD table, named by cluster member.", GetAsync)
        {
            Usage = "get tsd summary [where table = [*|tsd table] and start_date = [date] and end_date = [date] and format = [table|json]]",
            Examples = ["get tsd summary", "get tsd summary where table = * and format = json", "get tsd summary where start_date = -3d"],
            Where = Schema,
            Http = HttpRule.Get,
            Topics = ["high availability", "tsd"],
        });

    private async ValueTask<CommandResult> GetAsync(CommandContext context)
    {
        if (node.Services.Find<ITimeFiles>() is not { } files)
            return CommandResult.Error(ErrorCode.DbmsNotConnected, "the node has no storage module for tsd_info");
        var options = context.BindWhere();
        var only = options.Str("table", "*").ToLowerInvariant();
        var member = node.Services.Find<IMetadata>()?.NodeOperator?.Member ?? "0";
        var range = new TsdRange { From = options.Date("start_date"), Until = options.Date("end_date") };
        var totals = new List<(string Table, TsdTotals Totals)>();
        foreach (var local in await files.TablesAsync(context.Cancellation))
        {
            var name = local == "tsd_info" && member != "0" ? "tsd_" + member : local;
            if (only != "*" && only != name && only != local) continue;
            totals.Add((name, await files.TotalsAsync(local, range, context.Cancellation)));
        }
        totals.Sort((a, b) => string.CompareOrdinal(a.Table, b.Table));
        if (options.Str("format", "table").Equals("json", StringComparison.OrdinalIgnoreCase))
            return CommandResult.Json(PyJson.Serialize(new JsonObject(totals.Select(t =>
                KeyValuePair.Create(t.Table, (JsonNode?)new JsonObject { ["files"] = t.Totals.Files, ["rows"] = t.Totals.Rows })))));
        return CommandResult.Ok(TableFormatter.Format(["TSD table", "Files", "Rows", "First id", "Last id"],
            totals.Select(t => (IReadOnlyList<object?>)[t.Table, t.Totals.Files, t.Totals.Rows, t.Totals.FirstId, t.Totals.LastId])));
    }
}
