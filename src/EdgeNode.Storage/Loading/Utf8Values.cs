namespace EdgeNode.Storage.Loading;

/// <summary>
/// Timestamps and dates written as UTF-8 in the forms of <see cref="ValueText"/> (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>,
/// <c>yyyy-MM-dd</c>) by plain digit arithmetic: a bulk load binds two or more timestamps per row, and the general
/// custom-format path of <see cref="DateTime.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
/// cost a sixth of SQLite's load (docs/performance.md, HA catch-up).
/// </summary>
internal static class Utf8Values
{
    public const int TimestampLength = 26;
    public const int DateLength = 10;

    /// <summary>Writes <paramref name="ticks"/> (UTC) as <c>yyyy-MM-dd HH:mm:ss.ffffff</c>; returns the 26 bytes written.</summary>
    public static int WriteTimestamp(long ticks, Span<byte> destination)
    {
        var date = DateOnly.FromDayNumber((int)(ticks / TimeSpan.TicksPerDay));
        WriteDate(date, destination);
        var time = ticks % TimeSpan.TicksPerDay;
        destination[10] = (byte)' ';
        Digits(destination.Slice(11, 2), (int)(time / TimeSpan.TicksPerHour));
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), (int)(time / TimeSpan.TicksPerMinute % 60));
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), (int)(time / TimeSpan.TicksPerSecond % 60));
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 6), (int)(time % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
        return TimestampLength;
    }

    /// <summary>Writes <paramref name="date"/> as <c>yyyy-MM-dd</c>; returns the 10 bytes written.</summary>
    public static int WriteDate(DateOnly date, Span<byte> destination)
    {
        var (year, month, day) = date;
        Digits(destination[..4], year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), day);
        return DateLength;
    }

    /// <summary>Fills <paramref name="destination"/> with <paramref name="value"/>, zero-padded to its length.</summary>
    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
