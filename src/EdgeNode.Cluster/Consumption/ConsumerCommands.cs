using System.Text.Json.Nodes;
using EdgeNode.Cluster.Distribution;
using EdgeNode.Cluster.Sync;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;

namespace EdgeNode.Cluster.Consumption;

/// <summary><c>run data consumer</c>, <c>set consumer mode</c> and <c>get consumer</c> (<c>exit consumer</c> is generic).</summary>
internal static class ConsumerCommands
{
    public static void Register(Node node, ClusterSyncState state)
    {
        node.AddCommand(new CommandSpec("run data consumer", "Keep this node's copy of the other cluster members' files complete: find the gaps and pull the files.",
            context => RunAsync(context, state))
        {
            Usage = "run data consumer where start_date = [date] [and end_date = [date]] [and mode = active|suspend] [and time = [interval]]",
            Explanation =
                "Each pass asks every other member of the cluster for the range of its TSD table in the window (event get_recent_tsd_info), " +
                "finds the file ids this node's tsd_<member> lacks, and asks the member for those files (file deliver): they land in the " +
                "watch dir and the operator loads them with the member's row ids. A file no member has any more is recorded as " +
                "missing_archived_file. Dates: -30d (relative to now) or YY-MM-DD HH:MM:SS. Mode suspend only compares.",
            Examples = ["run data consumer where start_date = -30d", "run data consumer where start_date = -3d and mode = suspend",
                "run data consumer where start_date = 2026-01-01 and end_date = 2026-02-01"],
            Where = ConsumerOptions.Schema,
            Topics = ["high availability", "background processes"],
        });
        node.AddCommand(new CommandSpec("set consumer mode", "Suspend the consumer's requests for files, or make it active again.", SetMode)
        {
            Usage = "set consumer mode = active|suspend",
            Examples = ["set consumer mode = suspend", "set consumer mode = active"],
            Topics = ["high availability"],
        });
        node.AddCommand(new CommandSpec("get consumer", "Show the consumer: its mode and window, and per TSD table the range, the gaps and the files pulled.",
            context => Get(context, state))
        {
            Usage = "get consumer [where format = json]",
            Examples = ["get consumer", "get consumer where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["high availability", "monitor"],
        });
    }

    private static async ValueTask<CommandResult> RunAsync(CommandContext context, ClusterSyncState state)
    {
        var node = context.Node;
        var bound = context.BindWhere();
        var now = node.Time.GetUtcNow().UtcDateTime;
        var start = bound.Required("start_date");
        if (!ValueParsers.TryParseDate(start, now, out _))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"start_date = {start}: expected -30d or a date (YY-MM-DD HH:MM:SS)");
        var end = bound.Str("end_date");
        if (end is not null && !ValueParsers.TryParseDate(end, now, out _))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"end_date = {end}: expected -1d or a date (YY-MM-DD HH:MM:SS)");
        if (!ConsumerOptions.TryParseMode(bound.Str("mode", "active"), out var mode))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"mode = {bound.Str("mode")}: expected active or suspend");
        var seconds = bound.Int("time", (long)ConsumerOptions.DefaultInterval.TotalSeconds);
        if (seconds < 1) return CommandResult.Error(ErrorCode.WrongOptionType, "time: at least 1 second between passes");
        // started before the operator (EdgeLake's deployment scripts do), it waits for it; a running operator must fit
        var waits = node.Services.Find<IMetadata>() is { NodeOperator: null };
        try
        {
            if (!waits) ClusterMembers.RequireSelf(node, "consumer");
        }
        catch (CommandSyntaxException e)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
        var options = new ConsumerOptions(start, end, mode, TimeSpan.FromSeconds(seconds));
        var result = await node.Processes.StartAsync(new ConsumerProcess(node, options, state), context.Cancellation);
        return !result.IsError && waits ? CommandResult.Ok("The consumer waits for the operator of this node (run operator where policy = ...)") : result;
    }

    private static ValueTask<CommandResult> SetMode(CommandContext context)
    {
        var words = context.Arguments.Select(t => t.Text).ToArray();
        if (words is ["=", var value]) words = [value];
        if (words.Length != 1 || !ConsumerOptions.TryParseMode(words[0], out var mode))
            return CommandHelpers.Fail(ErrorCode.CommandStructure, "expected: set consumer mode = active|suspend");
        if (context.Node.Processes.Get<ConsumerProcess>(ProcessNames.Consumer) is not { State: ProcessState.Running } consumer)
            return CommandHelpers.Fail(ErrorCode.ProcessNotRunning, "the consumer is not running: run data consumer where start_date = ...");
        consumer.Mode = mode;
        return CommandHelpers.Done($"Consumer mode: {words[0].ToLowerInvariant()}");
    }

    private static ValueTask<CommandResult> Get(CommandContext context, ClusterSyncState state)
    {
        var consumer = context.Node.Processes.Get<ConsumerProcess>(ProcessNames.Consumer);
        var running = consumer is { State: ProcessState.Running };
        var tables = state.Tables.Where(t =>
        {
            lock (t.Gate) return t.Tracked;
        }).ToList();
        var mode = consumer?.Mode == ConsumerMode.Suspend ? "suspend" : "active";
        if (CommandHelpers.WantsJson(context))
        {
            var json = new JsonObject
            {
                ["status"] = running ? "Running" : "Not running",
                ["mode"] = mode,
                ["start_date"] = consumer?.Options.StartDate,
                ["end_date"] = consumer?.Options.EndDate,
                ["passes"] = consumer?.Passes ?? 0,
                ["last_pass"] = DistributorCommands.Time(consumer?.LastPass),
                ["last_error"] = consumer?.LastError ?? "",
                ["tables"] = new JsonArray([.. tables.Select(t => (JsonNode)Table(t))]),
            };
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        var header = TableFormatter.Format(["Status", "Mode", "Start date", "End date", "Passes", "Last pass", "Last error"],
            [[running ? "Running" : "Not running", mode, consumer?.Options.StartDate ?? "", consumer?.Options.EndDate ?? "now", consumer?.Passes ?? 0,
                DistributorCommands.Time(consumer?.LastPass), consumer?.LastError ?? ""]], "Consumer");
        if (tables.Count == 0) return CommandHelpers.Done(header);
        var rows = tables.Select(t =>
        {
            lock (t.Gate)
                return (IReadOnlyList<object?>)[t.Table, t.Source, t.SourceFirstId, t.SourceLastId, t.ValidatedId, t.Gaps, t.Requested, t.Delivered,
                    t.MissingArchived, t.LastError];
        });
        return CommandHelpers.Done(header + TableFormatter.Format(
            ["TSD table", "Source member", "First id", "Last id", "Validated id", "Gaps", "Requested", "Delivered", "Missing archived", "Last error"],
            rows, "TSD tables"));
    }

    private static JsonObject Table(TableSync t)
    {
        lock (t.Gate)
            return new JsonObject
            {
                ["tsd"] = t.Table, ["source"] = t.Source, ["first_id"] = t.SourceFirstId, ["last_id"] = t.SourceLastId, ["validated_id"] = t.ValidatedId,
                ["gaps"] = t.Gaps, ["requested"] = t.Requested, ["delivered"] = t.Delivered, ["missing_archived"] = t.MissingArchived,
                ["last_error"] = t.LastError,
            };
    }
}
