using System.Globalization;

namespace EdgeNode.InteropTests.Answers;

/// <summary>A row of the interop tests' tables, as a device sends it (JSON, ISO UTC time).</summary>
public sealed record InteropRow(DateTime Timestamp, string Device, double Value, int Status)
{
    public string Json =>
        $"{{\"timestamp\": \"{Timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\", \"device\": \"{Device}\", " +
        $"\"value\": {Value.ToString("0.0##", CultureInfo.InvariantCulture)}, \"status\": {Status}}}";

    public static string JsonList(IEnumerable<InteropRow> rows) => "[" + string.Join(", ", rows.Select(r => r.Json)) + "]";
}
