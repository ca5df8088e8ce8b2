using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;

namespace EdgeNode.Network.Rest;

/// <summary>The REST server's commands: <c>run rest server</c>, <c>get rest server info</c>, <c>get rest calls</c>, <c>get rest pool</c>.</summary>
internal static class RestCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("run rest server", "Serve commands and data over HTTP (GET/POST commands, PUT rows).", RunServer)
        {
            Usage = "run rest server [ip] [port] where external_ip = [ip] and external_port = [port] and internal_ip = [ip] and " +
                    "internal_port = [port] and bind = [true/false] and threads = [n] and timeout = [seconds] and ssl = [true/false] " +
                    "and server_org = [org] and ca_org = [org] and client_cert = [required/optional] and max_body_size = [size] " +
                    "and max_header_size = [size] and streaming_log = [true/false]",
            Explanation = "Listens on internal_ip:internal_port (all interfaces when bind = false, EdgeLake's default). 'threads' " +
                          "calls run at once (default 5); a call answers a timeout error after 'timeout' seconds (default 20, " +
                          "0 = no limit). With ssl = true the server uses !pem_dir/server-<server_org>-public-key.crt and " +
                          "server-<server_org>-private-key.key, and with ca_org verifies client certificates against " +
                          "ca-<ca_org>-public-key.crt. 'trace level = 1 run rest server' shows each call, level 2 adds headers and body. " +
                          "streaming_log = true writes each data call (PUT, POST 'command: data') and its result to the event log.",
            Examples =
            [
                "run rest server 127.0.0.1 7849",
                "run rest server where internal_ip = 127.0.0.1 and internal_port = 7849 and bind = true and threads = 6 and timeout = 30",
                "run rest server where external_ip = !external_ip and external_port = 32149 and internal_ip = !ip and internal_port = 32149 and bind = false",
                "run rest server where internal_ip = 127.0.0.1 and internal_port = 7849 and bind = true and ssl = true and server_org = my org and ca_org = my org",
            ],
            Where = RestServerOptions.Schema,
            Topics = ["background processes", "api", "network"],
        });
        node.AddCommand(new CommandSpec("get rest server info", "Show how the REST server is configured.", ServerInfo)
        {
            Usage = "get rest server info [where details = true]",
            Explanation = "EdgeLake's rows: buff_size (!io_buff_size), ca_public_key, connection, is_bind, is_ssl, node_cr, " +
                          "node_private_key, streaming_log, timeout, trace, workers_count. 'details = true' adds this node's " +
                          "abandoned_calls, client_cert, max_body_size and max_header_size.",
            Examples = ["get rest server info", "get rest server info where details = true"],
            Where = InfoSchema,
            Http = HttpRule.Get,
            Topics = ["api", "background processes"],
        });
        AddGet(node, "get rest calls", "Show statistics of REST calls: per caller and method, calls, errors, last caller.", context =>
            WithServer(context, server => server.Handler.Calls.Format(server.Url)));
        AddGet(node, "get rest pool", "Show the REST worker threads (1 = busy) and the calls served.", context =>
            WithServer(context, server => server.Handler.Pool.Describe()));
    }

    private static void AddGet(Node node, string words, string summary, CommandHandler handler) =>
        node.AddCommand(new CommandSpec(words, summary, handler)
        {
            Examples = [words],
            Http = HttpRule.Get,
            Topics = ["api", "background processes"],
        });

    private static async ValueTask<CommandResult> RunServer(CommandContext context)
    {
        var options = RestServerOptions.From(context);
        var pemDir = context.Node.Dictionary.Get("pem_dir") ?? Path.Combine(context.Node.Paths.DataDir, "pem");
        var tls = options.Ssl ? RestTlsFiles.Locate(pemDir, options.ServerOrg!, options.CaOrg) : null;
        return await context.Node.Processes.StartAsync(new RestServerProcess(context.Node, options, tls), context.Cancellation);
    }

    private static ValueTask<CommandResult> WithServer(CommandContext context, Func<RestServerProcess, string> describe) =>
        ValueTask.FromResult(context.Node.Processes.Get<RestServerProcess>(ProcessNames.Rest) is { State: ProcessState.Running } server
            ? CommandResult.Ok(describe(server))
            : CommandResult.Error(ErrorCode.ProcessNotRunning, "the REST server is not running (start it with 'run rest server')"));

    private static readonly OptionSchema InfoSchema = new([
        new OptionSpec("details", OptionType.Bool, "add this node's rows to EdgeLake's") { Default = "false" },
    ]);

    private static ValueTask<CommandResult> ServerInfo(CommandContext context)
    {
        var details = context.BindWhere(InfoSchema).Bool("details");
        return WithServer(context, server =>
        {
            var options = server.Options;
            var trace = context.Node.Trace.LevelFor(RestRequestHandler.TraceWords);
            var rows = new List<(string Key, string Value)>
            {
                ("buff_size", context.Node.Dictionary.Get("io_buff_size") ?? "2048"),
                ("ca_public_key", server.Tls?.CaCertificate ?? "None"),
                ("connection", server.Url),
                ("is_bind", PythonFormat.Bool(options.Bind)),
                ("is_ssl", PythonFormat.Bool(options.Ssl)),
                ("node_cr", server.Tls?.ServerCertificate ?? "None"),
                ("node_private_key", server.Tls?.ServerKey ?? "None"),
                ("streaming_log", PythonFormat.Bool(options.StreamingLog)),
                ("timeout", Invariant(options.TimeoutSeconds)),
                ("trace", trace == 0 ? "False" : Invariant(trace)),
                ("workers_count", Invariant(options.Threads)),
            };
            if (details)
            {
                rows.Add(("abandoned_calls", Invariant(server.Handler.Abandoned.Count)));
                rows.Add(("client_cert", options.Ssl && options.CaOrg is not null ? (options.ClientCertificateRequired ? "required" : "optional") : "None"));
                rows.Add(("max_body_size", TableFormatter.Thousands(options.MaxBodySize)));
                rows.Add(("max_header_size", TableFormatter.Thousands(options.MaxHeaderSize)));
                rows.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            }
            return AttributeValueTable.Format(rows);
        });
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
