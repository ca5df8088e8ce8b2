using System.Globalization;
using System.Numerics;
using EdgeNode.Core.Output;
using static EdgeNode.Core.Scripts.PythonExpression;
using static EdgeNode.Core.Scripts.PythonValues;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// The functions <c>int float str len round abs min max bool</c> and the string methods <c>upper lower strip lstrip
/// rstrip replace split join startswith endswith find count zfill</c> (and a list's <c>index</c>) of the evaluator.
/// </summary>
internal static class PythonBuiltins
{
    public static object? CallFunction(string name, List<object?> args, int position)
    {
        object? Arg(int i) => i < args.Count ? args[i] : throw Error($"{name}() expects {i + 1} argument(s)", position);
        return name switch
        {
            "int" => ToInt(Arg(0), position),
            "float" => ToDouble(Arg(0) is string s ? ParseFloat(s.Trim(), position) : Arg(0), position),
            "str" => Str(Arg(0)),
            "bool" => Truthy(Arg(0)),
            "len" => (long)(Arg(0) switch { string s => s.Length, List<object?> l => l.Count, _ => throw Error("len() of a non-sequence", position) }),
            "abs" => Arg(0) is long l ? Math.Abs(l) : Math.Abs(ToDouble(Arg(0), position)),
            "round" => args.Count > 1 ? RoundDigits(ToDouble(Arg(0), position), (int)ToLong(Arg(1), position))
                : (long)Math.Round(ToDouble(Arg(0), position), MidpointRounding.ToEven),
            "min" => Extreme(args, -1, position),
            "max" => Extreme(args, 1, position),
            _ => throw Error($"function '{name}' is not available", position),
        };
    }

    public static object? CallMethod(object? target, string name, List<object?> args, int position)
    {
        string Arg(int i) => i < args.Count && args[i] is string s ? s : throw Error($"{name}() expects a string argument", position);
        if (target is List<object?> list && name == "index" && args.Count == 1) return (long)list.FindIndex(x => Equal(x, args[0]));
        if (target is not string value) throw Error($"'{name}' is not available on this value", position);
        return name switch
        {
            "upper" => value.ToUpperInvariant(),
            "lower" => value.ToLowerInvariant(),
            "strip" => args.Count > 0 ? value.Trim(Arg(0).ToCharArray()) : value.Trim(),
            "lstrip" => args.Count > 0 ? value.TrimStart(Arg(0).ToCharArray()) : value.TrimStart(),
            "rstrip" => args.Count > 0 ? value.TrimEnd(Arg(0).ToCharArray()) : value.TrimEnd(),
            "replace" => value.Replace(Arg(0), Arg(1), StringComparison.Ordinal),
            "split" => (args.Count > 0 ? value.Split(Arg(0)) : value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .Select(x => (object?)x).ToList(),
            "join" => args.Count == 1 && args[0] is List<object?> items ? string.Join(value, items.Select(Str)) : throw Error("join() expects a list", position),
            "startswith" => value.StartsWith(Arg(0), StringComparison.Ordinal),
            "endswith" => value.EndsWith(Arg(0), StringComparison.Ordinal),
            "find" => (long)value.IndexOf(Arg(0), StringComparison.Ordinal),
            "count" => (long)(value.Length - value.Replace(Arg(0), "", StringComparison.Ordinal).Length) / Math.Max(1, Arg(0).Length),
            "zfill" => value.PadLeft((int)ToLong(args.Count > 0 ? args[0] : 0L, position), '0'),
            _ => throw Error($"string method '{name}' is not available", position),
        };
    }

    /// <summary>
    /// Python's round(x, n): half-even on the exact binary value (round(2.675, 2) is 2.67 because 2.675 is stored
    /// as 2.67499999...), which Math.Round does not do.
    /// </summary>
    private static double RoundDigits(double value, int digits)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value == 0 || digits > 300) return value;
        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075; // value = mantissa * 2^exponent
        var numerator = new BigInteger(mantissa);
        var denominator = BigInteger.One;
        if (exponent > 0) numerator <<= exponent;
        else denominator <<= -exponent;
        var scale = BigInteger.Pow(10, Math.Abs(digits));
        if (digits >= 0) numerator *= scale;
        else denominator *= scale;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven)) quotient += 1;
        var text = (negative ? "-" : "") + quotient.ToString(CultureInfo.InvariantCulture) + "e" + (-digits).ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static object? Extreme(List<object?> args, int sign, int position)
    {
        var items = args.Count == 1 && args[0] is List<object?> list ? list : args;
        if (items.Count == 0) throw Error("min()/max() of an empty sequence", position);
        var best = items[0];
        foreach (var item in items.Skip(1))
            if (Order(item, best, position) * sign > 0) best = item;
        return best;
    }

    private static object? ToInt(object? value, int position) => value switch
    {
        long l => l,
        double d => (long)Math.Truncate(d),
        bool b => b ? 1L : 0L,
        string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw Error($"invalid literal for int(): {Repr(value)}", position),
    };

    private static object ParseFloat(string text, int position) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw Error($"could not convert string to float: {PythonFormat.StringRepr(text)}", position);
}
