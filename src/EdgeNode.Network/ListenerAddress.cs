using System.Net;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network;

/// <summary>
/// Where a listener (TCP server, REST server, message broker) listens and what it advertises, bound from EdgeLake's two
/// forms: <c>run X [ip] [port] [internal ip] [internal port]</c> or <c>where external_ip = .. and external_port = .. and
/// internal_ip = .. and internal_port = .. and bind = ..</c> (seed, IP Configuration): with both addresses the node
/// listens on the internal one; with one, both are that one; with none, <c>!external_ip</c> and <c>!ip</c>. One port
/// serves both when only one is given; <c>bind = false</c> listens on all interfaces at that port.
/// </summary>
internal readonly record struct ListenerAddress(string ExternalIp, int ExternalPort, string InternalIp, int InternalPort, bool Bind)
{
    public static readonly OptionSpec[] Options =
    [
        new("external_ip", OptionType.Str, "address clients use (default !external_ip)"),
        new("external_port", OptionType.Int, "port clients use (default internal_port)"),
        new("internal_ip", OptionType.Str, "address of the local network (default !ip)"),
        new("internal_port", OptionType.Int, "port listened on (default external_port)"),
        new("bind", OptionType.Bool, "true: listen on internal_ip only; false: on all interfaces") { Default = "false" },
    ];

    public string ExternalAddress => $"{ExternalIp}:{ExternalPort}";
    public string InternalAddress => $"{InternalIp}:{InternalPort}";
    public string BindAddress => Bind ? InternalAddress : $"0.0.0.0:{InternalPort}";
    public IPAddress ListenAddress => Bind ? IPAddress.Parse(InternalIp) : IPAddress.Any;

    /// <summary>
    /// Binds the positional words (the first four; <paramref name="positional"/> excludes any further ones the command
    /// takes) and the where clause. <paramref name="usage"/> is the command's form, for the error message.
    /// </summary>
    public static ListenerAddress From(Node node, IReadOnlyList<Token> positional, BoundOptions where, string usage)
    {
        if (positional.Count is not (0 or 2 or 4))
            throw new CommandSyntaxException($"expected '{usage}'", positional.Count > 0 ? positional[0].Position : 0);
        string? externalIp = where.Str("external_ip"), internalIp = where.Str("internal_ip");
        int? externalPort = Port(where, "external_port"), internalPort = Port(where, "internal_port");
        if (positional.Count >= 2)
        {
            externalIp ??= positional[0].Text;
            externalPort ??= ParsePort(positional[1]);
        }
        if (positional.Count == 4)
        {
            internalIp ??= positional[2].Text;
            internalPort ??= ParsePort(positional[3]);
        }
        var port = internalPort ?? externalPort
            ?? throw new CommandSyntaxException($"missing the port: '{usage}'", 0, ErrorCode.MissingOption);
        var address = new ListenerAddress(externalIp ?? internalIp ?? node.ExternalIp, externalPort ?? port,
            internalIp ?? externalIp ?? node.LocalIp, port, where.Bool("bind"));
        if (address.Bind && !IPAddress.TryParse(address.InternalIp, out _))
            throw new CommandSyntaxException($"internal_ip '{address.InternalIp}' is not an IP address the server can listen on", 0,
                ErrorCode.WrongOptionType);
        return address;
    }

    private static int? Port(BoundOptions where, string key) =>
        where.Has(key) ? CheckPort(where.Int(key), key) : null;

    public static int ParsePort(Token token) =>
        ValueParsers.TryParseInt(token.Text, out var port)
            ? CheckPort(port, "port")
            : throw new CommandSyntaxException($"'{token.Text}' at position {token.Position} is not a port number", token.Position,
                ErrorCode.WrongOptionType);

    private static int CheckPort(long port, string key) =>
        port is >= 1 and <= 65535
            ? (int)port
            : throw new CommandSyntaxException($"{key} = {port}: expected 1 to 65535", 0, ErrorCode.WrongOptionType);
}
