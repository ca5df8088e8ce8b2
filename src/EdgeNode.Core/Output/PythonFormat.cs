using System.Globalization;
using System.Text;

namespace EdgeNode.Core.Output;

/// <summary>
/// Python's text forms of values, which EdgeLake exposes: <c>repr(float)</c> (shortest round-trip digits, fixed notation
/// for exponents -4..15, else <c>1e-05</c> style), <c>str(bool)</c> = <c>True/False</c>, <c>None</c>, and string repr
/// quoting. Policy ids and JSON output depend on these being exact.
/// </summary>
public static class PythonFormat
{
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // "E16" is not shortest; "R" is shortest but .NET picks its own notation. Normalise R into digits + exponent.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? r[..dot] : r;
        var fraction = dot >= 0 ? r[(dot + 1)..] : "";
        var digits = (integerPart + fraction).TrimStart('0');
        var leadingZeros = (integerPart + fraction).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        // decimal exponent of the first significant digit
        var pointPosition = integerPart.Length + exponent - leadingZeros; // digits before the point
        var sciExponent = pointPosition - 1;

        var builder = new StringBuilder(24);
        if (negative) builder.Append('-');
        if (sciExponent is >= -4 and < 16)
        {
            if (pointPosition <= 0)
            {
                builder.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                builder.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            builder.Append(digits[0]);
            if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
            builder.Append('e').Append(sciExponent < 0 ? '-' : '+')
                .Append(Math.Abs(sciExponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    public static string Bool(bool value) => value ? "True" : "False";

    /// <summary>Python <c>repr(str)</c>: single quotes unless the text has a <c>'</c> and no <c>"</c>; escapes as CPython.</summary>
    public static string StringRepr(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(value.Length + 2);
        builder.Append(quote);
        for (var i = 0; i < value.Length;)
        {
            // a lone surrogate (JSON "\ud800") is kept by Python and printed escaped, not replaced by U+FFFD
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                AppendEscaped(builder, value[i]);
                i++;
                continue;
            }
            i += consumed;
            var c = rune.Value;
            if (c == quote || c == '\\') builder.Append('\\').Append((char)c);
            else if (c == '\n') builder.Append("\\n");
            else if (c == '\r') builder.Append("\\r");
            else if (c == '\t') builder.Append("\\t");
            else if (c < 0x20 || c == 0x7f) builder.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (!IsPrintable(rune)) AppendEscaped(builder, c);
            else builder.Append(rune.ToString());
        }
        return builder.Append(quote).ToString();
    }

    private static void AppendEscaped(StringBuilder builder, int c)
    {
        if (c <= 0xff) builder.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
        else if (c <= 0xffff) builder.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
        else builder.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
    }

    /// <summary>CPython's str.isprintable: not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except the ASCII space).</summary>
    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ') return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
