using System.Globalization;

namespace EdgeNode.Query.Output;

/// <summary>Timestamps in results: the stored text form <c>yyyy-MM-dd HH:mm:ss.ffffff</c> (SQLite) or <see cref="DateTime"/> (PostgreSQL).</summary>
internal static class TimeValues
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.ffffff";

    private static readonly string[] Formats =
        ["yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd"];

    public static bool TryRead(object? value, out DateTime utc)
    {
        switch (value)
        {
            case DateTime time:
                utc = time;
                return true;
            case string text when text.Length >= 10:
                return DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);
            default:
                utc = default;
                return false;
        }
    }

    public static string Write(DateTime time) => time.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>A stored (UTC) timestamp as ISO text with microseconds, <c>2026-01-15T08:30:00.250000Z</c>; other values as they are.</summary>
    public static object? ToIsoText(object? value) =>
        TryRead(value, out var utc) ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : value;

    /// <summary>A stored (UTC) timestamp shown in <paramref name="zone"/>; values that are not timestamps stay as they are.</summary>
    public static object? ToZone(object? value, TimeZoneInfo zone)
    {
        if (!TryRead(value, out var utc)) return value;
        return Write(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
    }
}
