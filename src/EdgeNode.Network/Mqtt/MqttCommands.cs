using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Rest;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Message clients and the message broker (SPEC §8): <c>run msg client</c> (also <c>run mqtt client</c>),
/// <c>get msg clients</c>, <c>exit msg client</c>, <c>run message broker</c>, <c>get local broker</c>, <c>get msg broker</c>.
/// </summary>
internal static class MqttCommands
{
    private static readonly string[] ClientTopics = ["configuration", "background processes", "streaming"];

    private static readonly OptionSchema ReportSchema = new(
        new OptionSpec("id", OptionType.Int, "only this subscription"),
        new OptionSpec("broker", OptionType.Str, "only subscriptions of this broker (ip:port, local or rest)"),
        new OptionSpec("topic", OptionType.Str, "only subscriptions with this topic"),
        new OptionSpec("statistics", OptionType.Bool, "the counters of each topic") { Default = "false" });

    public static void Register(Node node)
    {
        node.Services.Add(new MqttDebug(node)); // the switch the message clients and the broker read
        node.AddCommand(new CommandSpec("set mqtt debug", "Print every message the message clients and the broker receive, with its outcome ('on'), or stop ('off').",
            SetDebug)
        {
            Usage = "set mqtt debug on|off",
            Examples = ["set mqtt debug on", "set mqtt debug off"],
            Topics = ["debug", "background processes"],
        });
        const string usage = "run msg client where broker = [url|local|rest] and port = [port] and user = [user] and password = [password] " +
                             "and client_id = [id] and protocol = [3.1.1|5] and ssl = [true/false] and ca_file = [file] and " +
                             "cert_file = [file] and key_file = [file] and log = [true/false] and log_error = [true/false] and " +
                             "only_log = [true/false] and user-agent = [product] and topic = (name = [topic name] and " +
                             "dbms = [dbms name] and table = [table name] and qos = [0-2] and persist = [true/false] and " +
                             "policy = [mapping policy id] and [participating columns info])";
        const string explanation =
            "Subscribe to a broker to receive data on the given topics, mapped to rows by each topic block. Columns: " +
            "column.<name>.<str|int|float|bool|timestamp> = \"bring [path]\" | now | <literal>, or column.<name> = (type = <type | " +
            "\"bring [path]\"> and value = \"bring [path]\" and optional = true). [a][b] reads nested keys, [a][][b] makes one row " +
            "per element of the list a. broker = local maps messages published to this node's broker; broker = rest maps " +
            "REST POST calls with 'command: data' and a 'topic' header. MQTT wildcards: name = factory/+/temp (a '+' touching the " +
            "rest of the name is part of it) or name = \"#\" (quoted: a leading '#' starts a comment). QoS 1/2 messages are acknowledged once their rows are " +
            "journaled; the client reconnects with back-off and subscribes again.";
        string[] examples =
        [
            "run msg client where broker = \"driver.cloudmqtt.com\" and port = 18975 and user = mqwdtklv and password = uRimssLO4dIo and topic = (name = test and dbms = \"bring [metadata][company]\" and table = \"bring [metadata][machine_name] _ [metadata][serial_number]\" and column.timestamp.timestamp = \"bring [ts]\" and column.value.int = \"bring [value]\")",
            "run msg client where broker = 127.0.0.1 and port = 1883 and qos = 1 and topic = (name = test/rand and dbms = test and table = rand_mqtt and qos = 1 and column.timestamp.timestamp = \"bring [timestamp]\" and column.value.float = \"bring [value]\")",
            "run msg client where broker = local and log = false and topic = (name = \"factory/+/temp\" and dbms = test and table = \"bring [device]\" and column.timestamp.timestamp = now and column.value = (type = float and value = \"bring [readings][][value]\"))",
            "run msg client where broker = rest and user-agent = anylog and topic = (name = sensors and dbms = test and table = readings and column.value.float = \"bring [value]\")",
        ];
        foreach (var words in new[] { "run msg client", "run mqtt client" })
        {
            node.AddCommand(new CommandSpec(words, "Subscribe to topics of a broker (external, local or REST) and map the messages to rows.", RunClient)
            {
                Usage = usage.Replace("run msg client", words, StringComparison.Ordinal),
                Explanation = explanation,
                Examples = words == "run msg client" ? examples : [examples[1].Replace("run msg client", words, StringComparison.Ordinal)],
                Where = MsgClientOptions.Schema,
                Topics = ClientTopics,
            });
        }
        foreach (var words in new[] { "get msg clients", "get msg client" })
        {
            node.AddCommand(new CommandSpec(words, "Show the message client subscriptions: connection, message counters and topic mappings.", GetClients)
            {
                Usage = $"{words} [where id = [n] | broker = [ip:port] and topic = [topic] | statistics = true]",
                Examples = [words, $"{words} where id = 1", $"{words} where broker = 127.0.0.1:1883 and topic = test/rand", $"{words} where statistics = true"],
                Where = ReportSchema,
                Http = HttpRule.Get,
                Topics = ClientTopics,
            });
        }
        node.AddCommand(new CommandSpec("exit msg client", "Stop one message client subscription (by id), all of them, or the MSG Client Pool.", ExitClient)
        {
            Usage = "exit msg client [id|all|pool]",
            Explanation = "'pool' stops the MSG Client Pool row of 'get processes' (as 'exit <process>' does for any row); "
                          + "'all' stops every subscription and the MQTT process.",
            Examples = ["exit msg client 1", "exit msg client all", "exit msg client pool"],
            Topics = ["background processes"],
        });
        node.AddCommand(new CommandSpec("run message broker", "Run an MQTT broker (3.1, 3.1.1, 5) that also maps topics of 'broker = local' clients to rows.", RunBroker)
        {
            Usage = "run message broker where external_ip = [ip] and external_port = [port] and internal_ip = [local_ip] and " +
                    "internal_port = [local_port] and bind = [true/false] and threads = [threads count] and user = [user] and " +
                    "password = [password] and ssl = [true/false] and server_org = [org] and ca_org = [org]",
            Explanation = "Set a message broker in a listening mode on the specified IP and port (positional form: " +
                          "run message broker [ip] [port] [local ip] [local port] [threads]). Subscribers receive what is published " +
                          "(retained messages, wills, persistent sessions kept across restarts, exactly-once QoS 2, shared subscriptions " +
                          "$share/group/filter, MQTT 5 expiry, flow control and topic aliases); topics subscribed by 'run msg client where " +
                          "broker = local' are mapped to rows. With user, clients must authenticate; with ssl = true the broker " +
                          "speaks TLS with !pem_dir/server-<server_org>-public-key.crt and, with ca_org, requires client certificates. " +
                          "deny_subscribe, deny_publish and a permissions file (lines 'allow|deny subscribe|publish <filter> [user <name>]') " +
                          "refuse topics: SUBACK 0x80, PUBACK 0x87.",
            Examples =
            [
                "run message broker where external_ip = !ip and external_port = 7850 and threads = 3",
                "run message broker where external_ip = !external_ip and external_port = 7850 and internal_ip = !ip and internal_port = 7850 and threads = 6",
                "run message broker 127.0.0.1 7850",
                "run message broker where internal_ip = 127.0.0.1 and internal_port = 7850 and bind = true and user = edge and password = secret",
                "run message broker where internal_ip = 127.0.0.1 and internal_port = 7850 and bind = true and deny_subscribe = test/nosubscribe and server_keep_alive = 60 and topic_aliases = true",
            ],
            Where = BrokerOptions.Schema,
            Topics = ["streaming", "api", "configuration", "background processes"],
        });
        foreach (var words in new[] { "get local broker", "get broker" })
            AddBrokerGet(node, words, "Show the message broker's statistics per MQTT event.", (broker, _) => broker.Statistics.FormatEvents(broker.InternalAddress));
        AddBrokerGet(node, "get msg broker", "Show the messages the broker received per topic and client.",
            (broker, _) => broker.Statistics.FormatTopics(broker.InternalAddress));
        AddBrokerGet(node, "get msg pool", "Show the message broker's worker threads (1 = busy) and the messages handled.",
            (broker, context) => broker.DescribePool(context.BindWhere().Bool("details")), PoolThreads.DetailsSchema,
            "get msg pool [where details = true]", "With details = true, a row per thread: busy or idle, the topic and client of the message it maps, "
                                                   + "and since when (UTC).");
    }

