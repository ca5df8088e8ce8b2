using EdgeNode.Core.Binding;

namespace EdgeNode.Cluster.Consumption;

/// <summary>
/// <c>run data consumer where start_date = -30d|[date] [and end_date = ..] [and mode = active|suspend] [and time = ..]</c>.
/// Dates are kept as written: a relative date (<c>-30d</c>) moves with the clock, each pass checks the last 30 days.
/// </summary>
internal sealed record ConsumerOptions(string StartDate, string? EndDate, ConsumerMode Mode, TimeSpan Interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    public static readonly OptionSchema Schema = new(
        new OptionSpec("start_date", OptionType.Str, "the files ingested from this date are kept complete: -30d (relative to now) or a date (YY-MM-DD HH:MM:SS)")
        {
            Required = true,
        },
        new OptionSpec("end_date", OptionType.Str, "up to this date (default: now)"),
        new OptionSpec("mode", OptionType.Str, "active (ask members for missing files) or suspend (only compare)") { Default = "active" },
        new OptionSpec("time", OptionType.Time, "time between two passes (a member that asks or answers again starts one at once)")
        {
            Default = "10 seconds",
        });

    public static bool TryParseMode(string text, out ConsumerMode mode)
    {
        mode = text.ToLowerInvariant() switch
        {
            "active" => ConsumerMode.Active,
            "suspend" => ConsumerMode.Suspend,
            _ => (ConsumerMode)255,
        };
        return mode is ConsumerMode.Active or ConsumerMode.Suspend;
    }
}
