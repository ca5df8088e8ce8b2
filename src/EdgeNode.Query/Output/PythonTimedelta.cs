using System.Globalization;

namespace EdgeNode.Query.Output;

/// <summary>Python's <c>str(timedelta)</c>: <c>1:02:03</c>, <c>2 days, 0:00:05</c>, <c>-1 day, 23:59:58.500000</c>.</summary>
internal static class PythonTimedelta
{
    public static string Format(TimeSpan span)
    {
        var ticks = span.Ticks;
        var days = Math.DivRem(ticks, TimeSpan.TicksPerDay, out var rest);
        if (rest < 0)
        {
            days--;
            rest += TimeSpan.TicksPerDay;
        }
        var seconds = rest / TimeSpan.TicksPerSecond;
        var micros = rest % TimeSpan.TicksPerSecond / 10;
        var clock = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        if (micros != 0) clock += string.Create(CultureInfo.InvariantCulture, $".{micros:000000}");
        return days == 0 ? clock : string.Create(CultureInfo.InvariantCulture, $"{days} day{(Math.Abs(days) == 1 ? "" : "s")}, {clock}");
    }
}
