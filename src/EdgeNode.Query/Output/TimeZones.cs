namespace EdgeNode.Query.Output;

/// <summary>
/// Time zone names of the <c>timezone</c> option and <c>::timezone(..)</c>: <c>utc</c>, <c>local</c>, EdgeLake's short
/// names of the US zones (<c>pt</c>, <c>mt</c>, <c>ct</c>, <c>et</c>), IANA names, abbreviations tzdata knows.
/// </summary>
internal static class TimeZones
{
    // EdgeLake's own names (generic/utils_columns.py, tz_list): clients written for it send 'timezone = pt'
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pt"] = "America/Los_Angeles", ["mt"] = "America/Denver", ["ct"] = "America/Chicago", ["et"] = "America/New_York",
    };

    public static bool TryFind(string name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        var trimmed = name.Trim().Trim('\'', '"');
        if (ShortNames.TryGetValue(trimmed, out var full)) trimmed = full;
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
