using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;

namespace EdgeNode.Scheduling.Monitoring;

/// <summary>
/// What the monitoring scripts call (deployment-scripts/southbound-monitoring): <c>monitor</c>, <c>get monitored</c>,
/// <c>reset monitored</c>, <c>get node info</c>, <c>get disk</c>.
/// </summary>
internal static class MonitorCommands
{
    private static readonly OptionSchema MonitorSchema = new(
        new OptionSpec("info", OptionType.Str, "a JSON object: the figures reported") { Required = true },
        new OptionSpec("name", OptionType.Str, "the reporting node's name (keyed ip.name instead of ip:port)"),
        new OptionSpec("ip", OptionType.Str, "the reporting node's ip (default: the sender's)"));

    private static readonly string[] DiskInfo = ["usage", "percentage", "free", "total", "used"];

    public static void Register(Node node, MonitoredTopics topics)
    {
        node.AddCommand(new CommandSpec("monitor", "Record figures a node reports under a topic (sent by peers with 'run client (...) monitor ...').",
            context => Monitor(context, topics))
        {
            Usage = "monitor [topic] where info = [json] [and name = [node name]] [and ip = [ip]]",
            Examples = ["monitor operators where info = {\"status\": \"Active\", \"total rows\": 10}", "monitor operators where info = !node_insight"],
            Where = MonitorSchema,
            Topics = ["monitor"],
        });
        node.AddCommand(new CommandSpec("get monitored", "List the monitored topics, or a topic's nodes and their last reports.",
            context => GetMonitored(context, topics))
        {
            Usage = "get monitored [topic]",
            Examples = ["get monitored", "get monitored operators"],
            Http = HttpRule.Get,
            Topics = ["monitor"],
        });
        node.AddCommand(new CommandSpec("reset monitored", "Forget the reports of a monitored topic.", context =>
        {
            var topic = context.Arguments.Count == 1 ? context.Arguments[0].Text : "";
            return topics.Reset(topic)
                ? CommandHelpers.Done(CommandResult.Empty)
                : CommandHelpers.Fail(ErrorCode.WrongOption, $"Topic '{topic}' is not monitored");
        })
        {
            Usage = "reset monitored [topic]",
            Examples = ["reset monitored operators"],
            Topics = ["monitor"],
        });
        node.AddCommand(new CommandSpec("get node info", "Show a machine figure as psutil names it (cpu_percent, net_io_counters, virtual_memory, ...).",
            GetNodeInfo)
        {
            Usage = "get node info [" + string.Join("|", SystemInfo.Functions) + "] [field]",
            Examples = ["get node info cpu_percent", "get node info net_io_counters packets_recv", "get node info virtual_memory percent"],
            Http = HttpRule.Get,
            Topics = ["monitor", "node info"],
        });
        node.AddCommand(new CommandSpec("get disk", "Show the size of the disk holding a path: usage, free percentage, free, total or used bytes.",
            GetDisk)
        {
            Usage = "get disk [usage|percentage|free|total|used] [path] [where format = json]",
            Explanation = "percentage is the free space in percent (what the monitoring scripts report as 'Free Space Percent').",
            Examples = ["get disk percentage .", "get disk usage !dbms_dir", "get disk free /", "get disk usage . where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["monitor", "node info"],
        });
    }

    private static ValueTask<CommandResult> Monitor(CommandContext context, MonitoredTopics topics)
    {
        var positional = context.Positional;
        if (positional.Count != 1) return CommandHelpers.Fail(ErrorCode.CommandStructure, "expected 'monitor [topic] where info = [json]'");
        var options = context.BindWhere();
        JsonObject info;
        try
        {
            info = JsonNode.Parse(options.Required("info"), documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                   ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return CommandHelpers.Fail(ErrorCode.JsonError, $"Data provided to monitoring is not in JSON format: {e.Message}");
        }
        var sender = PeerOrigin.Current?.ReplyAddress;
        var ip = options.Str("ip") ?? sender?.Host ?? context.Node.ExternalIp;
        var key = options.Str("name") is { } name ? $"{ip}.{name}"
            : sender is { } origin ? origin.ToString() : context.Node.Address.Contains(':', StringComparison.Ordinal) ? context.Node.Address : ip;
        var error = topics.Report(positional[0].Text, key, info, context.Node.Time.GetUtcNow().UtcDateTime);
        return error is null ? CommandHelpers.Done(CommandResult.Empty) : CommandHelpers.Fail(ErrorCode.ServerBusy, error);
    }

    private static ValueTask<CommandResult> GetMonitored(CommandContext context, MonitoredTopics topics)
    {
        var args = context.Arguments;
        if (args.Count == 0)
            return CommandHelpers.Done(CommandResult.Json("[" + string.Join(",", topics.Topics.Select(PyJson.Quote)) + "]"));
        var topic = args[0].Text;
        return topics.Get(topic, context.Node.Time.GetUtcNow().UtcDateTime) is { } nodes
            ? CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(nodes)))
            : CommandHelpers.Fail(ErrorCode.WrongOption, $"Topic '{topic}' is not monitored");
    }

