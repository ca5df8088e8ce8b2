using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;

namespace EdgeNode.Scheduling.Monitoring;

/// <summary>
/// <c>get datetime [utc|local] [now() | date] [+|- N unit]</c>: a date and time as the monitoring scripts stamp their
/// figures (<c>node_insight[timestamp] = get datetime local now()</c>), <c>2026-12-05 13:14:10.038082</c>.
/// </summary>
internal static class DateTimeCommand
{
    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec("get datetime", "Print a date and time in UTC or local time: now, or a given date, moved by +/- N units.", Get)
        {
            Usage = "get datetime [utc|local] [now() | 'yyyy-mm-dd hh:mm:ss'] [+|- N unit]",
            Examples = ["get datetime local now()", "get datetime utc now() - 3 days", "get datetime utc '2021-03-10 22:10:01.0' + 5 minutes"],
            Http = HttpRule.Get,
            Topics = ["node info"],
        });

    private static ValueTask<CommandResult> Get(CommandContext context)
    {
        var words = context.Arguments.Select(t => t.Text.Trim('\'')).ToList();
        var zone = TimeZoneInfo.Utc;
        if (words.Count > 0 && words[0] is "utc" or "local")
        {
            zone = words[0] == "local" ? TimeZoneInfo.Local : TimeZoneInfo.Utc;
            words.RemoveAt(0);
        }
        var now = context.Node.Time.GetUtcNow().UtcDateTime;
        var sign = words.FindIndex(w => w is "+" or "-");
        var date = sign < 0 ? string.Join(' ', words) : string.Join(' ', words.Take(sign));
        DateTime value;
        if (date.Length == 0 || date.Equals("now()", StringComparison.OrdinalIgnoreCase) || date.Equals("now", StringComparison.OrdinalIgnoreCase))
            value = now;
        else if (DateTime.TryParse(date, CultureInfo.InvariantCulture,
                     (zone == TimeZoneInfo.Utc ? DateTimeStyles.AssumeUniversal : DateTimeStyles.AssumeLocal) | DateTimeStyles.AdjustToUniversal, out var parsed))
            value = parsed;
        else
            return CommandHelpers.Fail(ErrorCode.WrongOptionType, $"'{date}' is not a date and time nor now()");
        if (sign >= 0)
        {
            var amount = string.Concat(words.Skip(sign + 1));
            if (!ValueParsers.TryParseSeconds(amount, out var seconds))
                return CommandHelpers.Fail(ErrorCode.WrongOptionType, $"'{string.Join(' ', words.Skip(sign + 1))}' is not N unit (e.g. 3 days)");
            value = value.AddSeconds(words[sign] == "+" ? seconds : -seconds);
        }
        return CommandHelpers.Done(TimeZoneInfo.ConvertTimeFromUtc(value, zone).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
    }
}
