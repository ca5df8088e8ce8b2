using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Status;

/// <summary>
/// <c>test cluster setup|data|databases|partitions</c> (EdgeLake's <c>test_cluster_*</c>): whether this node is set up for
/// HA, and what every member of its cluster holds side by side: TSD files/rows per table, databases, partitions.
/// </summary>
internal sealed class ClusterTestCommands(Node node)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly OptionSchema DataSchema = new(
        new OptionSpec("start_date", OptionType.Str, "files from this date (-3d or a date)"),
        new OptionSpec("end_date", OptionType.Str, "files up to this date"));

    public void Register()
    {
        Add("test cluster setup", "Show whether this node is set up for HA: operator with distributor, distributor, consumer, member, cluster, tsd_info.",
            SetupAsync, ["test cluster setup"], null);
        Add("test cluster data", "Compare the TSD tables (files/rows) of every member of this node's cluster.", DataAsync,
            ["test cluster data", "test cluster data where start_date = -3d"], DataSchema);
        Add("test cluster databases", "Compare the databases connected on every member of this node's cluster.",
            context => CompareAsync(context, "DBMS", "get databases where format = json", (key, _) => key), ["test cluster databases"], null);
        Add("test cluster partitions", "Compare the partitions declared on every member of this node's cluster.",
            context => CompareAsync(context, "Partition", "get partitions where format = json", (key, value) => $"{key} {value?.ToJsonString()}"),
            ["test cluster partitions"], null);
    }

    private void Add(string words, string summary, CommandHandler handler, string[] examples, OptionSchema? where) =>
        node.AddCommand(new CommandSpec(words, summary, handler)
        {
            Examples = examples, Where = where, Http = HttpRule.Get, Topics = ["high availability", "test"],
        });

    private async ValueTask<CommandResult> SetupAsync(CommandContext context)
    {
        var self = node.Services.Find<IMetadata>()?.NodeOperator;
        var operatorRunning = node.Processes.IsRunning(ProcessNames.Operator);
        var tsdInfo = node.Services.Find<IDbmsRegistry>()?.Find("almgm") is { } almgm
                      && await almgm.GetSchemaAsync("tsd_info", context.Cancellation) is not null;
        var distributes = self?.Distributor ?? node.Processes.IsRunning(ProcessNames.Distributor);
        IReadOnlyList<object?>[] rows =
        [
            ["Operator", !operatorRunning ? "Disabled" : distributes ? "Running: distributor flag enabled" : "Running: distributor flag disabled"],
            ["Distributor", node.Processes.IsRunning(ProcessNames.Distributor) ? "Running" : "Disabled"],
            ["Consumer", node.Processes.IsRunning(ProcessNames.Consumer) ? "Running" : "Disabled"],
            ["Operator Name", self?.Name ?? ""],
            ["Member ID", self?.Member is { } member and not "0" ? member : "Not a member"],
            ["Cluster ID", self?.ClusterId ?? ""],
            ["TSD Info Table", tsdInfo ? "Defined" : "Missing: create table tsd_info where dbms = almgm"],
        ];
        return CommandResult.Ok(TableFormatter.Format(["Setup", "Status"], rows));
    }

    private ValueTask<CommandResult> DataAsync(CommandContext context)
    {
        var options = context.BindWhere();
        var command = "get tsd summary where table = * and format = json";
        if (options.Str("start_date") is { } start) command += $" and start_date = {start}";
        if (options.Str("end_date") is { } end) command += $" and end_date = {end}";
        return CompareAsync(context, "Table", command, (_, value) => value is JsonObject info ? $"{info["files"]}/{info["rows"]}" : "",
            "TSD Summary on all nodes in the cluster (files/rows)");
    }

    /// <summary>
    /// Sends <paramref name="command"/> (a JSON answer: an object per key) to every member, this node included, and lays the
    /// answers side by side: a row per key, a column per member, the cell <paramref name="cell"/> makes of the member's value
    /// (<c>+</c> when it is only the key).
    /// </summary>
    private async ValueTask<CommandResult> CompareAsync(CommandContext context, string firstHeader, string command,
        Func<string, JsonNode?, string> cell, string? title = null)
    {
        if (node.Services.Find<IMetadata>() is not { NodeOperator: { ClusterId.Length: > 0 } self } metadata)
            return CommandResult.Error(ErrorCode.OperatorClusterMissing, "this node runs no operator of a cluster (run operator where policy = ...)");
        if (node.Services.Find<IPeerClient>() is not { CanReceiveReplies: true } peers)
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, "the TCP server of this node is not running: run tcp server ...");
        var members = metadata.GetClusterMembers(self.ClusterId)
            .Where(t => t.MemberId is not null && IpPort.TryParse(t.IpPort, out _))
            .OrderBy(t => t.MemberId).ToList();
        var replies = await peers.SendAsync(new PeerRequest(members.Select(m => IpPort.TryParse(m.IpPort, out var a) ? a : default).ToList(), command)
        {
            Timeout = Timeout, Subset = true,
        }, context.Cancellation);
        var headers = new List<string> { firstHeader };
        var values = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            headers.Add($"Node_{members[i].MemberId}\n{members[i].IpPort}");
            foreach (var (key, value) in Entries(replies[i]))
            {
                if (!values.TryGetValue(key, out var row)) values[key] = row = new string[members.Count];
                var text = cell(key, value);
                row[i] = text.Length == 0 ? "    +" : text;
            }
        }
        var rows = values.Select(v => (IReadOnlyList<object?>)[v.Key, .. v.Value.Select(c => (object?)(c ?? ""))]);
        var answered = replies.Count(r => r.Replied);
        var note = answered == members.Count ? "" : $"\r\n{members.Count - answered} member(s) did not answer: " +
                                                    string.Join(", ", replies.Where(r => !r.Replied).Select(r => $"{r.Destination} ({r.Text})"));
        return CommandResult.Ok(TableFormatter.Format(headers, rows, title) + note);
    }

    /// <summary>The keys and values of a member's JSON answer (an answer wrapped in its ip:port, as EdgeLake's, is unwrapped).</summary>
    private static IEnumerable<(string Key, JsonNode? Value)> Entries(PeerReply reply)
    {
        if (!reply.Replied || reply.ErrorCode != 0) return [];
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(reply.Text) as JsonObject;
        }
        catch (JsonException)
        {
            return [];
        }
        if (root is null) return [];
        if (root.Count == 1 && root.First().Value is JsonObject inner && IpPort.TryParse(root.First().Key, out _)) root = inner;
        return root.Select(p => (p.Key, p.Value)).ToList();
    }
}
