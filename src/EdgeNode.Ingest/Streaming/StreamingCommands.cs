using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Streaming;

/// <summary><c>set buffer threshold</c>, <c>run streamer</c>, <c>flush buffers</c>, <c>get streaming [config]</c>.</summary>
internal static class StreamingCommands
{
    private static readonly OptionSchema ThresholdSchema = new(
        new OptionSpec("dbms", OptionType.Str, "limit the setting to a database"),
        new OptionSpec("table", OptionType.Str, "limit the setting to a table of that database"),
        new OptionSpec("time", OptionType.Time, "flush after this long (e.g. 30 seconds)"),
        new OptionSpec("volume", OptionType.Storage, "flush past this size (e.g. 10KB)"),
        new OptionSpec("write_immediate", OptionType.Bool, "insert rows directly, files only archive them"));

    private static readonly OptionSchema StreamerSchema = new(
        new OptionSpec("prep_dir", OptionType.Dir, "where data files are prepared") ,
        new OptionSpec("watch_dir", OptionType.Dir, "where the operator picks them up"),
        new OptionSpec("err_dir", OptionType.Dir, "where files that cannot be written go"));

    public static void Register(Node node, Streamer streamer)
    {
        node.AddCommand(new CommandSpec("set buffer threshold", "Configure time and volume thresholds for buffered streaming data.",
            context => SetThreshold(context, streamer))
        {
            Usage = "set buffer threshold where [dbms = name [and table = name] and] time = [N unit] and volume = [N KB|MB] and write_immediate = [true/false]",
            Examples = ["set buffer threshold where time = 60 seconds and volume = 10KB",
                "set buffer threshold where dbms = al_demo and table = ping_sensor and time = 2 minutes and volume = 1MB"],
            Where = ThresholdSchema,
            Topics = ["data", "configuration", "streaming"],
        });
        node.AddCommand(new CommandSpec("run streamer", "Flush streaming buffers to data files by time and volume thresholds.",
            context => Run(context, streamer))
        {
            Usage = "run streamer [where prep_dir = [path] and watch_dir = [path] and err_dir = [path]]",
            Examples = ["run streamer", "run streamer where prep_dir = !prep_dir and watch_dir = !watch_dir"],
            Where = StreamerSchema,
            Topics = ["configuration", "background processes", "streaming"],
        });
        node.AddCommand(new CommandSpec("flush buffers", "Flush the streaming buffers to disk now, ignoring thresholds.",
            async context =>
            {
                await streamer.FlushAsync(force: true, context.Cancellation);
                return CommandResult.Empty;
            })
        {
            Examples = ["flush buffers"],
            Topics = ["streaming"],
        });
        node.AddCommand(new CommandSpec("get streaming", "Show streaming statistics per table.", context => GetStreaming(context, streamer))
        {
            Usage = "get streaming [where format = json]",
            Examples = ["get streaming", "get streaming where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["streaming"],
        });
        node.AddCommand(new CommandSpec("get streaming config", "Show the streaming thresholds and buffered row counts.",
            context => GetConfig(context, streamer))
        {
            Usage = "get streaming config [where format = json]",
            Examples = ["get streaming config"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["streaming"],
        });
        // what a user types after 'set buffer threshold' (EdgeLake answers it with its empty streaming-conditions table)
        node.AddCommand(new CommandSpec("get buffer threshold", "Show the thresholds set by 'set buffer threshold' (same as 'get streaming config').",
            context => GetConfig(context, streamer))
        {
            Usage = "get buffer threshold [where format = json]",
            Examples = ["get buffer threshold", "get buffer threshold where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["streaming"],
        });
    }

    private static ValueTask<CommandResult> SetThreshold(CommandContext context, Streamer streamer)
    {
        var options = context.BindWhere();
        var dbms = options.Str("dbms");
        var table = options.Str("table");
        if (table is not null && dbms is null)
            return CommandHelpers.Fail(ErrorCode.MissingOption, "'table' needs 'dbms'");
        var current = dbms is null ? streamer.Thresholds.Global : streamer.Thresholds.For(dbms, table ?? "");
        var setting = new ThresholdSetting(options.Int("time", current.TimeSeconds), options.Int("volume", current.VolumeBytes),
            options.Bool("write_immediate", current.WriteImmediate));
        if (setting.WriteImmediate && context.Node.Processes.IsRunning(Core.Processes.ProcessNames.Publisher))
            return CommandHelpers.Fail(ErrorCode.WrongOption,
                "write_immediate = true is refused while the publisher runs: it ships the buffers' files to operators and inserts no rows");
        streamer.Thresholds.Set(dbms, table, setting);
        return CommandHelpers.Done(CommandResult.Empty);
    }

    private static async ValueTask<CommandResult> Run(CommandContext context, Streamer streamer)
    {
        var options = context.BindWhere();
        streamer.PrepDirOverride = options.Str("prep_dir");
        streamer.WatchDirOverride = options.Str("watch_dir");
        streamer.ErrDirOverride = options.Str("err_dir");
        return await context.Node.Processes.StartAsync(new StreamerProcess(context.Node.Log, streamer), context.Cancellation);
    }

    private static ValueTask<CommandResult> GetStreaming(CommandContext context, Streamer streamer)
    {
        var rows = streamer.Snapshot();
        if (CommandHelpers.WantsJson(context))
        {
            var json = new JsonArray();
            foreach (var row in rows)
            {
                json.Add((JsonNode)new JsonObject
                {
                    ["table"] = row.Table,
                    ["File Put"] = row.PutFiles,
                    ["File Rows"] = row.PutRows,
                    ["Streaming Put"] = row.StreamingCalls,
                    ["Streaming Rows"] = row.StreamingRows,
                    ["Streaming Cached"] = row.CachedRows,
                    ["Immediate"] = row.ImmediateRows,
                    ["Threshold Volume"] = row.VolumeKb,
                    ["% Buffer Fill"] = row.FillPercent,
                    ["Threshold Time"] = row.TimeSeconds,
                    ["Time Left"] = row.TimeLeft,
                    ["Last Process"] = ElapsedTime.Format(row.SinceLastProcess),
                });
            }
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        // header texts carry EdgeLake's column widths (its headers end with spaces) so the table matches byte for byte
        string[] headers =
        [
            "DBMS-Table ", "Put\nfiles ", "Put\nRows ", " ", "Streaming\nCalls", "Streaming\nRows", "Cached\nRows",
            "Counter\nImmediate ", "Threshold\nVolume(KB) ", "Buffer\nFill(%) ", "Threshold\nTime(sec) ", "Time Left\n(Sec)", "Last Process\nHH:MM:SS",
        ];
        var table = TableFormatter.Format(headers, rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Table, r.PutFiles, r.PutRows, "", TableFormatter.Thousands(r.StreamingCalls), TableFormatter.Thousands(r.StreamingRows),
            TableFormatter.Thousands(r.CachedRows), TableFormatter.Thousands(r.ImmediateRows), r.VolumeKb, r.FillPercent, r.TimeSeconds,
            r.TimeLeft, ElapsedTime.Format(r.SinceLastProcess),
        ]), title: TableFormatter.NewLine + "Statistics");
        return CommandHelpers.Done(table);
    }

    private static ValueTask<CommandResult> GetConfig(CommandContext context, Streamer streamer)
    {
        var global = streamer.Thresholds.Global;
        if (CommandHelpers.WantsJson(context))
        {
            var tables = new JsonObject();
            foreach (var (key, setting) in streamer.Thresholds.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                tables[key] = new JsonObject { ["Threshold Time"] = setting.TimeSeconds, ["Threshold Volume"] = setting.VolumeBytes, ["Write Immediate"] = setting.WriteImmediate };
            var json = new JsonObject
            {
                ["Threshold Time"] = global.TimeSeconds,
                ["Threshold Volume"] = global.VolumeBytes,
                ["Write Immediate"] = global.WriteImmediate,
                ["Buffered Rows"] = streamer.BufferedRows,
                ["Flushed Rows"] = streamer.FlushedRows,
                ["Tables"] = tables,
            };
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        var summary = TableFormatter.Format(["Attribute", "Value"],
        [
            ["Threshold Time", $"{global.TimeSeconds} seconds"],
            ["Threshold Volume", $"{global.VolumeBytes / 1024} KB"],
            ["Write Immediate", global.WriteImmediate ? "true" : "false"],
            ["Buffered Rows", streamer.BufferedRows],
            ["Flushed Rows", streamer.FlushedRows],
        ]);
        var perTable = TableFormatter.Format(["DBMS", "Table", "Time (sec)", "Volume (KB)", "Write Immediate"],
            streamer.Thresholds.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e =>
            {
                var dot = e.Key.IndexOf('.', StringComparison.Ordinal);
                return (IReadOnlyList<object?>)[dot < 0 ? e.Key : e.Key[..dot], dot < 0 ? "*" : e.Key[(dot + 1)..],
                    e.Value.TimeSeconds, e.Value.VolumeBytes / 1024, e.Value.WriteImmediate ? "true" : "false"];
            }));
        return CommandHelpers.Done(summary + perTable);
    }

}
