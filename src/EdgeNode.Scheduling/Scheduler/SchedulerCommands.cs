using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary><c>run scheduler</c>, <c>exit scheduler</c>, <c>schedule</c>, <c>task</c>, <c>get scheduler</c> (SPEC §10).</summary>
internal static class SchedulerCommands
{
    private static readonly string[] Operations = ["stop", "resume", "remove", "init", "run"];

    private static readonly OptionSchema TaskSchema = new(
        new OptionSpec("scheduler", OptionType.Int, "the scheduler id") { Default = "1" },
        new OptionSpec("name", OptionType.Str, "the task's name"),
        new OptionSpec("id", OptionType.Int, "the task's id (instead of its name)"),
        new OptionSpec("start", OptionType.Str, "init: the new first run, a local date and time or +N unit"));

    public static void Register(Node node, Schedulers schedulers)
    {
        node.AddCommand(new CommandSpec("run scheduler", "Start a scheduler (1 by default; 0 is the system scheduler, started at boot; at most 10).",
            context => Run(context, schedulers))
        {
            Usage = "run scheduler [id]",
            Explanation = "The scheduler runs the tasks declared with 'schedule' when due. Tasks may be scheduled before it runs.",
            Examples = ["run scheduler", "run scheduler 1", "run scheduler 2"],
            Topics = ["background processes", "scheduler"],
        });
        node.AddCommand(new CommandSpec("exit scheduler", "Stop one scheduler, or all of them without an id.", context => Exit(context, schedulers))
        {
            Usage = "exit scheduler [id]",
            Examples = ["exit scheduler", "exit scheduler 1"],
            Topics = ["background processes", "scheduler"],
        });
        node.AddCommand(new CommandSpec("schedule", "Run a command periodically on a scheduler.", context => Schedule(context, schedulers))
        {
            Usage = "schedule time = [N unit] [and name = [name]] [and start = [date|+N unit]] [and scheduler = [id]] task [command]",
            Explanation = "The command is kept as written and its !variables are resolved at each run. TIME(PREVIOUS) and TIME(CURRENT) " +
                          "become the quoted times of the previous and the current run. Runs keep the wall-clock rhythm of the first one; " +
                          "a run still going when the next is due makes that one skipped, and slots missed while the node was busy run once.",
            Examples =
            [
                "schedule time = 1 day and name = \"Drop Partitions\" task drop partition where dbms = !default_dbms and table = * and keep = 3",
                "schedule name = remove_archive and time = 1 day and task delete archive where days = 30",
                "schedule time = 30 seconds and name = cpu and start = +1h task cpu_percent = get node info cpu_percent",
                "schedule time = 1 minute and scheduler = 2 task sql test \"select count(*) from t where ts > TIME(PREVIOUS)\"",
            ],
            RawArguments = true,
            Topics = ["scheduler"],
        });
        node.AddCommand(new CommandSpec("task", "Stop, resume, remove, re-start or run now a scheduled task.", context => TaskCommand(context, schedulers))
        {
            Usage = "task [stop|resume|remove|init|run] where scheduler = [id] and [name = [name] | id = [task id]] [and start = [date|+N unit]]",
            Explanation = "stop keeps the task but does not run it; resume (or init with a new start) lets it run again; remove deletes it; " +
                          "run runs its command now, whatever its schedule.",
            Examples = ["task stop where scheduler = 1 and name = \"Drop Partitions\"", "task resume where scheduler = 1 and id = 2",
                "task init where scheduler = 1 and name = cpu and start = +1h", "task run where scheduler = 1 and name = cpu",
                "task remove where scheduler = 1 and name = cpu"],
            Where = TaskSchema,
            RawArguments = true,
            Topics = ["scheduler"],
        });
        node.AddCommand(new CommandSpec("get scheduler", "Show a scheduler's tasks: mode, runs, last status, start and repeat time.",
            context => Get(context, schedulers))
        {
            Usage = "get scheduler [id] [where format = json]",
            Examples = ["get scheduler", "get scheduler 1", "get scheduler 0 where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["scheduler", "background processes"],
        });
    }

    private static bool TryId(CommandContext context, int fallback, out int id, out CommandResult? error)
    {
        error = null;
        id = fallback;
        var positional = context.Positional;
        if (positional.Count == 0) return true;
        if (positional.Count == 1 && int.TryParse(positional[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out id)
                                  && id is >= 0 and <= Schedulers.MaxId)
            return true;
        error = CommandResult.Error(ErrorCode.CommandStructure,
            $"scheduler id '{string.Join(' ', positional.Select(t => t.Text))}' is not a number from 0 to {Schedulers.MaxId}", positional[0].Position);
        return false;
    }

    private static async ValueTask<CommandResult> Run(CommandContext context, Schedulers schedulers) =>
        TryId(context, Schedulers.Default, out var id, out var error) ? await schedulers.RunAsync(id, context.Cancellation) : error!;

    private static async ValueTask<CommandResult> Exit(CommandContext context, Schedulers schedulers)
    {
        if (context.Positional.Count == 0)
            return await context.Node.Processes.StopAsync(schedulers.Process.Name, context.Cancellation);
        return TryId(context, Schedulers.Default, out var id, out var error) ? await schedulers.ExitAsync(id) : error!;
    }

    private static ValueTask<CommandResult> Schedule(CommandContext context, Schedulers schedulers)
    {
        var request = ScheduleRequest.Parse(context.Node, context.Arguments);
        var scheduler = schedulers.Declare(request.Scheduler);
        var start = request.Start ?? context.Node.Time.GetUtcNow().UtcDateTime;
        return scheduler.Add(request.Name, start, request.Period, request.Command) is null
            ? CommandHelpers.Fail(ErrorCode.DuplicateEntry, $"Duplicate task name: '{request.Name}' in scheduler {request.Scheduler}")
            : CommandHelpers.Done(CommandResult.Empty);
    }

    private static async ValueTask<CommandResult> TaskCommand(CommandContext context, Schedulers schedulers)
    {
        var positional = context.Positional;
        var operation = positional.Count == 1 ? positional[0].Text.ToLowerInvariant() : "";
        if (!Operations.Contains(operation))
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected 'task [{string.Join("|", Operations)}] where scheduler = [id] and name = [name]'");
        var where = context.WhereIndex;
        if (where < 0) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'where scheduler = [id] and name = [name]'");
        var options = TaskSchema.Bind(WhereClause.Parse(ScheduleRequest.JoinSigns(context.Node, context.Arguments.Skip(where + 1).ToList())));
        if (options.Has("name") == options.Has("id"))
            return CommandResult.Error(ErrorCode.MissingOption, "give the task's name or its id (one of them)");
        var schedulerId = (int)options.Int("scheduler", Schedulers.Default);
        var scheduler = schedulers.Find(schedulerId);
        var task = options.Str("name") is { } name ? scheduler?.Find(name) : scheduler?.Find((int)options.Int("id"));
        if (scheduler is null || task is null)
            return CommandResult.Error(ErrorCode.ProcessFailure,
                $"Task '{options.Str("name") ?? "#" + options.Int("id")}' in scheduler '{schedulerId}' is not valid");
        switch (operation)
        {
            case "stop":
                scheduler.Change(task, t => t.Mode = TaskMode.Stopped);
                return CommandResult.Empty;
            case "resume":
                scheduler.Change(task, t => t.Mode = t.Mode == TaskMode.Stopped ? TaskMode.Paused : t.Mode);
                return CommandResult.Empty;
            case "remove":
                scheduler.Change(task, t => t.Mode = TaskMode.Removed);
                return CommandResult.Empty;
            case "init":
                if (options.Str("start") is not { } start)
                    return CommandResult.Error(ErrorCode.MissingOption, "Missing start date and time for scheduled task ('and start = ..')");
                var at = ScheduleRequest.ParseStart(start, context.Node.Time.GetUtcNow().UtcDateTime);
                scheduler.Change(task, t =>
                {
                    t.Start = at;
                    t.NextDue = at;
                    t.Mode = TaskMode.Paused;
                });
                return CommandResult.Empty;
            default:
                return await context.RunAsync(task.Command);
        }
    }

    private static ValueTask<CommandResult> Get(CommandContext context, Schedulers schedulers)
    {
        if (!TryId(context, -1, out var id, out var error)) return CommandHelpers.Done(error!);
        var json = CommandHelpers.WantsJson(context);
        if (id >= 0 && schedulers.Find(id) is null)
            return CommandHelpers.Done(SchedulerReport.NotDeclared(id));
        var selected = id >= 0 ? [schedulers.Find(id)!] : schedulers.Declared;
        if (json)
        {
            var list = new JsonArray(selected.Select(s => (JsonNode)SchedulerReport.Json(s)).ToArray());
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(id >= 0 ? list[0] : list)));
        }
        return CommandHelpers.Done(id >= 0 ? SchedulerReport.Text(selected[0]) : SchedulerReport.Text(selected));
    }
}
