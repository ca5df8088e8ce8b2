using EdgeNode.Cluster.Consumption;
using EdgeNode.Cluster.Sync;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Status;

/// <summary>
/// <c>get ha cluster status [where table = tsd_N]</c> (EdgeLake's <c>get_ha_cluster_stat</c>): per TSD table of the
/// cluster, the safe id on each member (every file id up to it is there: this node's from its consumer, the others' as
/// their summaries reported them) and the consensus, the lowest of them: the files every member holds.
/// </summary>
internal sealed class HaStatusCommand(Node node, ClusterSyncState state)
{
    public const string NotAvailable = "Info on TSD not available - enable Consumer process";

    private static readonly OptionSchema Schema = new(
        new OptionSpec("table", OptionType.Str, "one TSD table (tsd_[member id]), or all") { Default = "all" });

    public void Register() =>
        node.AddCommand(new CommandSpec("get ha cluster status", "Show the safe file id of each TSD table on each member of the cluster, and their consensus.",
            GetAsync)
        {
            Usage = "get ha cluster status [where table = [tsd table]]",
            Explanation = "The safe id of a TSD table on a member: every file id up to it is on that member. The consensus is the lowest: " +
                          "the files every member holds. Needs the consumer (run data consumer): members report their safe ids to it.",
            Examples = ["get ha cluster status", "get ha cluster status where table = tsd_128"],
            Where = Schema,
            Http = HttpRule.Get,
            Topics = ["high availability", "monitor"],
        });

    private async ValueTask<CommandResult> GetAsync(CommandContext context)
    {
        if (node.Processes.Get<ConsumerProcess>(ProcessNames.Consumer) is not { State: ProcessState.Running }) return CommandResult.Ok(NotAvailable);
        var only = context.BindWhere().Str("table", "all").ToLowerInvariant();
        var self = node.Services.Find<IMetadata>()?.NodeOperator;
        var me = self?.Member ?? "0";
        var ownTable = "tsd_" + me;
        var ownLast = node.Services.Find<ITimeFiles>() is { } files
            ? (await files.TotalsAsync("tsd_info", TsdRange.All, context.Cancellation)).LastId
            : 0;
        var columns = new List<string> { me };
        var rows = new List<(string Table, Dictionary<string, long> Ids)>();
        foreach (var sync in state.Tables.Where(t => only == "all" || t.Table == only))
        {
            Dictionary<string, long> ids;
            lock (sync.Gate)
            {
                if (!sync.Tracked && sync.PeerSafeIds.Count == 0) continue;
                ids = new Dictionary<string, long>(sync.PeerSafeIds, StringComparer.Ordinal) { [me] = sync.Table == ownTable ? ownLast : sync.ValidatedId };
            }
            rows.Add((sync.Table, ids));
            columns.AddRange(ids.Keys.Where(k => !columns.Contains(k)));
        }
        if ((only == "all" || only == ownTable) && !rows.Exists(r => r.Table == ownTable))
            rows.Add((ownTable, new Dictionary<string, long>(StringComparer.Ordinal) { [me] = ownLast }));
        var headers = new List<string> { "TSD table", "Consensus" };
        headers.AddRange(columns);
        var table = rows.OrderBy(r => r.Table, StringComparer.Ordinal).Select(r =>
        {
            var cells = new List<object?> { r.Table, columns.Min(c => r.Ids.GetValueOrDefault(c)) };
            cells.AddRange(columns.Select(c => (object?)r.Ids.GetValueOrDefault(c)));
            return (IReadOnlyList<object?>)cells;
        });
        return CommandResult.Ok(TableFormatter.Format(headers, table, $"Status by member {me}"));
    }
}
