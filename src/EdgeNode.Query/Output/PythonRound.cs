using System.Globalization;

namespace EdgeNode.Query.Output;

/// <summary>
/// Rounding as Python does it: the exact binary value rounded to n decimals, ties (values exactly halfway, such as
/// 0.125) to even: <c>round(2.675, 2) = 2.67</c>, <c>round(0.125, 2) = 0.12</c>, <c>round(2.5) = 2</c>.
/// </summary>
internal static class PythonRound
{
    public static double Round(double value, int digits) =>
        double.IsFinite(value) ? double.Parse(Fixed(value, digits), CultureInfo.InvariantCulture) : value;

    /// <summary><paramref name="value"/> with exactly <paramref name="digits"/> decimals (Python's <c>f"{value:.{digits}f}"</c>).</summary>
    public static string Fixed(double value, int digits)
    {
        digits = Math.Clamp(digits, 0, 30);
        // .NET formats the exact binary value; only exact ties need care (it rounds them away from zero)
        var exact = value.ToString("F" + (digits + 30).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var point = exact.IndexOf('.', StringComparison.Ordinal);
        var tail = exact.AsSpan(point + 1 + digits);
        if (tail[0] != '5' || tail[1..].ContainsAnyExcept('0'))
            return value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var kept = exact[..(point + 1 + digits)].TrimEnd('.');
        if ((kept[^1] - '0') % 2 == 0) return kept;
        return value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
