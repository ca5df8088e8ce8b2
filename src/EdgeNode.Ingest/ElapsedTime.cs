using System.Globalization;

namespace EdgeNode.Ingest;

/// <summary>Durations as EdgeLake's statistics print them: <c>HH:MM:SS</c>, hours past 24 kept, negative shown as zero.</summary>
internal static class ElapsedTime
{
    public static string Format(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero) elapsed = TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");
    }
}
