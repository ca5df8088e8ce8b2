using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// The configuration of <c>run message broker</c>: the TCP listener's addresses (positional
/// <c>[ip] [port] [local ip] [local port] [threads]</c> or the where form), <c>threads</c> (EdgeLake's worker count, default
/// 6: the PUBLISH messages mapped at once, shown by <c>get processes</c> and <c>get msg pool</c>), and what EdgeNode adds: user/password authentication and TLS with the certificates
/// of <c>!pem_dir</c> (named as for the REST server).
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
        new OptionSpec("max_pending", OptionType.Int, "messages queued per subscriber before the oldest are dropped") { Default = "100000" },
    ]);

    public required ListenerAddress Address { get; init; }
    public required int Threads { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public required bool Ssl { get; init; }
    public string? ServerOrg { get; init; }
    public string? CaOrg { get; init; }
    public required int MaxPending { get; init; }

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
        };
        if (options.Threads is < 1 or > 256)
            throw new CommandSyntaxException($"threads = {options.Threads}: expected 1 to 256", 0, ErrorCode.WrongOptionType);
        if (options.Password is not null && options.User is null)
            throw new CommandSyntaxException("password needs user", 0, ErrorCode.MissingOption);
        if (options.Ssl && string.IsNullOrWhiteSpace(options.ServerOrg))
            throw new CommandSyntaxException("ssl = true needs server_org: the certificate is !pem_dir/server-<server_org>-public-key.crt", 0,
                ErrorCode.MissingOption);
        return options;
    }
}
