using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// The configuration of <c>run message broker</c>: the TCP listener's addresses (positional
/// <c>[ip] [port] [local ip] [local port] [threads]</c> or the where form), <c>threads</c> (EdgeLake's worker count, default
/// 6: the PUBLISH messages mapped at once, shown by <c>get processes</c> and <c>get msg pool</c>), and what EdgeNode adds: user/password authentication and TLS with the certificates
/// of <c>!pem_dir</c> (named as for the REST server), MQTT 5 limits and features (maximum packet size, receive
/// maximum, topic aliases, server keep alive) and per-topic permissions.
/// </summary>
internal sealed record BrokerOptions
{
    public const string Usage = "run message broker [ip] [port] [local ip] [local port] [threads]' or " +
                                "'run message broker where external_ip = .. and external_port = ..";

    public static readonly OptionSchema Schema = new([
        .. ListenerAddress.Options,
        new OptionSpec("threads", OptionType.Int, "worker threads: PUBLISH messages mapped at once (EdgeLake's pool size; see get msg pool)") { Default = "6" },
        new OptionSpec("user", OptionType.Str, "clients must connect with this user name (and password)"),
        new OptionSpec("password", OptionType.Str, "the password of 'user'"),
        new OptionSpec("ssl", OptionType.Bool, "MQTT over TLS with the certificates of !pem_dir") { Default = "false" },
        new OptionSpec("server_org", OptionType.Str, "organization of the server certificate (server-<org>-public-key.crt)"),
        new OptionSpec("ca_org", OptionType.Str, "organization of the CA that signs client certificates (ca-<org>-public-key.crt)"),
        new OptionSpec("max_pending", OptionType.Int, "QoS 1/2 messages queued per subscriber before the oldest are dropped; also the packets waiting for a slow subscriber past which its QoS 0 copies are dropped") { Default = "100000" },
        new OptionSpec("max_packet_size", OptionType.Storage, "largest packet accepted; a larger one ends the connection (MQTT 5: DISCONNECT 0x95)") { Default = "16MB" },
        new OptionSpec("receive_maximum", OptionType.Int, "QoS 1/2 messages an MQTT 5 client may have unacknowledged (more: DISCONNECT 0x93)") { Default = "1024" },
        new OptionSpec("max_inflight", OptionType.Int, "QoS 1/2 messages sent to an MQTT 3 client and not yet acknowledged") { Default = "1000" },
        new OptionSpec("topic_alias_maximum", OptionType.Int, "topic aliases an MQTT 5 client may use toward the broker (0 = none)") { Default = "10" },
        new OptionSpec("topic_aliases", OptionType.Bool, "use topic aliases toward MQTT 5 clients that allow them") { Default = "false" },
        new OptionSpec("server_keep_alive", OptionType.Int, "longest keep alive (seconds) for MQTT 5 clients; more or 0 gets this (0 = the client's)") { Default = "0" },
        new OptionSpec("deny_subscribe", OptionType.List, "topic filters clients may not subscribe to (SUBACK 0x80)"),
        new OptionSpec("deny_publish", OptionType.List, "topics clients may not publish to (MQTT 5: PUBACK 0x87)"),
        new OptionSpec("permissions", OptionType.Str, "a file of rules, one a line: allow|deny subscribe|publish <topic filter> [user <name>]"),
    ]);

    public required ListenerAddress Address { get; init; }
    public required int Threads { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public required bool Ssl { get; init; }
    public string? ServerOrg { get; init; }
    public string? CaOrg { get; init; }
    public required int MaxPending { get; init; }
    public long MaximumPacketSize { get; init; } = 16 * 1024 * 1024;
    public int ReceiveMaximum { get; init; } = 1024;
    public int MaxInflight { get; init; } = 1000;
    public int TopicAliasMaximum { get; init; } = 10;
    public bool ServerTopicAliases { get; init; }
    public int ServerKeepAlive { get; init; }
    public IReadOnlyList<string> DenySubscribe { get; init; } = [];
    public IReadOnlyList<string> DenyPublish { get; init; } = [];
    public string? PermissionsFile { get; init; }

    /// <summary>How long a new connection has to send its CONNECT.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static BrokerOptions From(CommandContext context)
    {
        var where = context.BindWhere(Schema);
        var positional = context.Positional;
        var threads = where.Int("threads");
        if (positional.Count is 3 or 5)
        {
            // the last positional word is the thread count
            if (!ValueParsers.TryParseInt(positional[^1].Text, out threads))
                throw new CommandSyntaxException($"threads '{positional[^1].Text}' is not a number", positional[^1].Position,
                    ErrorCode.WrongOptionType);
            positional = positional[..^1];
        }
        var options = new BrokerOptions
        {
            Address = ListenerAddress.From(context.Node, positional, where, Usage),
            Threads = (int)threads,
            User = where.Str("user"),
            Password = where.Str("password"),
            Ssl = where.Bool("ssl"),
            ServerOrg = where.Str("server_org"),
            CaOrg = where.Str("ca_org"),
            MaxPending = (int)Math.Clamp(where.Int("max_pending"), 1, int.MaxValue),
            MaximumPacketSize = where.Int("max_packet_size"),
            ReceiveMaximum = (int)where.Int("receive_maximum"),
            MaxInflight = (int)where.Int("max_inflight"),
            TopicAliasMaximum = (int)where.Int("topic_alias_maximum"),
            ServerTopicAliases = where.Bool("topic_aliases"),
            ServerKeepAlive = (int)where.Int("server_keep_alive"),
            DenySubscribe = where.Strings("deny_subscribe"),
            DenyPublish = where.Strings("deny_publish"),
            PermissionsFile = where.Str("permissions"),
        };
        Range("max_packet_size", options.MaximumPacketSize, 64, 256L * 1024 * 1024);
        Range("receive_maximum", options.ReceiveMaximum, 1, 65_535);
        Range("max_inflight", options.MaxInflight, 1, 65_535);
        Range("topic_alias_maximum", options.TopicAliasMaximum, 0, 65_535);
        Range("server_keep_alive", options.ServerKeepAlive, 0, 65_535);
        if (options.Threads is < 1 or > 256)
            throw new CommandSyntaxException($"threads = {options.Threads}: expected 1 to 256", 0, ErrorCode.WrongOptionType);
        if (options.Password is not null && options.User is null)
            throw new CommandSyntaxException("password needs user", 0, ErrorCode.MissingOption);
        if (options.Ssl && string.IsNullOrWhiteSpace(options.ServerOrg))
            throw new CommandSyntaxException("ssl = true needs server_org: the certificate is !pem_dir/server-<server_org>-public-key.crt", 0,
                ErrorCode.MissingOption);
        return options;
    }

    private static void Range(string name, long value, long min, long max)
    {
        if (value < min || value > max)
            throw new CommandSyntaxException($"{name} = {value}: expected {min} to {max}", 0, ErrorCode.WrongOptionType);
    }
}