    private static void AddBrokerGet(Node node, string words, string summary, Func<MessageBrokerProcess, CommandContext, string> describe,
        OptionSchema? where = null, string? usage = null, string? explanation = null) =>
        node.AddCommand(new CommandSpec(words, summary, context =>
            ValueTask.FromResult(context.Node.Processes.Get<MessageBrokerProcess>(ProcessNames.MessageBroker) is { State: ProcessState.Running } broker
                ? CommandResult.Ok(describe(broker, context))
                : CommandResult.Error(ErrorCode.ProcessNotRunning, "the message broker is not running (start it with 'run message broker')")))
        {
            Usage = usage ?? words,
            Explanation = explanation,
            Examples = usage is null ? [words] : [words, words + " where details = true"],
            Where = where,
            Http = HttpRule.Get,
            Topics = ["streaming", "background processes"],
        });

    private static async ValueTask<CommandResult> RunClient(CommandContext context)
    {
        var node = context.Node;
        var ingest = node.Services.Find<ITopicIngest>();
        if (ingest is null)
            return CommandResult.Error(ErrorCode.IngestNotAvailable, "this node has no ingest pipeline loaded to map messages to rows");
        var broker = node.Processes.Get(ProcessNames.MessageBroker) as IListenerProcess;
        var rest = node.Processes.Get(ProcessNames.Rest) as IListenerProcess;
        var options = MsgClientOptions.From(context, broker?.ExternalAddress, rest?.ExternalAddress);
        // a broker keeps one connection per client id: two subscriptions with the same id would take it from each other forever
        if (options.ClientId is { } clientId && Clients(node).FirstOrDefault(c => c.Subscriber?.ClientId == clientId && c.Options.Broker == options.Broker) is { } holder)
            return CommandResult.Error(ErrorCode.WrongOption,
                $"client_id '{clientId}' is used by subscription {holder.Id:D4} on {options.Broker}: the broker would disconnect one for the other");
        var subscription = ingest.Subscribe(options.Subscription);
        var process = node.Processes.Get<MsgClientProcess>(ProcessNames.Mqtt);
        if (process is not { State: ProcessState.Running })
        {
            var started = await node.Processes.StartAsync(new MsgClientProcess(node), context.Cancellation);
            process = node.Processes.Get<MsgClientProcess>(ProcessNames.Mqtt);
            if ((started.IsError && started.Code != ErrorCode.ProcessAlreadyRunning) || process is not { State: ProcessState.Running })
            {
                subscription.Dispose();
                return started.IsError ? started : CommandResult.Error(ErrorCode.ProcessFailure, "the MQTT process did not start");
            }
        }
        process.Add(new MessageClient(node, options, subscription));
        node.Log.Event($"Message client {subscription.Id:D4} subscribed to {string.Join(", ", options.Subscription.Topics.Select(t => t.Name))} on {options.Broker}");
        return CommandResult.Empty;
    }

