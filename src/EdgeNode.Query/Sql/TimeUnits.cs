namespace EdgeNode.Query.Sql;

/// <summary>Names of <see cref="TimeUnit"/> and calendar arithmetic on UTC times.</summary>
internal static class TimeUnits
{
    /// <summary>Reads <c>minute</c>, <c>minutes</c>, <c>min</c>, <c>h</c>..., case-insensitive.</summary>
    public static bool TryParse(string text, out TimeUnit unit)
    {
        unit = text.ToLowerInvariant() switch
        {
            "second" or "seconds" or "sec" or "secs" or "s" => TimeUnit.Second,
            "minute" or "minutes" or "min" or "mins" or "m" => TimeUnit.Minute,
            "hour" or "hours" or "hr" or "h" => TimeUnit.Hour,
            "day" or "days" or "d" => TimeUnit.Day,
            "week" or "weeks" or "w" => TimeUnit.Week,
            "month" or "months" => TimeUnit.Month,
            "year" or "years" or "y" => TimeUnit.Year,
            _ => (TimeUnit)255,
        };
        return unit != (TimeUnit)255;
    }

    /// <summary>The singular lowercase name (<c>date_trunc('hour', ...)</c>).</summary>
    public static string Name(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "second",
        TimeUnit.Minute => "minute",
        TimeUnit.Hour => "hour",
        TimeUnit.Day => "day",
        TimeUnit.Week => "week",
        TimeUnit.Month => "month",
        _ => "year",
    };

    /// <summary>Adds <paramref name="amount"/> units; months and years follow the calendar (Jan 31 + 1 month = Feb 28/29).</summary>
    public static DateTime Add(DateTime time, long amount, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => time.AddSeconds(amount),
        TimeUnit.Minute => time.AddMinutes(amount),
        TimeUnit.Hour => time.AddHours(amount),
        TimeUnit.Day => time.AddDays(amount),
        TimeUnit.Week => time.AddDays(7 * amount),
        TimeUnit.Month => time.AddMonths(checked((int)amount)),
        _ => time.AddYears(checked((int)amount)),
    };
}
