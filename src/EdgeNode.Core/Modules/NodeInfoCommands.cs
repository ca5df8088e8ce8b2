using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Core.Modules;

/// <summary>Node information: <c>get status</c>, <c>get node id</c>, <c>get version</c>, <c>get node info memory</c>, <c>get processes</c>, <c>get connections</c>, logs.</summary>
internal static class NodeInfoCommands
{
    public static void Register(Node node)
    {
        Get(node, "get status", "Show that the node is up: '<name>@<ip:port> running'.", Status,
            "get status [where format = json]", ["get status", "get status where format = json"], ["node info"]);
        Get(node, "get node id", "Show the node's unique id.", NodeId, "get node id", ["get node id"], ["node info"]);
        Get(node, "get version", "Show the EdgeNode version.", Version, "get version", ["get version"], ["node info"]);
        Get(node, "get node info memory", "Show the node's memory: resident (RSS) and its peak, the managed heap, what the GC committed, GC counts.",
            Memory, "get node info memory [where format = json]", ["get node info memory", "get node info memory where format = json"],
            ["node info", "monitoring"]);
        Get(node, "get processes", "List the background processes and their status.", Processes,
            "get processes where format = [table/json]", ["get processes", "get processes where format = json"],
            ["node info", "configuration"]);
        Get(node, "get connections", "Show the addresses of the TCP, REST and message broker listeners.", Connections,
            "get connections [where format = json]", ["get connections"], ["network", "configuration"]);
        Get(node, "get error log", "Show recent errors.", context => LogTable(context, context.Node.Log.Errors, null),
            "get error log", ["get error log"], ["log"]);
        Get(node, "get event log", "Show recent events.", context => LogTable(context, context.Node.Log.Events, null),
            "get event log", ["get event log"], ["log"]);
        Get(node, "get query log", "Show recent queries.", context => LogTable(context, context.Node.Log.Queries, null),
            "get query log", ["get query log"], ["log", "query"]);
        Get(node, "get echo queue", "Show messages sent by 'echo' and by peers.", context => LogTable(context, context.Node.Log.Echo, "Message Queue:"),
            "get echo queue", ["get echo queue"], ["log"]);
        foreach (var (words, pick) in new (string, Func<NodeLog, BoundedLog>)[]
                 {
                     ("reset error log", l => l.Errors), ("reset event log", l => l.Events),
                     ("reset query log", l => l.Queries), ("reset echo queue", l => l.Echo),
                 })
        {
            node.AddCommand(new CommandSpec(words, $"Clear the {words[6..]}.", context =>
            {
                pick(context.Node.Log).Clear();
                return Done(CommandResult.Empty);
            }) { Examples = [words], Topics = ["log"] });
        }
    }

    private static void Get(Node node, string words, string summary, CommandHandler handler, string usage, string[] examples,
        string[] topics) =>
        node.AddCommand(new CommandSpec(words, summary, handler)
        {
            Usage = usage,
            Examples = examples,
            Topics = topics,
            Where = FormatOnly,
            Http = HttpRule.Get,
        });

    private static ValueTask<CommandResult> Status(CommandContext context)
    {
        var node = context.Node;
        var assigned = $"{node.Name}@{node.Address}";
        if (!WantsJson(context)) return Done($"{assigned} running");
        // "Status" is the AnyLog documentation's key; EdgeLake 1.4 answers with assigned_name/status/profiling. Both are given.
        var json = new JsonObject
        {
            ["Status"] = $"{assigned} running",
            ["assigned_name"] = assigned,
            ["status"] = "running",
            ["profiling"] = false,
        };
        return Done(CommandResult.Json(PyJson.Serialize(json)));
    }

    /// <summary>Bytes and counts as <see cref="Metrics.ProcessMemory.Fields"/> names them (JSON numbers, the GC mode a string).</summary>
    private static ValueTask<CommandResult> Memory(CommandContext context)
    {
        var fields = Metrics.ProcessMemory.Read().Fields();
        if (!WantsJson(context))
            return Done(TableFormatter.Format(["Attribute", "Value"], fields.Select(f => (IReadOnlyList<object?>)[f.Name, f.Value])));
        var json = new JsonObject();
        foreach (var (name, value) in fields)
            json[name] = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : value;
        return Done(CommandResult.Json(PyJson.Serialize(json)));
    }

    private static ValueTask<CommandResult> NodeId(CommandContext context) => Done(context.Node.NodeId);

    private static ValueTask<CommandResult> Version(CommandContext context) =>
        Done($"EdgeNode Version: {Node.Version} ({Node.CompatibleWith} compatible)");

    private static ValueTask<CommandResult> Processes(CommandContext context)
    {
        var rows = context.Node.Processes.List();
        if (WantsJson(context))
        {
            var json = new JsonObject();
            foreach (var (name, status, details) in rows)
            {
                var entry = new JsonObject { ["Status"] = status };
                if (details.Length > 0) entry["Details"] = details;
                json[name] = entry;
            }
            return Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        return Done(TableFormatter.Format(["Process", "Status", "Details"],
            rows.Select(r => (IReadOnlyList<object?>)[r.Name, r.Status, r.Details]), indent: 4));
    }

    private static ValueTask<CommandResult> Connections(CommandContext context)
    {
        var rows = new List<(string Type, string External, string Internal, string Bind)>();
        foreach (var (type, process) in new[] { ("TCP", ProcessNames.Tcp), ("REST", ProcessNames.Rest), ("Messaging", ProcessNames.MessageBroker) })
        {
            rows.Add(context.Node.Processes.Get(process) is IListenerProcess { State: ProcessState.Running } listener
                ? (type, listener.ExternalAddress, listener.InternalAddress, listener.BindAddress)
                : (type, "Not declared", "Not declared", "Not declared"));
        }
        if (WantsJson(context))
        {
            var json = new JsonObject();
            foreach (var row in rows)
                json[row.Type] = new JsonObject { ["external"] = row.External, ["local"] = row.Internal, ["bind"] = row.Bind }; // EdgeLake's keys
            return Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        return Done(TableFormatter.Format(["Type", "External Address", "Internal Address", "Bind Address"],
            rows.Select(r => (IReadOnlyList<object?>)[r.Type, r.External, r.Internal, r.Bind])));
    }

    private static ValueTask<CommandResult> LogTable(CommandContext context, BoundedLog log, string? title)
    {
        var entries = log.Entries();
        if (WantsJson(context))
        {
            var json = new JsonArray();
            foreach (var entry in entries)
                json.Add((JsonNode)new JsonObject { ["counter"] = entry.Counter, ["time"] = FormatTime(entry.Time), ["message"] = entry.Message });
            return Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        return Done(TableFormatter.Format(["Counter", "Time", "Message"],
            entries.Select(e => (IReadOnlyList<object?>)[e.Counter, FormatTime(e.Time), e.Message]), title));
    }

    public static string FormatTime(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
