using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using MQTTnet.Formatter;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// The configuration of one <c>run msg client</c> (SPEC §8), bound once from the command: where to connect (an external
/// broker, <c>local</c> = the node's own broker, <c>rest</c> = REST POST messages), how (credentials, client id, TLS,
/// MQTT version, keep-alive, persistent session) and the topic blocks handed to the ingest side.
/// </summary>
internal sealed record MsgClientOptions
{
    public const string Local = "local";
    public const string Rest = "rest";

    private static readonly OptionSchema TopicSchema = new OptionSchema(
            new OptionSpec("name", OptionType.Str, "topic filter; MQTT wildcards + and # allowed") { Required = true },
            new OptionSpec("dbms", OptionType.Str, "database name, or \"bring [key]\" to read it from the message"),
            new OptionSpec("table", OptionType.Str, "table name, or \"bring [key]\""),
            new OptionSpec("qos", OptionType.Int, "MQTT quality of service 0, 1 or 2 (default: the client's qos)"),
            new OptionSpec("persist", OptionType.Bool, "also keep each raw message in !bkup_dir/messages") { Default = "false" },
            new OptionSpec("dynamic", OptionType.Bool, "create tables and UNS policies from the topic (needs the metadata layer)")
            {
                Default = "false",
            },
            new OptionSpec("policy", OptionType.Str, "id of a mapping policy whose schema replaces the columns"))
        .AllowKeys(key => key.StartsWith("column.", StringComparison.Ordinal)
            ? key.Count(c => c == '.') == 1 ? OptionType.Nested : OptionType.Str
            : null);

    public static readonly OptionSchema Schema = new(
        new OptionSpec("broker", OptionType.Str, "broker host or IP, 'local' (this node's broker) or 'rest' (REST POST)") { Required = true },
        new OptionSpec("port", OptionType.Int, "broker port") { Default = "1883" },
        new OptionSpec("qos", OptionType.Int, "default quality of service of the topic blocks (0, 1 or 2)") { Default = "0" },
        new OptionSpec("user", OptionType.Str, "user name for the broker"),
        new OptionSpec("password", OptionType.Str, "password for the broker"),
        new OptionSpec("client_id", OptionType.Str, "MQTT client id (default edgenode-<node id>-<subscription id>)"),
        new OptionSpec("project_id", OptionType.Str, "accepted for EdgeLake compatibility (Google IoT), unused"),
        new OptionSpec("private_key", OptionType.Str, "accepted for EdgeLake compatibility (Google IoT), unused"),
        new OptionSpec("location", OptionType.Str, "accepted for EdgeLake compatibility, unused"),
        new OptionSpec("protocol", OptionType.Str, "MQTT version: 3.1.1 (default), 5 or 3.1") { Default = "3.1.1" },
        new OptionSpec("ssl", OptionType.Bool, "connect with TLS") { Default = "false" },
        new OptionSpec("ca_file", OptionType.Str, "with ssl: PEM file of the CA that signs the broker's certificate (relative to !pem_dir)"),
        new OptionSpec("cert_file", OptionType.Str, "with ssl: PEM client certificate (relative to !pem_dir)"),
        new OptionSpec("key_file", OptionType.Str, "with ssl: PEM private key of the client certificate (relative to !pem_dir)"),
        new OptionSpec("keep_alive", OptionType.Time, "MQTT keep-alive period") { Default = "60 seconds" },
        new OptionSpec("clean_session", OptionType.Bool, "false (default): the broker keeps the session and queues QoS 1/2 messages while disconnected")
        {
            Default = "false",
        },
        new OptionSpec("log", OptionType.Bool, "record every message in the event log") { Default = "false" },
        new OptionSpec("log_error", OptionType.Bool, "add the message text to the error log entry of a message that fails") { Default = "false" },
        new OptionSpec("only_log", OptionType.Bool, "log messages without ingesting them") { Default = "false" },
        new OptionSpec("user-agent", OptionType.Str, "with broker = rest: the product (User-Agent before '/') whose POSTs this maps"),
        new OptionSpec("prep_dir", OptionType.Dir, "accepted for EdgeLake compatibility: the streamer's dirs are used"),
        new OptionSpec("watch_dir", OptionType.Dir, "accepted for EdgeLake compatibility: the streamer's dirs are used"),
        new OptionSpec("err_dir", OptionType.Dir, "accepted for EdgeLake compatibility: the streamer's dirs are used"),
        new OptionSpec("bwatch_dir", OptionType.Dir, "accepted for EdgeLake compatibility: blobs are not extracted from messages"),
        new OptionSpec("blobs_dir", OptionType.Dir, "accepted for EdgeLake compatibility: blobs are not extracted from messages"),
        new OptionSpec("master_node", OptionType.IpPort, "for dynamic topics: the master node"),
        new OptionSpec("blockchain", OptionType.Str, "for dynamic topics: the blockchain platform"),
        new OptionSpec("topic", OptionType.Nested, "( name = .. and dbms = .. and table = .. and column.<name>.<type> = .. )")
        {
            Required = true,
            Repeatable = true,
            Nested = TopicSchema,
        });