    private static ValueTask<CommandResult> SetDebug(CommandContext context)
    {
        var mode = string.Join(' ', context.Arguments.Select(t => t.Text)).Trim().ToLowerInvariant();
        if (mode is not ("on" or "off"))
            return ValueTask.FromResult(CommandResult.Error(ErrorCode.CommandStructure, "expected 'set mqtt debug on|off'"));
        context.Node.Services.Get<MqttDebug>().On = mode == "on";
        return ValueTask.FromResult(CommandResult.Empty);
    }

    private static IReadOnlyList<MessageClient> Clients(Node node) =>
        node.Processes.Get<MsgClientProcess>(ProcessNames.Mqtt) is { State: ProcessState.Running } process ? process.Clients : [];

    private static ValueTask<CommandResult> GetClients(CommandContext context)
    {
        var where = context.BindWhere(ReportSchema);
        var clients = Clients(context.Node).Where(c =>
                (!where.Has("id") || c.Id == where.Int("id"))
                && (where.Str("broker") is not { } broker || c.Options.Broker.Equals(broker, StringComparison.OrdinalIgnoreCase))
                && (where.Str("topic") is not { } topic || c.Options.Subscription.Topics.Any(t => t.Name == topic)))
            .ToList();
        return ValueTask.FromResult(CommandResult.Ok(MsgClientReport.Format(clients, where.Bool("statistics"))));
    }

