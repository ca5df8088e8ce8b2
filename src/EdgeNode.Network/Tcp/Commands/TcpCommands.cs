using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Security;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Server;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>The peer-protocol commands: <c>run tcp server</c>, <c>get tcp pool</c>, <c>run client</c>.</summary>
internal static class TcpCommands
{
    public static void Register(Node node, ConnectionHandler handler, RunClientCommand runClient, ReplyIpSetting replyIp)
    {
        node.AddCommand(new CommandSpec("run tcp server", "Start the TCP server: the listener for messages from peer nodes.",
            context => RunTcpServerAsync(context, handler, replyIp))
        {
            Usage = "run tcp server where external_ip = [ip] and external_port = [port] and internal_ip = [local_ip] and "
                    + "internal_port = [local_port] and bind = [true/false] and threads = [count]",
            Explanation = "Peers reach the node at the external address; it listens on the internal one (the same when only one "
                          + "is given). bind = false (default) listens on every interface at that port. threads (default 6) "
                          + "is the number of messages served at once. The positional form 'run tcp server [ip] [port] "
                          + "[local ip] [local port] [threads]' works too. Stop the server with 'exit tcp'.",
            Examples =
            [
                "run tcp server where external_ip = !external_ip and external_port = 32148 and internal_ip = !ip and internal_port = 32148 and bind = true and threads = 6",
                "run tcp server !external_ip 32148 !ip 32148",
                "run tcp server where internal_ip = 127.0.0.1 and internal_port = 32148 and bind = true",
            ],
            Where = TcpServerOptions.Schema,
            Topics = ["network", "background processes"],
        });
        ReplyIpCommands.Register(node, replyIp);
        node.AddCommand(new CommandSpec("get tcp pool", "Show the TCP server's workers: 1 = busy, and the messages served.", GetTcpPool)
        {
            Usage = "get tcp pool",
            Examples = ["get tcp pool"],
            Http = HttpRule.Get,
            Topics = ["network", "background processes"],
        });
        node.AddCommand(new CommandSpec("run client", "Send a command to peer nodes and show their replies.", runClient.ExecuteAsync)
        {
            Usage = "run client (ip:port, ip:port, ...[, subset = true][, timeout = seconds]) [command]",
            Explanation = "The destinations may also come from a command that lists them, e.g. (blockchain get operator bring.ip_port). "
                          + "!x is replaced on this node, !!x on the receiving node. Replies are collected for 20 seconds (timeout = N, "
                          + "0 = no limit); without subset = true every destination must reply. x = run client ... stores the reply, "
                          + "x[] = a JSON list of replies, x{} = a JSON object keyed by ip:port. 'file copy [local file] [!!remote file]' "
                          + "sends a file (a remote !!..._dir keeps the file name); 'file get [!!remote file] [local file]' fetches one. "
                          + "'run client (ip:port)' alone sends every following prompt line there ('.cmd' runs a line here, "
                          + "'run client' alone stops). echo and print are shown on the peers' consoles. 'run client () sql [dbms] ... \"select ...\"' "
                          + "queries the operators that host the table and merges their rows (docs/query.md).",
            Examples =
            [
                "run client (127.0.0.1:32148) get status",
                "run client () sql test format = table \"select count(*) from rand_data\"",
                "run client (10.0.0.1:32148, 10.0.0.2:32148, subset = true, timeout = 5) get processes",
                "run client (blockchain get operator bring.ip_port) get status",
                "run client (10.0.0.1:32148) file copy !prep_dir/data.json !!watch_dir",
                "run client (10.0.0.1:32148) file get !!blockchain_file !tmp_dir/ledger.json",
                "run client (10.0.0.1:32148)",
            ],
            RawArguments = true,
            Http = HttpRule.Any,
            // reads only when the command it sends does (the peer applies its own access rule too)
            ReadsOnly = (n, tokens, words) => tokens.Count > words + 1 && tokens[words].Kind == TokenKind.Parens
                                              && ReadOnlyCommands.IsReadOnly(n, [.. tokens.Skip(words + 1)]),
            Topics = ["network"],
        });
    }

    private static async ValueTask<CommandResult> RunTcpServerAsync(CommandContext context, ConnectionHandler handler, ReplyIpSetting replyIp)
    {
        var options = TcpServerOptions.FromCommand(context);
        return await context.Node.Processes.StartAsync(new TcpServerProcess(context.Node, options, handler, replyIp), context.Cancellation);
    }

    private static ValueTask<CommandResult> GetTcpPool(CommandContext context) =>
        Done(context.Node.Processes.Get<TcpServerProcess>(ProcessNames.Tcp) is { State: ProcessState.Running } server
            ? server.DescribePool()
            : "TCP server not running");
}