    public required string Broker { get; init; }
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? ClientId { get; init; }
    public required MqttProtocolVersion Protocol { get; init; }
    public required bool Ssl { get; init; }
    public string? CaFile { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    public required TimeSpan KeepAlive { get; init; }
    public required bool CleanSession { get; init; }
    public required MessageSubscription Subscription { get; init; }

    public bool IsExternal => Broker is not (Local or Rest);

    /// <summary>Binds the where clause. Bad values throw <see cref="CommandSyntaxException"/>.</summary>
    public static MsgClientOptions From(CommandContext context, string? localBroker, string? restServer)
    {
        var where = context.BindWhere(Schema);
        var host = where.Required("broker").Trim();
        var port = (int)where.Int("port");
        if (port is < 1 or > 65535) throw new CommandSyntaxException($"port = {port}: expected 1 to 65535", 0, ErrorCode.WrongOptionType);
        var broker = host.ToLowerInvariant() switch
        {
            Local => Local,
            Rest => Rest,
            // the node's own broker or REST server given by address is the same as 'local' / 'rest' (EdgeLake does this too)
            _ when $"{host}:{port}" == localBroker => Local,
            _ when $"{host}:{port}" == restServer => Rest,
            _ => $"{host}:{port}",
        };
        var userAgent = where.Str("user-agent")?.Trim().ToLowerInvariant();
        if (userAgent is not null && broker != Rest)
            throw new CommandSyntaxException("user-agent applies to broker = rest only", 0, ErrorCode.WrongOption);
        var qos = (int)where.Int("qos");
        var written = TopicNamesAsWritten.From(context);
        var topics = where.NestedAll("topic").Select((block, i) => Topic(block, qos, i < written.Count ? written[i] : null)).ToList();
        var subscription = new MessageSubscription(broker, userAgent, topics, where.Bool("log"), where.Bool("log_error"), where.Bool("only_log"));
        var options = new MsgClientOptions
        {
            Broker = broker,
            Host = host,
            Port = port,
            User = where.Str("user"),
            Password = where.Str("password"),
            ClientId = where.Str("client_id"),
            Protocol = Version(where.Str("protocol", "3.1.1")),
            Ssl = where.Bool("ssl"),
            CaFile = PemPath(context.Node, where.Str("ca_file")),
            CertFile = PemPath(context.Node, where.Str("cert_file")),
            KeyFile = PemPath(context.Node, where.Str("key_file")),
            KeepAlive = TimeSpan.FromSeconds(Math.Clamp(where.Int("keep_alive"), 0, ushort.MaxValue)),
            CleanSession = where.Bool("clean_session"),
            Subscription = subscription,
        };
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (!Ssl && (CaFile ?? CertFile ?? KeyFile) is not null)
            throw new CommandSyntaxException("ca_file, cert_file and key_file need ssl = true", 0, ErrorCode.WrongOption);
        if ((CertFile is null) != (KeyFile is null))
            throw new CommandSyntaxException("a client certificate needs both cert_file and key_file", 0, ErrorCode.MissingOption);
        foreach (var file in new[] { CaFile, CertFile, KeyFile })
            if (file is not null && !File.Exists(file))
                throw new CommandSyntaxException($"ssl: file '{file}' does not exist", 0, ErrorCode.FileNotFound);
        foreach (var topic in Subscription.Topics)
            if (topic.Qos is < 0 or > 2)
                throw new CommandSyntaxException($"topic '{topic.Name}': qos = {topic.Qos}: expected 0, 1 or 2", 0, ErrorCode.WrongOptionType);
    }

    private static string? PemPath(Node node, string? file) =>
        file is null || Path.IsPathRooted(file) ? file : Path.Combine(node.Dictionary.Get("pem_dir") ?? node.Paths.DataDir, file);

    private static MqttProtocolVersion Version(string text) => text.Trim().ToLowerInvariant() switch
    {
        "3.1.1" or "311" or "v311" or "4" => MqttProtocolVersion.V311,
        "5" or "5.0" or "v5" or "v500" => MqttProtocolVersion.V500,
        "3.1" or "31" or "v31" or "3" => MqttProtocolVersion.V310,
        _ => throw new CommandSyntaxException($"protocol = {text}: expected 3.1.1, 5 or 3.1", 0, ErrorCode.WrongOptionType),
    };

    private static MessageTopic Topic(BoundOptions block, int defaultQos, string? nameAsWritten)
    {
        var columns = new List<MessageColumn>();
        foreach (var key in block.Keys.Where(k => k.StartsWith("column.", StringComparison.Ordinal)))
        {
            var parts = key.Split('.', 3);
            foreach (var value in block.All(key))
            {
                if (parts.Length == 3)
                {
                    columns.Add(new MessageColumn(parts[1], parts[2], value.ToString()!));
                    continue;
                }
                var nested = (BoundOptions)value;
                var type = nested.Str("type") ?? throw new CommandSyntaxException($"{key}: 'type' is missing", 0, ErrorCode.MissingOption);
                var text = nested.Str("value") ?? throw new CommandSyntaxException($"{key}: 'value' is missing", 0, ErrorCode.MissingOption);
                var optional = nested.Str("optional") is { } flag && ValueParsers.TryParseBool(flag, out var b) && b;
                var unknown = nested.Keys.FirstOrDefault(k => k is not ("type" or "value" or "optional"));
                if (unknown is not null)
                    throw new CommandSyntaxException($"{key}: unknown option '{unknown}'; expected type, value, optional", 0, ErrorCode.WrongOption);
                columns.Add(new MessageColumn(parts[1], type, text, optional));
            }
        }
        if (block.Bool("dynamic"))
            throw new CommandSyntaxException("dynamic = true needs the metadata layer (UNS policies), which this node does not run", 0,
                ErrorCode.NotSupported);
        return new MessageTopic(nameAsWritten ?? block.Required("name"), block.Str("dbms"), block.Str("table"), (int)block.Int("qos", defaultQos), block.Bool("persist"),
            block.Str("policy"), columns);
    }
}