    private static async ValueTask<CommandResult> ExitClient(CommandContext context)
    {
        var words = context.Arguments.Select(t => t.Text).ToList();
        if (words.Count != 1)
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'exit msg client [id|all|pool]'");
        var node = context.Node;
        // 'exit msg client pool' is the exit word of the MSG Client Pool process, not a subscription id
        if (words[0].Equals("pool", StringComparison.OrdinalIgnoreCase))
            return await node.Processes.StopAsync(ProcessNames.MsgClientPool, context.Cancellation);
        if (node.Processes.Get<MsgClientProcess>(ProcessNames.Mqtt) is not { State: ProcessState.Running } process)
            return CommandResult.Error(ErrorCode.ProcessNotRunning, "no message client is running");
        if (words[0].Equals("all", StringComparison.OrdinalIgnoreCase))
            return await node.Processes.StopAsync(ProcessNames.Mqtt, context.Cancellation);
        if (!int.TryParse(words[0], out var id))
            return CommandResult.Error(ErrorCode.CommandStructure, $"'{words[0]}' is not a subscription id; expected 'exit msg client [id|all|pool]'",
                context.Arguments[0].Position);
        if (!await process.RemoveAsync(id))
            return CommandResult.Error(ErrorCode.WrongOption, $"no message client with id {id} (see 'get msg clients')");
        // the MQTT process runs while subscriptions exist
        if (process.Clients.Count == 0) await node.Processes.StopAsync(ProcessNames.Mqtt, context.Cancellation);
        return CommandResult.Empty;
    }

    private static async ValueTask<CommandResult> RunBroker(CommandContext context)
    {
        var options = BrokerOptions.From(context);
        var pemDir = context.Node.Dictionary.Get("pem_dir") ?? Path.Combine(context.Node.Paths.DataDir, "pem");
        var tls = options.Ssl ? RestTlsFiles.Locate(pemDir, options.ServerOrg!, options.CaOrg) : null;
        return await context.Node.Processes.StartAsync(new MessageBrokerProcess(context.Node, options, tls, Permissions(options)), context.Cancellation);
    }

    /// <summary>The broker's topic permissions from deny_subscribe, deny_publish and the permissions file.</summary>
    private static Broker.TopicPermissions Permissions(BrokerOptions options)
    {
        if (options.PermissionsFile is { } file && !File.Exists(file))
            throw new CommandSyntaxException($"permissions file '{file}' does not exist", 0, ErrorCode.FileNotFound);
        try
        {
            return Broker.TopicPermissions.From(options.DenySubscribe, options.DenyPublish, options.PermissionsFile);
        }
        catch (FormatException e)
        {
            throw new CommandSyntaxException($"permissions: {e.Message}", 0, ErrorCode.WrongOptionType);
        }
    }
}