    private static ValueTask<CommandResult> GetNodeInfo(CommandContext context)
    {
        var args = context.Arguments.Select(t => t.Text).ToList();
        if (args.Count is < 1 or > 2 || SystemInfo.Read(args[0]) is not { } fields)
            return CommandHelpers.Fail(ErrorCode.CommandStructure,
                $"expected 'get node info [{string.Join("|", SystemInfo.Functions)}] [field]'");
        if (args.Count == 2)
        {
            var field = fields.FirstOrDefault(f => f.Name == args[1]);
            return field.Name is null
                ? CommandHelpers.Fail(ErrorCode.WrongOption,
                    $"Object {args[0]} without attribute '{args[1]}'; fields: {string.Join(", ", fields.Select(f => f.Name))}")
                : CommandHelpers.Done(field.Value);
        }
        return CommandHelpers.Done(SystemInfo.TupleName(args[0]) is { } tuple
            ? $"{tuple}({string.Join(", ", fields.Select(f => $"{f.Name}={f.Value}"))})"
            : fields[0].Value);
    }

    private static ValueTask<CommandResult> GetDisk(CommandContext context)
    {
        var positional = context.Positional;
        if (positional.Count != 2 || !DiskInfo.Contains(positional[0].Text))
            return CommandHelpers.Fail(ErrorCode.CommandStructure, $"expected 'get disk [{string.Join("|", DiskInfo)}] [path]'");
        var path = positional[1].Text;
        if (DiskUsage.Of(path) is not { } disk)
            return CommandHelpers.Fail(ErrorCode.DirectoryError, $"'{path}' is not a path on a mounted disk");
        var n = CultureInfo.InvariantCulture;
        return positional[0].Text switch
        {
            "free" => CommandHelpers.Done(disk.Free.ToString(n)),
            "total" => CommandHelpers.Done(disk.Total.ToString(n)),
            "used" => CommandHelpers.Done(disk.Used.ToString(n)),
            "percentage" => CommandHelpers.Done(disk.Total == 0 ? "0.00" : (100.0 * disk.Free / disk.Total).ToString("0.00", n)),
            _ => CommandHelpers.WantsJson(context)
                ? CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(new JsonObject
                {
                    ["node"] = context.Node.LocalIp, ["total"] = disk.Total, ["used"] = disk.Used, ["free"] = disk.Free,
                })))
                : CommandHelpers.Done($"[{{'node':'{context.Node.LocalIp}', 'total':'{disk.Total.ToString("#,0", n)}','used':'{disk.Used.ToString("#,0", n)}','free':'{disk.Free.ToString("#,0", n)}'}}]"),
        };
    }
}
