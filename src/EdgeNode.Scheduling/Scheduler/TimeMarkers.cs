using System.Globalization;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// <c>TIME(PREVIOUS)</c> and <c>TIME(CURRENT)</c> in a task's command (a repeatable query between its last run and now):
/// replaced by quoted local times, <c>'2026-01-15 08:30:00.123456'</c>. The first run's previous time is one period ago;
/// each run's current time is the next run's previous time, so consecutive runs cover time without gaps or overlaps.
/// </summary>
internal static class TimeMarkers
{
    public const string Previous = "TIME(PREVIOUS)";
    public const string Current = "TIME(CURRENT)";

    public static bool Has(string command) =>
        command.Contains(Previous, StringComparison.Ordinal) || command.Contains(Current, StringComparison.Ordinal);

    /// <summary>The command to run now; updates the task's previous time when the command names the current time.</summary>
    public static string Apply(ScheduledTask task, string command, DateTime nowUtc, TimeZoneInfo zone)
    {
        var current = Quote(nowUtc, zone);
        if (command.Contains(Previous, StringComparison.Ordinal))
            command = command.Replace(Previous, task.PreviousTime ?? Quote(nowUtc - task.Period, zone), StringComparison.Ordinal);
        if (command.Contains(Current, StringComparison.Ordinal))
        {
            command = command.Replace(Current, current, StringComparison.Ordinal);
            task.PreviousTime = current;
        }
        return command;
    }

    private static string Quote(DateTime utc, TimeZoneInfo zone) =>
        "'" + TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";
}
