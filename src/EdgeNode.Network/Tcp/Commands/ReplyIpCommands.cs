using System.Net;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Server;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// The IP this node writes in the messages it sends (SPEC §3.1 and §4): <c>set reply ip</c>, <c>set self ip</c>, and
/// <c>get reply ip</c> / <c>get self ip</c> that show both settings and the reply address peers are given.
/// </summary>
internal static class ReplyIpCommands
{
    private const string DefaultRule = "The reply address of a message is this node's internal TCP address when the destination is "
                                       + "on a local or private network, else its external address. ";

    public static void Register(Node node, ReplyIpSetting setting)
    {
        node.AddCommand(new CommandSpec("set reply ip", "Set the IP peers send their replies to (written in every message this node sends).",
            context => SetReplyIp(context, setting))
        {
            Usage = "set reply ip = [ip|dynamic|default]",
            Explanation = DefaultRule + "A node behind NAT, or with several interfaces, names the IP its peers reach it at. dynamic: "
                          + "each receiver replies to the IP the message came from. default: back to 'set self ip', else the rule "
                          + "above. The reply ip wins over the self ip. The port is always the TCP server's. See 'get reply ip'.",
            Examples = ["set reply ip = 10.0.0.12", "set reply ip = dynamic", "set reply ip = default"],
            Topics = ["network", "configuration"],
        });
        node.AddCommand(new CommandSpec("set self ip", "Set the IP this node names as its own in every message it sends, to local and remote peers.",
            context => SetSelfIp(context, setting))
        {
            Usage = "set self ip = [ip|default]",
            Explanation = DefaultRule + "The self ip replaces both choices: peers see this IP as the message's source and reply "
                          + "to it, unless 'set reply ip' names another. default: back to the rule above. The port is always the "
                          + "TCP server's. See 'get self ip'.",
            Examples = ["set self ip = 10.0.0.12", "set self ip = default"],
            Topics = ["network", "configuration"],
        });
        foreach (var words in (string[])["get reply ip", "get self ip"])
        {
            node.AddCommand(new CommandSpec(words, "Show 'set reply ip', 'set self ip' and the reply address written in messages to local and remote peers.",
                context => Done(Describe(context.Node, setting)))
            {
                Usage = words,
                Examples = [words],
                Http = HttpRule.Get,
                Topics = ["network", "configuration"],
            });
        }
    }

    private static ValueTask<CommandResult> SetReplyIp(CommandContext context, ReplyIpSetting setting)
    {
        if (!TryReadValue(context, "set reply ip = [ip|dynamic|default]", out var value, out var error)) return Done(error);
        switch (value.ToLowerInvariant())
        {
            case "default":
                setting.Host = null;
                return Done(setting.Self is { } self
                    ? $"Replies come to the self ip {self}"
                    : "Replies come to this node's internal address from local peers, its external address from the others");
            case "dynamic":
                setting.Host = ReplyIpSetting.Dynamic;
                return Done("Replies come to the IP each message is sent from");
        }
        if (!IPAddress.TryParse(value, out _)) return Done(NotAnIp(context, value, "an IP address, dynamic or default"));
        setting.Host = value;
        return Done($"Replies come to {value}");
    }

    private static ValueTask<CommandResult> SetSelfIp(CommandContext context, ReplyIpSetting setting)
    {
        if (!TryReadValue(context, "set self ip = [ip|default]", out var value, out var error)) return Done(error);
        if (value.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            setting.Self = null;
            return Done("Messages name this node's internal address to local peers, its external address to the others");
        }
        if (!IPAddress.TryParse(value, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return Done(NotAnIp(context, value, "the IP address of this node or default"));
        setting.Self = value;
        return Done(setting.Host is { } reply
            ? $"Messages name this node as {value}; replies still come to {(reply == ReplyIpSetting.Dynamic ? "the IP each message is sent from" : reply)} ('set reply ip')"
            : $"Messages name this node as {value}");
    }

    private static bool TryReadValue(CommandContext context, string usage, out string value, out CommandResult error)
    {
        var args = context.Arguments;
        value = "";
        error = CommandResult.Empty;
        if (args.Count != 2 || !args[0].IsOperator("="))
        {
            error = CommandResult.Error(ErrorCode.CommandStructure, $"expected '{usage}'");
            return false;
        }
        value = args[1].Text.Trim();
        return true;
    }

    private static CommandResult NotAnIp(CommandContext context, string value, string expected) =>
        CommandResult.Error(ErrorCode.WrongOptionType, $"'{value}' at position {context.Arguments[1].Position}: expected {expected}");

    private static string Describe(Node node, ReplyIpSetting setting)
    {
        var server = node.Processes.Get<TcpServerProcess>(ProcessNames.Tcp) is { State: ProcessState.Running } running ? running : null;
        string ReplyTo(IpPort destination) => server is null ? "TCP server not running" : server.ReplyAddressFor(destination).ToString();
        var reply = setting.Host switch
        {
            null => "default",
            ReplyIpSetting.Dynamic => "dynamic",
            var host => host,
        };
        (string, string)[] rows =
        [
            ("reply ip", reply),
            ("self ip", setting.Self ?? "default"),
            // a private and a public destination stand for every local and every remote peer
            ("local peers reply to", ReplyTo(new IpPort("10.0.0.1", 32148))),
            ("remote peers reply to", ReplyTo(new IpPort("203.0.113.1", 32148))),
        ];
        return AttributeValueTable.Format(rows);
    }
}
