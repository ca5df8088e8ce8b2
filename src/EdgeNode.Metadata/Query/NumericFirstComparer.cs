using System.Globalization;

namespace EdgeNode.Metadata.Query;

/// <summary>Orders numbers by value before text, text without case (bring.min/max, bring.table.sort).</summary>
internal sealed class NumericFirstComparer : IComparer<string>
{
    public static readonly NumericFirstComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var xn = double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var a);
        var yn = double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var b);
        if (xn && yn) return a.CompareTo(b);
        if (xn != yn) return xn ? -1 : 1;
        return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
    }
}
