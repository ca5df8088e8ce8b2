using System.Globalization;
using EdgeNode.Core.Output;

namespace EdgeNode.Storage.Loading;

/// <summary>Parsing and printing of typed values in the invariant forms the storage layer uses.</summary>
internal static class ValueText
{
    /// <summary>How timestamps are stored as text (SQLite) and shown: sortable, what SQLite's date functions read.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    public static string Timestamp(DateTime utc) => utc.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>HH:mm:ss</c>, with microseconds only when there are some (as PostgreSQL prints a time).</summary>
    public static string Time(TimeOnly time) =>
        time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 and SQL forms; an offset converts to UTC, no offset means UTC already; digits are epoch seconds.</summary>
    public static bool TryParseTimestamp(string text, out DateTime utc)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit) && long.TryParse(trimmed, CultureInfo.InvariantCulture, out var epoch))
        {
            utc = DateTime.UnixEpoch.AddSeconds(epoch);
            return true;
        }
        if (DateTime.TryParse(trimmed, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out utc))
        {
            utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
            return true;
        }
        return false;
    }

    public static string Number(double value) => PythonFormat.FloatRepr(value);
}
