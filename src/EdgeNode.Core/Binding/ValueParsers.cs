using System.Globalization;

namespace EdgeNode.Core.Binding;

/// <summary>Parsers for the typed values of the command language. Each returns false on text it does not accept.</summary>
public static class ValueParsers
{
    public static bool TryParseBool(string text, out bool value)
    {
        var trimmed = text.AsSpan().Trim();
        value = trimmed.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParseInt(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseFloat(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses <c>30 seconds</c>, <c>1 day</c>, <c>2 minutes</c>, <c>5s</c> or a bare number of seconds.</summary>
    public static bool TryParseSeconds(string text, out long seconds)
    {
        seconds = 0;
        var span = text.Trim();
        var split = 0;
        while (split < span.Length && (char.IsAsciiDigit(span[split]) || span[split] == '.')) split++;
        if (split == 0 || !double.TryParse(span.AsSpan(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
            return false;
        var unit = span[split..].Trim().ToLowerInvariant();
        var multiplier = UnitSeconds(unit);
        if (multiplier < 0) return false;
        seconds = (long)(count * multiplier);
        return true;
    }

    /// <summary>Seconds in a time unit (<c>second|minute|hour|day|week|month|year</c>, singular, plural or short), -1 if unknown.</summary>
    public static long UnitSeconds(string unit) => unit switch
    {
        "" or "s" or "sec" or "secs" or "second" or "seconds" => 1,
        "m" or "min" or "mins" or "minute" or "minutes" => 60,
        "h" or "hr" or "hour" or "hours" => 3600,
        "d" or "day" or "days" => 86_400,
        "w" or "week" or "weeks" => 604_800,
        "month" or "months" => 2_592_000,
        "y" or "year" or "years" => 31_536_000,
        _ => -1,
    };

    /// <summary>Parses <c>10KB</c>, <c>1 MB</c>, <c>2GB</c> or a bare number of bytes.</summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var span = text.Trim();
        var split = 0;
        while (split < span.Length && (char.IsAsciiDigit(span[split]) || span[split] == '.')) split++;
        if (split == 0 || !double.TryParse(span.AsSpan(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
            return false;
        long multiplier = span[split..].Trim().ToUpperInvariant() switch
        {
            "" or "B" or "BYTES" => 1,
            "KB" or "K" => 1024,
            "MB" or "M" => 1024 * 1024,
            "GB" or "G" => 1024L * 1024 * 1024,
            _ => -1,
        };
        if (multiplier < 0) return false;
        bytes = (long)(count * multiplier);
        return true;
    }

    /// <summary>Accepts ISO 8601 dates, <c>now()</c>, and relative forms such as <c>-30d</c>, <c>-3h</c>, <c>+1 day</c>.</summary>
    public static bool TryParseDate(string text, DateTime nowUtc, out DateTime value)
    {
        var trimmed = text.Trim();
        value = default;
        if (trimmed.Equals("now()", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            value = nowUtc;
            return true;
        }
        if (trimmed.Length > 1 && trimmed[0] is '-' or '+' && TryParseSeconds(trimmed[1..], out var seconds))
        {
            value = nowUtc.AddSeconds(trimmed[0] == '-' ? -seconds : seconds);
            return true;
        }
        return DateTime.TryParse(trimmed, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>Splits <c>(a, b)</c>, <c>[a, b]</c> or <c>a,b</c> into trimmed items without empty ones or quotes.</summary>
    public static List<string> SplitList(string text) =>
        WhereClause.Unwrap(text)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => item.Trim('"', '\''))
            .Where(item => item.Length > 0)
            .ToList();
}
