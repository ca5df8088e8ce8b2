using System.Globalization;

namespace EdgeNode.Query.Wire;

/// <summary>
/// Timestamps as they travel in query replies and in the where clauses sent to operators. EdgeLake stores a device's
/// timestamp as it was sent and compares it as text, usually ISO 8601 in UTC (<c>2026-01-15T08:30:00Z</c>,
/// <c>2026-12-05T10:33:23.128270Z</c>); its where-clause dates have that form (seconds only when the date has no
/// fraction); its <c>increments</c> keys look like <c>2026-01-15 08:00:0.0</c>. EdgeNode writes the same: ISO UTC, the
/// fraction in microseconds only when there is one, so that an EdgeLake operator finds the row a date names and an
/// EdgeLake query node orders rows of both kinds of operator (min, max, order by) correctly. Reading is tolerant of every
/// form seen.
/// </summary>
internal static class WireTimestamps
{
    public static string Write(DateTime utc) =>
        utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>EdgeLake's text of a truncated <c>increments</c> key (<c>strftime('%Y-%m-%d %H:%M:0.0')</c> of the truncated time).</summary>
    public static string WriteIncrementsKey(DateTime truncated) =>
        truncated.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + ":0.0";

    /// <summary>
    /// Reads <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and <c>HH:mm[:ss[.fraction]]</c> (one or two digits
    /// for seconds: EdgeLake's increments keys end in <c>:0.0</c>), then optionally <c>Z</c> or an offset (<c>+02:00</c>,
    /// <c>-0500</c>). The result is UTC.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, out DateTime utc)
    {
        utc = default;
        text = text.Trim();
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)) return false;
        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var offset = TimeSpan.Zero;
        var position = 10;
        if (position < text.Length && text[position] is 'T' or 't' or ' ')
        {
            if (!Digits(text, position + 1, 2, out hour) || position + 3 >= text.Length || text[position + 3] != ':' ||
                !Digits(text, position + 4, 2, out minute)) return false;
            position += 6;
            if (position < text.Length && text[position] == ':')
            {
                var start = ++position;
                while (position < text.Length && position - start < 2 && char.IsAsciiDigit(text[position])) position++;
                if (position == start) return false;
                second = int.Parse(text[start..position], CultureInfo.InvariantCulture);
                if (position < text.Length && text[position] == '.')
                {
                    var digits = 0;
                    var fraction = 0L;
                    while (++position < text.Length && char.IsAsciiDigit(text[position]))
                        if (digits++ < 7) fraction = fraction * 10 + (text[position] - '0');
                    for (var d = Math.Min(digits, 7); d < 7; d++) fraction *= 10;
                    ticks = fraction;
                }
            }
        }
        if (position < text.Length)
        {
            var zone = text[position..];
            if (zone is not ("Z" or "z") && !TryOffset(zone, out offset)) return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59 || second > 59)
            return false;
        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks) - offset;
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = default;
        if (zone.Length < 3 || zone[0] is not ('+' or '-')) return false;
        var sign = zone[0] == '-' ? -1 : 1;
        var rest = zone[1..];
        if (!Digits(rest, 0, 2, out var hours)) return false;
        var minutes = 0;
        if (rest.Length == 5 && rest[2] == ':' && !Digits(rest, 3, 2, out minutes)) return false;
        if (rest.Length == 4 && !Digits(rest, 2, 2, out minutes)) return false;
        if (rest.Length is not (2 or 4 or 5)) return false;
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }
}
