using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// <c>get scheduler [id]</c> in EdgeLake's layout: <c>Scheduler ID:     n</c>, <c>Scheduler Status: Running|Not Running</c>,
/// then the <c>Scheduled Tasks</c> table (ID, Mode, Name, Counter, Run Status, Start-Time in local time, Repeat-Time as
/// h:m:s, Task as written). All schedulers: each one after a blank line.
/// </summary>
internal static class SchedulerReport
{
    private static readonly string[] Headers = ["ID", "Mode", "Name", "Counter", "Run Status", "Start-Time", "Repeat-Time", "Task"];

    public static string NotDeclared(int id) => $"Scheduler {id} not declared";

    public static string Text(NodeScheduler scheduler)
    {
        var builder = new StringBuilder();
        builder.Append(TableFormatter.NewLine).Append("Scheduler ID:     ").Append(scheduler.Id.ToString(CultureInfo.InvariantCulture))
            .Append(TableFormatter.NewLine).Append("Scheduler Status: ").Append(scheduler.IsRunning ? "Running" : "Not Running");
        var rows = scheduler.Tasks.Select(t => (IReadOnlyList<object?>)
            [t.Id, Mode(t.Mode), t.Name ?? "", t.Counter, t.RunStatus, LocalTime(t.Start), RepeatTime(t.Period), t.Command]);
        builder.Append(TableFormatter.Format(Headers, rows, "Scheduled Tasks"));
        return builder.ToString();
    }

    public static string Text(IEnumerable<NodeScheduler> schedulers) =>
        string.Concat(schedulers.Select(s => TableFormatter.NewLine + Text(s)));

    public static JsonObject Json(NodeScheduler scheduler)
    {
        var tasks = new JsonArray();
        foreach (var t in scheduler.Tasks)
        {
            tasks.Add((JsonNode)new JsonObject
            {
                ["ID"] = t.Id, ["Mode"] = Mode(t.Mode), ["Name"] = t.Name, ["Counter"] = t.Counter, ["Run Status"] = t.RunStatus,
                ["Error"] = t.LastError, ["Skipped"] = t.Skipped, ["Start-Time"] = LocalTime(t.Start),
                ["Next-Time"] = LocalTime(t.NextDue), ["Repeat-Time"] = RepeatTime(t.Period), ["Task"] = t.Command,
            });
        }
        return new JsonObject
        {
            ["Scheduler ID"] = scheduler.Id, ["Scheduler Status"] = scheduler.IsRunning ? "Running" : "Not Running", ["Scheduled Tasks"] = tasks,
        };
    }

    public static string Mode(TaskMode mode) => mode.ToString();

    /// <summary>EdgeLake prints the start in local time with microseconds.</summary>
    public static string LocalTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary><c>0:0:1</c>, <c>24:0:0</c>: hours, minutes and seconds without padding, as EdgeLake prints them.</summary>
    public static string RepeatTime(TimeSpan period)
    {
        var seconds = (long)period.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds % 3600 / 60}:{seconds % 60}");
    }
}
