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

    public static readonly OptionSchema Schema = new(
        new OptionSpec("external_ip", OptionType.Str, "IP peers use to reach the node (published in its policy)"),
        new OptionSpec("external_port", OptionType.Int, "port peers use to reach the node"),
        new OptionSpec("internal_ip", OptionType.Str, "IP of the node on its local network; the server listens on it"),
        new OptionSpec("internal_port", OptionType.Int, "port on the local network; the server listens on it"),
        new OptionSpec("bind", OptionType.Bool, "true: listen on the internal IP only; false: on every interface") { Default = "false" },
        new OptionSpec("threads", OptionType.Int, $"workers serving messages (default {DefaultThreads})"),
        new OptionSpec("workers", OptionType.Int, "same as threads (the key EdgeLake reads)"),
        new OptionSpec("timeout", OptionType.Time, "how long a peer may stay silent in the middle of a message (default 20 seconds)"));

    public string BindAddress => Bind ? Internal.ToString() : $"0.0.0.0:{Internal.Port}";

    /// <summary>Reads the where clause, or the positional form <c>[ip] [port] [local ip] [local port] [threads]</c>.</summary>
    public static TcpServerOptions FromCommand(CommandContext context)
    {
        var where = context.BindWhere(Schema);
        var positional = context.Positional.Select(t => t.Text).ToArray();
        if (positional.Length > 5)
            throw new CommandSyntaxException("expected 'run tcp server [ip] [port] [local ip] [local port] [threads]' or a where clause",
                context.Positional[5].Position);
        string? externalIp = where.Str("external_ip") ?? At(positional, 0);
        var externalPort = Port(where, "external_port", At(positional, 1));
        string? internalIp = where.Str("internal_ip") ?? At(positional, 2);
        var internalPort = Port(where, "internal_port", At(positional, 3));
        long threads = where.Has("threads") ? where.Int("threads") : where.Has("workers") ? where.Int("workers") : DefaultThreads;
        if (At(positional, 4) is { } text && !ValueParsers.TryParseInt(text, out threads))
            throw new CommandSyntaxException($"threads '{text}' is not a number", context.Positional[4].Position, ErrorCode.WrongOptionType);
        if (threads is < 1 or > MaxThreads)
            throw new CommandSyntaxException($"threads must be between 1 and {MaxThreads}, got {threads}", 0, ErrorCode.WrongOptionType);
        externalPort ??= internalPort;
        internalPort ??= externalPort;
        if (externalPort is null)
            throw new CommandSyntaxException("missing the port: give external_port (or internal_port)", 0, ErrorCode.MissingOption);
        var node = context.Node;
        var external = new IpPort(externalIp ?? internalIp ?? node.ExternalIp, externalPort.Value);
        var @internal = new IpPort(internalIp ?? externalIp ?? node.LocalIp, internalPort!.Value);
        var idle = where.Has("timeout") ? TimeSpan.FromSeconds(Math.Max(1, where.Int("timeout"))) : TimeSpan.FromSeconds(20);
        return new TcpServerOptions(external, @internal, where.Bool("bind"), (int)threads, idle);
    }

    /// <summary>The local end point to listen on; a host name is resolved.</summary>
    public IPEndPoint ListenEndPoint()
    {
        if (!Bind) return new IPEndPoint(IPAddress.Any, Internal.Port);
        var address = IPAddress.TryParse(Internal.Host, out var ip) ? ip : Dns.GetHostAddresses(Internal.Host).First();
        return new IPEndPoint(address, Internal.Port);
    }

    private static string? At(string[] values, int index) => index < values.Length ? values[index] : null;

    private static int? Port(BoundOptions where, string key, string? positional)
    {
        long value;
        if (where.Has(key)) value = where.Int(key);
        else if (positional is null) return null;
        else if (!ValueParsers.TryParseInt(positional, out value))
            throw new CommandSyntaxException($"port '{positional}' is not a number", 0, ErrorCode.WrongOptionType);
        if (value is < 1 or > 65535)
            throw new CommandSyntaxException($"{key} must be between 1 and 65535, got {value}", 0, ErrorCode.WrongOptionType);
        return (int)value;
    }
}
