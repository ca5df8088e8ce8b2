using System.Net;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// How <c>run tcp server</c> was configured (seed: IP Configuration). The node is known to peers by its external
/// address and listens on its internal one; with one of the two given, both are that one; <c>bind = false</c> (the
/// default) listens on every interface at the internal port.
/// </summary>
internal sealed record TcpServerOptions(IpPort External, IpPort Internal, bool Bind, int Threads, TimeSpan IdleTimeout)
{
    public const int DefaultThreads = 6;
    public const int MaxThreads = 256;

    public static readonly OptionSchema Schema = new([
        .. ListenerAddress.Options,
        new OptionSpec("threads", OptionType.Int, $"workers serving messages (default {DefaultThreads})"),
        new OptionSpec("workers", OptionType.Int, "same as threads (the key EdgeLake reads)"),
        new OptionSpec("timeout", OptionType.Time, "how long a peer may stay silent in the middle of a message (default 20 seconds)"),
    ]);

    private const string Usage = "run tcp server [ip] [port] [local ip] [local port] [threads]' or 'run tcp server where external_ip = .. and external_port = ..";

    public string BindAddress => Bind ? Internal.ToString() : $"0.0.0.0:{Internal.Port}";

    /// <summary>Reads the where clause, or the positional form <c>[ip] [port] [local ip] [local port] [threads]</c>.</summary>
    public static TcpServerOptions FromCommand(CommandContext context)
    {
        var where = context.BindWhere(Schema);
        var positional = context.Positional;
        if (positional.Count > 5)
            throw new CommandSyntaxException($"expected '{Usage}'", positional[5].Position);
        long threads = where.Has("threads") ? where.Int("threads") : where.Has("workers") ? where.Int("workers") : DefaultThreads;
        if (positional.Count == 5 && !ValueParsers.TryParseInt(positional[4].Text, out threads))
            throw new CommandSyntaxException($"threads '{positional[4].Text}' is not a number", positional[4].Position, ErrorCode.WrongOptionType);
        if (threads is < 1 or > MaxThreads)
            throw new CommandSyntaxException($"threads must be between 1 and {MaxThreads}, got {threads}", 0, ErrorCode.WrongOptionType);
        var address = ListenerAddress.From(context.Node, positional.Count == 5 ? positional[..4] : positional, where, Usage);
        var idle = where.Has("timeout") ? TimeSpan.FromSeconds(Math.Max(1, where.Int("timeout"))) : TimeSpan.FromSeconds(20);
        return new TcpServerOptions(new IpPort(address.ExternalIp, address.ExternalPort), new IpPort(address.InternalIp, address.InternalPort),
            address.Bind, (int)threads, idle);
    }

    /// <summary>The local end point to listen on.</summary>
    public IPEndPoint ListenEndPoint() => new(Bind ? IPAddress.Parse(Internal.Host) : IPAddress.Any, Internal.Port);
}
