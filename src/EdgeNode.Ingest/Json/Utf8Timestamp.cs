namespace EdgeNode.Ingest.Json;

/// <summary>
/// Parses the usual ISO 8601 timestamps straight from UTF-8 JSON bytes, without allocating (the operator's hot path):
/// <c>yyyy-MM-dd(T| )HH:mm[:ss[.fraction]][Z|±HH[:MM]]</c>. As SPEC §5 says, an offset converts to UTC, a value with
/// <c>T</c> at index 10 and no offset is UTC, one with a space is local time converted to UTC. Anything else returns false
/// (callers fall back to <see cref="TimestampParser"/>).
/// </summary>
internal static class Utf8Timestamp
{
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 16 || s[4] != '-' || s[7] != '-' || s[13] != ':') return false;
        var separator = s[10];
        if (separator is not ((byte)'T' or (byte)'t' or (byte)' ')) return false;
        if (!Number(s, 0, 4, out var year) || !Number(s, 5, 2, out var month) || !Number(s, 8, 2, out var day)
            || !Number(s, 11, 2, out var hour) || !Number(s, 14, 2, out var minute))
            return false;
        var second = 0;
        long fraction = 0;
        var i = 16;
        if (i < s.Length && s[i] == ':')
        {
            if (s.Length < 19 || !Number(s, 17, 2, out second)) return false;
            i = 19;
            if (i < s.Length && s[i] is (byte)'.' or (byte)',')
            {
                i++;
                var digits = 0;
                while (i < s.Length && IsDigit(s[i]))
                {
                    if (digits < 7)
                    {
                        fraction = fraction * 10 + (s[i] - '0');
                        digits++;
                    }
                    i++;
                }
                if (digits == 0) return false;
                for (; digits < 7; digits++) fraction *= 10;
            }
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || year < 1
            || hour > 23 || minute > 59 || second > 59)
            return false;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        if (i == s.Length)
        {
            utc = separator == ' '
                ? TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.Local)
                : DateTime.SpecifyKind(local, DateTimeKind.Utc);
            return true;
        }
        if (s[i] is (byte)'Z' or (byte)'z')
        {
            if (i + 1 != s.Length) return false;
            utc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            return true;
        }
        if (s[i] is not ((byte)'+' or (byte)'-')) return false;
        var sign = s[i] == '-' ? -1 : 1;
        var rest = s[(i + 1)..];
        int offsetHours, offsetMinutes = 0;
        switch (rest.Length)
        {
            case 2 when Number(rest, 0, 2, out offsetHours):
                break;
            case 4 when Number(rest, 0, 2, out offsetHours) && Number(rest, 2, 2, out offsetMinutes):
                break;
            case 5 when rest[2] == ':' && Number(rest, 0, 2, out offsetHours) && Number(rest, 3, 2, out offsetMinutes):
                break;
            default:
                return false;
        }
        if (offsetHours > 14 || offsetMinutes > 59) return false;
        var ticks = local.Ticks - sign * (offsetHours * TimeSpan.TicksPerHour + offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> s, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!IsDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
