namespace EdgeNode.Query.Output;

/// <summary>Time zone names of the <c>timezone</c> option and <c>::timezone(..)</c>: <c>utc</c>, <c>local</c>, IANA names, abbreviations tzdata knows.</summary>
internal static class TimeZones
{
    public static bool TryFind(string name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        var trimmed = name.Trim().Trim('\'', '"');
        if (trimmed.Equals("utc", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("gmt", StringComparison.OrdinalIgnoreCase) || trimmed.Length == 0)
            return true;
        if (trimmed.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Local;
            return true;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(trimmed);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
