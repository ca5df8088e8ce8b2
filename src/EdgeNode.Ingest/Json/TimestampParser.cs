using System.Globalization;

namespace EdgeNode.Ingest.Json;

/// <summary>
/// Recognizes and normalizes time values (SPEC §5 values): ISO dates and times with <c>T</c> or a space, fractions,
/// <c>Z</c> or <c>+HH:MM</c> offsets (converted to UTC), a time without offset is local time converted to UTC, and a
/// number is epoch seconds. Normalized form: <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, the form EdgeLake stores.
/// </summary>
public static class TimestampParser
{
    public const string StorageFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK",
    ];

    public static bool LooksLikeDate(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-'
        && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Parses a timestamp to UTC. Offsets convert; no offset means local time.</summary>
    public static bool TryParse(string text, out DateTime utc)
    {
        utc = default;
        if (text.Length > 0 && char.IsAsciiDigit(text[0]) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            return TryFromEpoch(epoch, out utc);
        if (!DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeLocal, out var parsed))
            return false;
        utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        return true;
    }

    public static bool TryFromEpoch(long seconds, out DateTime utc)
    {
        utc = default;
        if (seconds is < 0 or > 253_402_300_799) return false;
        utc = DateTime.UnixEpoch.AddSeconds(seconds);
        return true;
    }

    public static string Format(DateTime utc) => utc.ToString(StorageFormat, CultureInfo.InvariantCulture);
}
