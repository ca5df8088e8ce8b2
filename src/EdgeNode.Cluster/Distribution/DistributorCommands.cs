using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Cluster.Sync;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;

namespace EdgeNode.Cluster.Distribution;

/// <summary><c>run data distributor</c> and <c>get distributor</c> (<c>exit distributor</c> is generic).</summary>
internal static class DistributorCommands
{
    public static void Register(Node node, DistributorStatistics stats, ClusterSyncState state)
    {
        node.AddCommand(new CommandSpec("run data distributor", "Send the files this node ingested to the other members of its cluster, then archive them.",
            context => RunAsync(context, stats, state))
        {
            Usage = "run data distributor [where cluster_id = [cluster id] and distr_dir = [directory] and archive_dir = [directory]]",
            Explanation =
                "Works with the operator of this node (started before it, it waits for it), which leaves each loaded file in distr_dir " +
                "under its 8-section name while a distributor runs (unless 'distributor = false'): member, tsd_info row id, date. " +
                "Each file goes into the watch dir of every other member of the cluster (TCP file " +
                "transfer), where it is loaded into tsd_<member> with the same rows, then it is archived in archive_dir/YY/MM/DD. A member " +
                "that is not reached is marked not responding and skipped (its consumer asks for the files later) and pinged until it answers.",
            Examples = ["run data distributor", "run data distributor where cluster_id = 87bd559697640dad9bdd4c356a4f7421 and distr_dir = !distr_dir"],
            Where = DistributorOptions.Schema,
            Topics = ["high availability", "background processes"],
        });
        node.AddCommand(new CommandSpec("get distributor", "Show the distributor: files waiting, archived, and what each cluster member got.",
            context => Get(context, stats))
        {
            Usage = "get distributor [where format = json]",
            Examples = ["get distributor", "get distributor where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["high availability", "monitor"],
        });
    }

    private static async ValueTask<CommandResult> RunAsync(CommandContext context, DistributorStatistics stats, ClusterSyncState state)
    {
        var node = context.Node;
        var bound = context.BindWhere();
        var given = new DistributorOptions.Given(bound.Str("cluster_id"), bound.Str("distr_dir"), bound.Str("archive_dir"));
        // started before the operator (EdgeLake's deployment scripts do), it waits for it; a running operator must fit
        var self = node.Services.Find<IMetadata>()?.NodeOperator;
        if (self is not null && given.Over(self) is null)
            return CommandResult.Error(ErrorCode.OperatorClusterMissing,
                $"the operator policy {self.PolicyId} names no cluster and member id: no cluster to distribute to (or give cluster_id)");
        var result = await node.Processes.StartAsync(new DistributorProcess(node, given, stats, state), context.Cancellation);
        if (result.IsError) return result;
        if (self is null) return CommandResult.Ok("The distributor waits for the operator of this node (run operator where policy = ...)");
        return self.Distributor == false
            ? CommandResult.Ok("The operator runs with 'distributor = false': it archives its files instead of leaving them in distr_dir")
            : result;
    }

    private static ValueTask<CommandResult> Get(CommandContext context, DistributorStatistics stats)
    {
        var process = context.Node.Processes.Get<DistributorProcess>(ProcessNames.Distributor);
        var running = process is { State: ProcessState.Running };
        var peers = stats.Peers;
        if (CommandHelpers.WantsJson(context))
        {
            var json = new JsonObject
            {
                ["status"] = running ? "Running" : "Not running",
                ["cluster"] = process?.Options?.ClusterId,
                ["distr_dir"] = process?.Options?.DistrDir,
                ["archive_dir"] = process?.Options?.ArchiveDir,
                ["pending"] = process?.Pending ?? 0,
                ["archived"] = stats.Archived,
                ["members"] = new JsonArray([.. peers.Select(p => (JsonNode)Peer(p))]),
            };
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        var header = TableFormatter.Format(["Status", "Cluster", "Distribution dir", "Archive dir", "Files waiting", "Files archived"],
            [[running ? "Running" : "Not running", process?.Options?.ClusterId ?? "", process?.Options?.DistrDir ?? "", process?.Options?.ArchiveDir ?? "",
                process?.Pending ?? 0, stats.Archived]], "Distributor");
        if (peers.Count == 0) return CommandHelpers.Done(header);
        var rows = peers.Select(p =>
        {
            lock (p)
                return (IReadOnlyList<object?>)[p.Member, p.Name, p.Address, p.Files, p.Bytes, p.Failures, Time(p.LastSent), p.LastError];
        });
        return CommandHelpers.Done(header + TableFormatter.Format(
            ["Member", "Name", "Address", "Files sent", "Bytes sent", "Failures", "Last sent", "Last error"], rows, "Cluster members"));
    }

    private static JsonObject Peer(PeerDelivery p)
    {
        lock (p)
            return new JsonObject
            {
                ["member"] = p.Member, ["name"] = p.Name, ["address"] = p.Address, ["files"] = p.Files, ["bytes"] = p.Bytes,
                ["failures"] = p.Failures, ["last_sent"] = Time(p.LastSent), ["last_error"] = p.LastError,
            };
    }

    public static string Time(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
}
