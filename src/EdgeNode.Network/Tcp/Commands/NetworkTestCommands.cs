using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Rest;
using EdgeNode.Network.Tcp.Server;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// <c>test node</c> and <c>test network</c> (SPEC §13 built-in tests; reference <c>test_node.txt</c>, <c>test_network.txt</c>):
/// is this node's ledger sound and do its own TCP and REST servers answer; which nodes of the metadata answer
/// <c>get status</c> over the peer protocol.
/// </summary>
internal static class NetworkTestCommands
{
    private static readonly string[] NodeTypes = ["master", "operator", "query", "publisher"];
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    public static void Register(Node node, IPeerClient peers)
    {
        node.AddCommand(new CommandSpec("test node", "Test this node: its ledger, and its TCP and REST servers answering 'get status'.",
            context => TestNodeAsync(context, peers))
        {
            Usage = "test node",
            Explanation = "Prints the metadata version (md5 of the ledger file), the ledger check ('blockchain test'), and the "
                          + "reply of this node's TCP server and REST server to 'get status' (each only when it runs).",
            Examples = ["test node"],
            Http = HttpRule.Get,
            Topics = ["network", "node info"],
        });
        node.AddCommand(new CommandSpec("test network", "Send 'get status' to every node of the metadata and show which ones answer.",
            context => TestNetworkAsync(context, peers))
        {
            Usage = "test network [with master|operator|query|publisher]",
            Explanation = "The nodes are the master, operator, query and publisher policies of the ledger (or those of one type). "
                          + "Status '+' means the node answered within 10 seconds; otherwise it says why not. Needs the TCP server.",
            Examples = ["test network", "test network with operator"],
            Http = HttpRule.Get,
            Topics = ["network"],
        });
    }

    private static async ValueTask<CommandResult> TestNodeAsync(CommandContext context, IPeerClient peers)
    {
        var node = context.Node;
        var cancellation = context.Cancellation;
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Metadata Version", node.Services.Find<IMetadata>()?.Version ?? "" },
        };
        var ledger = await node.Dispatcher.ExecuteAsync("blockchain test", CommandSource.Internal, cancellation);
        rows.Add(["Metadata Test", ledger.IsError ? $"Fail: {ledger.ErrorLine}" : "Pass"]);

        if (node.Processes.Get<TcpServerProcess>(ProcessNames.Tcp) is { State: ProcessState.Running } tcp
            && IpPort.TryParse(tcp.InternalAddress, out var self))
        {
            var reply = (await peers.SendAsync(new PeerRequest([self], "get status") { Timeout = TestTimeout }, cancellation))[0];
            rows.Add([$"TCP test using {self}", reply.Replied ? $"[From Node {self}] {reply.Text.Trim()}" : $"Failed: {reply.Text}"]);
        }
        else
        {
            rows.Add(["TCP test", "TCP server not running"]);
        }

        if (node.Processes.Get<RestServerProcess>(ProcessNames.Rest) is { State: ProcessState.Running } rest)
        {
            var url = $"{rest.Options.Scheme}://{rest.InternalAddress}";
            // the label ends with a space, as in EdgeLake's table (reference test_node.txt)
            rows.Add([$"REST test using {url} ", rest.Options.Ssl ? "not tested: the REST server uses TLS" : await RestStatusAsync(url, cancellation)]);
        }
        else
        {
            rows.Add(["REST test", "REST server not running"]);
        }
        return CommandResult.Ok(TableFormatter.Format(["Test", "Status"], rows));
    }

    private static async Task<string> RestStatusAsync(string url, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TestTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("command", "get status");
        request.Headers.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        try
        {
            using var response = await http.SendAsync(request, cancellation);
            var body = (await response.Content.ReadAsStringAsync(cancellation)).Trim();
            return response.IsSuccessStatusCode ? body : $"Failed: HTTP {(int)response.StatusCode} {body}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return $"Failed: {e.Message}";
        }
    }

    private static async ValueTask<CommandResult> TestNetworkAsync(CommandContext context, IPeerClient peers)
    {
        var args = context.Arguments;
        var types = NodeTypes;
        if (args.Count > 0)
        {
            var type = args[^1].Text.ToLowerInvariant();
            if (args.Count > 2 || (args.Count == 2 && !args[0].IsWord("with")) || Array.IndexOf(NodeTypes, type) < 0)
                return CommandResult.Error(ErrorCode.CommandStructure, "expected 'test network [with master|operator|query|publisher]'");
            types = [type];
        }
        if (context.Node.Services.Find<IMetadata>() is not { } metadata)
            return CommandResult.Error(ErrorCode.MetadataNotAvailable, "no metadata on this node");
        var nodes = new List<(IpPort Address, string Type, string Name)>();
        foreach (var type in types)
        {
            foreach (var policy in metadata.GetPolicies(type))
            {
                if (policy.AddressFrom(context.Node.ExternalIp) is { } address && !nodes.Exists(n => n.Address == address))
                    nodes.Add((address, type, policy.Name ?? ""));
            }
        }
        if (nodes.Count == 0) return CommandResult.Ok($"No {string.Join(", ", types)} policies with an ip and port in the metadata");
        if (!peers.CanReceiveReplies)
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, "the TCP server must run to receive the replies (run tcp server ...)");
        var replies = await peers.SendAsync(new PeerRequest(nodes.ConvertAll(n => n.Address), "get status") { Timeout = TestTimeout, Subset = true },
            context.Cancellation);
        var rows = nodes.Select((n, i) => (IReadOnlyList<object?>)[n.Address.ToString(), n.Type, n.Name, Status(replies[i])]);
        return CommandResult.Ok(TableFormatter.Format(["Address", "Node Type", "Node Name", "Status"], rows));
    }

    /// <summary>'+' centred as EdgeLake prints it, else why the node did not answer.</summary>
    private static string Status(PeerReply reply) => reply.Status switch
    {
        PeerReplyStatus.Replied when reply.ErrorCode == 0 => "  +",
        PeerReplyStatus.Replied => $"Error {reply.ErrorCode}: {reply.Text.Trim()}",
        PeerReplyStatus.TimedOut => "Timeout: no reply",
        _ => $"Failed: {reply.Text}",
    };
}
