using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.Partitions;

/// <summary>
/// Interval boundaries of partitions. Each unit is aligned on the next larger one so names are stable and readable:
/// N hours from midnight, N days from the first of the month, N months from January (of year 0, so quarters fall on
/// Jan/Apr/Jul/Oct), N years from year 0, weeks from Monday 1970-01-05, minutes/seconds from the hour/minute.
/// </summary>
internal static class PartitionCalendar
{
    private static readonly DateTime FirstMonday = new(1970, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime Start(DateTime value, PartitionUnit unit, int count)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        count = Math.Max(1, count);
        switch (unit)
        {
            case PartitionUnit.Year:
                return Utc(utc.Year - utc.Year % count, 1, 1);
            case PartitionUnit.Month:
                var months = utc.Year * 12 + utc.Month - 1;
                months -= months % count;
                return Utc(months / 12, months % 12 + 1, 1);
            case PartitionUnit.Week:
                var weeks = (long)Math.Floor((utc.Date - FirstMonday).TotalDays / 7);
                weeks -= ((weeks % count) + count) % count;
                return FirstMonday.AddDays(weeks * 7);
            case PartitionUnit.Day:
                return Utc(utc.Year, utc.Month, (utc.Day - 1) / count * count + 1);
            case PartitionUnit.Hour:
                return Utc(utc.Year, utc.Month, utc.Day).AddHours(utc.Hour / count * count);
            case PartitionUnit.Minute:
                return Utc(utc.Year, utc.Month, utc.Day).AddHours(utc.Hour).AddMinutes(utc.Minute / count * count);
            default:
                return Utc(utc.Year, utc.Month, utc.Day).AddHours(utc.Hour).AddMinutes(utc.Minute).AddSeconds(utc.Second / count * count);
        }
    }

    /// <summary>Start of the interval after the one starting at <paramref name="start"/>, clipped to the aligning unit.</summary>
    public static DateTime Next(DateTime start, PartitionUnit unit, int count)
    {
        count = Math.Max(1, count);
        return unit switch
        {
            PartitionUnit.Year => start.AddYears(count),
            PartitionUnit.Month => Start(start.AddMonths(count), unit, count),
            PartitionUnit.Week => start.AddDays(7 * count),
            PartitionUnit.Day => Min(start.AddDays(count), Utc(start.Year, start.Month, 1).AddMonths(1)),
            PartitionUnit.Hour => Min(start.AddHours(count), start.Date.AddDays(1)),
            PartitionUnit.Minute => Min(start.AddMinutes(count), start.Date.AddHours(start.Hour + 1)),
            _ => Min(start.AddSeconds(count), start.Date.AddHours(start.Hour).AddMinutes(start.Minute + 1)),
        };
    }

    /// <summary>Parses <c>day</c>, <c>days</c>, <c>hour</c>... as a partition unit.</summary>
    public static bool TryParseUnit(string text, out PartitionUnit unit)
    {
        unit = text.ToLowerInvariant().TrimEnd('s') switch
        {
            "second" or "sec" => PartitionUnit.Second,
            "minute" or "min" => PartitionUnit.Minute,
            "hour" => PartitionUnit.Hour,
            "day" => PartitionUnit.Day,
            "week" => PartitionUnit.Week,
            "month" => PartitionUnit.Month,
            "year" => PartitionUnit.Year,
            _ => (PartitionUnit)255,
        };
        return (byte)unit != 255;
    }

    /// <summary>The unit as EdgeLake prints it in <c>get partitions</c>: <c>days</c>, <c>hours</c>...</summary>
    public static string Plural(PartitionUnit unit) => unit.ToString().ToLowerInvariant() + "s";

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
