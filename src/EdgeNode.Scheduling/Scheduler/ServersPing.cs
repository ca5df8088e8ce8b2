using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// <c>set servers ping</c>, the system scheduler's "Metadata Ping" task (EdgeLake runs it every minute): asks each operator
/// the metadata marks not responding for its status, so one that is back is used again by queries. Nothing to do (and no
/// ledger read) while the node has no TCP server to receive the answers.
/// </summary>
internal static class ServersPing
{
    public const string Command = "set servers ping";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec(Command, "Ask the operators marked not responding for their status; those that answer are active again.",
            context => PingAsync(context.Node, context.Cancellation))
        {
            Examples = [Command],
            Topics = ["network", "scheduler"],
        });

    private static async ValueTask<CommandResult> PingAsync(Node node, CancellationToken cancellation)
    {
        if (node.Services.Find<IPeerClient>() is not { CanReceiveReplies: true } peers || node.Services.Find<IMetadata>() is not { } metadata)
            return CommandResult.Empty;
        var silent = new List<IpPort>();
        foreach (var policy in metadata.GetPolicies("operator"))
        {
            if (policy.Body["ip"]?.ToString() is not { Length: > 0 } ip || policy.Body["port"] is not JsonValue port
                || !int.TryParse(port.ToString(), out var number)) continue;
            var address = new IpPort(ip, number);
            if (metadata.GetOperatorStatus(address.ToString()) == OperatorStatus.NotResponding && !silent.Contains(address)) silent.Add(address);
        }
        if (silent.Count == 0) return CommandResult.Empty;
        var replies = await peers.SendAsync(new PeerRequest(silent, "get status") { Timeout = Timeout }, cancellation);
        return CommandResult.Ok($"Pinged {silent.Count} operator(s) not responding: {replies.Count(r => r.Status == PeerReplyStatus.Replied)} answered");
    }
}
