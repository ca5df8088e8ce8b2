using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Sql;

/// <summary>Names of <see cref="PartitionUnit"/> and calendar arithmetic on UTC times.</summary>
internal static class TimeUnits
{
    /// <summary>Reads <c>minute</c>, <c>minutes</c>, <c>min</c>, <c>h</c>..., case-insensitive.</summary>
    public static bool TryParse(string text, out PartitionUnit unit)
    {
        unit = text.ToLowerInvariant() switch
        {
            "second" or "seconds" or "sec" or "secs" or "s" => PartitionUnit.Second,
            "minute" or "minutes" or "min" or "mins" or "m" => PartitionUnit.Minute,
            "hour" or "hours" or "hr" or "h" => PartitionUnit.Hour,
            "day" or "days" or "d" => PartitionUnit.Day,
            "week" or "weeks" or "w" => PartitionUnit.Week,
            "month" or "months" => PartitionUnit.Month,
            "year" or "years" or "y" => PartitionUnit.Year,
            _ => (PartitionUnit)255,
        };
        return unit != (PartitionUnit)255;
    }

    /// <summary>The singular lowercase name (<c>date_trunc('hour', ...)</c>).</summary>
    public static string Name(PartitionUnit unit) => unit switch
    {
        PartitionUnit.Second => "second",
        PartitionUnit.Minute => "minute",
        PartitionUnit.Hour => "hour",
        PartitionUnit.Day => "day",
        PartitionUnit.Week => "week",
        PartitionUnit.Month => "month",
        _ => "year",
    };

    /// <summary>Adds <paramref name="amount"/> units; months and years follow the calendar (Jan 31 + 1 month = Feb 28/29).</summary>
    public static DateTime Add(DateTime time, long amount, PartitionUnit unit) => unit switch
    {
        PartitionUnit.Second => time.AddSeconds(amount),
        PartitionUnit.Minute => time.AddMinutes(amount),
        PartitionUnit.Hour => time.AddHours(amount),
        PartitionUnit.Day => time.AddDays(amount),
        PartitionUnit.Week => time.AddDays(7 * amount),
        PartitionUnit.Month => time.AddMonths(checked((int)amount)),
        _ => time.AddYears(checked((int)amount)),
    };
}
