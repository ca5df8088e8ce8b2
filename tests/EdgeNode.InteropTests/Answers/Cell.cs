using System.Globalization;
using System.Text.Json;

namespace EdgeNode.InteropTests.Answers;

/// <summary>
/// One value of an answer, normalized: NULL (also an empty text, as EdgeLake prints NULL), a number, a time (any of the
/// forms the nodes print: <c>2026-01-15T08:30:00Z</c>, <c>2026-01-15 08:30:00.000000</c>), or text. Numbers match within
/// a relative 1e-9 (operators add partial sums in different orders); times to the microsecond.
/// </summary>
public sealed record Cell(object? Value)
{
    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"];

    public static readonly Cell Null = new((object?)null);

    public static Cell FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => Null,
        JsonValueKind.Number => new Cell(element.GetDouble()),
        JsonValueKind.String => FromText(element.GetString()!),
        JsonValueKind.True => new Cell(1.0),
        JsonValueKind.False => new Cell(0.0),
        _ => new Cell(element.GetRawText()),
    };

    public static Cell FromText(string text)
    {
        if (text.Length == 0) return Null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return new Cell(number);
        if (text.Length >= 19 && DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)) return new Cell(time);
        return new Cell(text);
    }

    /// <summary>A value read from the reference database.</summary>
    public static Cell FromDatabase(object? value) => value switch
    {
        null or DBNull => Null,
        long integer => new Cell((double)integer),
        double number => new Cell(number),
        string text => FromText(text),
        _ => new Cell(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public bool Matches(Cell expected) => (Value, expected.Value) switch
    {
        (null, null) => true,
        (double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))),
        (DateTime a, DateTime b) => Math.Abs((a - b).Ticks) < 10,
        (string a, string b) => a == b,
        _ => false,
    };

    public override string ToString() => Value switch
    {
        null => "NULL",
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => Value.ToString()!,
    };
}
