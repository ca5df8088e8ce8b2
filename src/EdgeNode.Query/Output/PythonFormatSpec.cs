using System.Globalization;
using EdgeNode.Core.Output;

namespace EdgeNode.Query.Output;

/// <summary>
/// Python's format mini-language (<c>format(value, ",.2f")</c>) for <c>::format(...)</c>: fill and alignment, sign, zero
/// padding, width, <c>,</c>/<c>_</c> grouping, precision and the types <c>d f F e E % s</c> (none: as Python prints
/// the value). The argument may be written <c>:,</c>, <c>{:,}</c> or <c>,</c>.
/// </summary>
internal static class PythonFormatSpec
{
    public static string Format(object? value, string argument)
    {
        var spec = argument.Trim().Trim('"', '\'');
        if (spec.StartsWith('{') && spec.EndsWith('}')) spec = spec[1..^1];
        if (spec.StartsWith(':')) spec = spec[1..];
        var i = 0;
        char? fill = null, align = null;
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=') (fill, align, i) = (spec[0], spec[1], 2);
        else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=') (align, i) = (spec[0], 1);
        var sign = i < spec.Length && spec[i] is '+' or '-' or ' ' ? spec[i++] : '-';
        if (i < spec.Length && spec[i] == '0')
        {
            fill ??= '0';
            align ??= '=';
            i++;
        }
        var widthStart = i;
        while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
        var width = i > widthStart ? int.Parse(spec.AsSpan(widthStart, i - widthStart), CultureInfo.InvariantCulture) : 0;
        char? grouping = i < spec.Length && spec[i] is ',' or '_' ? spec[i++] : null;
        int? precision = null;
        if (i < spec.Length && spec[i] == '.')
        {
            var start = ++i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
            precision = int.Parse(spec.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        }
        var type = i < spec.Length ? spec[i] : '\0';

        string body;
        var negative = false;
        if (value is string text || !IsNumber(value))
        {
            body = value as string ?? QueryOutputWriter.CellText(value);
            if (precision is { } p && p < body.Length) body = body[..p];
            return Pad(body, width, fill ?? ' ', align ?? '<');
        }
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        negative = number < 0 || double.IsNegative(number);
        var magnitude = Math.Abs(number);
        var integral = value is long or int or short or byte or uint or ulong;
        body = type switch
        {
            'd' or 'n' => ((long)Math.Truncate(magnitude)).ToString(CultureInfo.InvariantCulture),
            'f' or 'F' => PythonRound.Fixed(magnitude, precision ?? 6),
            'e' or 'E' => Exponent(magnitude, precision ?? 6, type),
            '%' => PythonRound.Fixed(magnitude * 100, precision ?? 6) + "%",
            _ when precision is { } digits && !integral => PythonRound.Fixed(magnitude, digits),
            _ => integral ? ((long)magnitude).ToString(CultureInfo.InvariantCulture) : PythonFormat.FloatRepr(magnitude),
        };
        if (grouping is { } separator) body = Group(body, separator);
        var prefix = negative ? "-" : sign switch { '+' => "+", ' ' => " ", _ => "" };
        if (align == '=')
            return prefix + Pad(body, Math.Max(0, width - prefix.Length), fill ?? ' ', '>');
        return Pad(prefix + body, width, fill ?? ' ', align ?? '>');
    }

    private static bool IsNumber(object? value) => value is long or int or short or byte or uint or ulong or double or float or decimal;

    private static string Exponent(double value, int precision, char type)
    {
        var text = value.ToString((type == 'E' ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['e', 'E']);
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..(e + 1)] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string Group(string number, char separator)
    {
        var end = number.IndexOfAny(['.', 'e', 'E', '%']);
        if (end < 0) end = number.Length;
        var digits = number[..end];
        var grouped = new System.Text.StringBuilder(number.Length + digits.Length / 3);
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) grouped.Append(separator);
            grouped.Append(digits[i]);
        }
        return grouped.Append(number, end, number.Length - end).ToString();
    }

    private static string Pad(string text, int width, char fill, char align)
    {
        if (text.Length >= width) return text;
        var padding = width - text.Length;
        return align switch
        {
            '<' => text + new string(fill, padding),
            '^' => new string(fill, padding / 2) + text + new string(fill, padding - padding / 2),
            _ => new string(fill, padding) + text,
        };
    }
}
