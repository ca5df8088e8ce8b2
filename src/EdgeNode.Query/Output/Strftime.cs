using System.Globalization;
using System.Text;

namespace EdgeNode.Query.Output;

/// <summary>Python's <c>strftime</c> directives for <c>::datetime(%Y-%m-%d %H:%M)</c>.</summary>
internal static class Strftime
{
    public static string Format(DateTime time, string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 16);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 == pattern.Length)
            {
                builder.Append(pattern[i]);
                continue;
            }
            var directive = pattern[++i];
            builder.Append(directive switch
            {
                'Y' => time.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => time.ToString("yy", CultureInfo.InvariantCulture),
                'm' => time.ToString("MM", CultureInfo.InvariantCulture),
                'd' => time.ToString("dd", CultureInfo.InvariantCulture),
                'H' => time.ToString("HH", CultureInfo.InvariantCulture),
                'I' => time.ToString("hh", CultureInfo.InvariantCulture),
                'M' => time.ToString("mm", CultureInfo.InvariantCulture),
                'S' => time.ToString("ss", CultureInfo.InvariantCulture),
                'f' => time.ToString("ffffff", CultureInfo.InvariantCulture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' => time.ToString("MMM", CultureInfo.InvariantCulture),
                'B' => time.ToString("MMMM", CultureInfo.InvariantCulture),
                'a' => time.ToString("ddd", CultureInfo.InvariantCulture),
                'A' => time.ToString("dddd", CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                'w' => ((int)time.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + directive,
            });
        }
        return builder.ToString();
    }
}
