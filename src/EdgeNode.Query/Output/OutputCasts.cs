using System.Globalization;
using EdgeNode.Core.Output;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Output;

/// <summary>
/// Applies the output casts of SPEC §12 to a value about to be printed:
/// <c>::float(n)</c> rounds to n decimals as Python's <c>round</c>; <c>::int</c> truncates; <c>::str</c> prints as text;
/// <c>::ljust(n)</c>/<c>::rjust(n)</c> pad or cut to n characters; <c>::format(spec)</c> applies a Python format spec
/// (<c>::format(:,)</c> → <c>1,234,567</c>); <c>::datetime(fmt)</c> formats a timestamp with strftime directives;
/// <c>::timediff(date)</c> is the time from the value to <c>date</c> (<c>now()</c> by default) as Python prints a
/// timedelta; <c>::timezone(zone)</c> shows a timestamp in that zone. A value a cast cannot read passes unchanged; NULL stays NULL.
/// </summary>
internal static class OutputCasts
{
    /// <summary>Checks the casts' arguments before the query runs; throws <see cref="SqlSyntaxException"/>.</summary>
    public static void Validate(OutputColumn column, DateTime nowUtc)
    {
        foreach (var cast in column.Casts)
        {
            switch (cast.Name)
            {
                case "float" or "ljust" or "rjust" when cast.Argument is not null && !int.TryParse(cast.Argument, out _):
                case "ljust" or "rjust" when cast.Argument is null:
                    throw new SqlSyntaxException($"'{column.Label}{cast}': the argument must be a whole number");
                case "timezone" when cast.Argument is not null && !TimeZones.TryFind(cast.Argument, out _):
                    throw new SqlSyntaxException($"'{column.Label}{cast}': unknown time zone '{cast.Argument}'");
                case "timediff" when cast.Argument is not null && !TryDate(cast.Argument, nowUtc, out _):
                    throw new SqlSyntaxException($"'{column.Label}{cast}': '{cast.Argument}' is not a date");
                case "format" when cast.Argument is null:
                case "datetime" when cast.Argument is null:
                    throw new SqlSyntaxException($"'{column.Label}{cast}' needs an argument, e.g. ::format(:,) or ::datetime(%Y-%m-%d)");
            }
        }
    }

    public static object? Apply(OutputCast cast, object? value, DateTime nowUtc)
    {
        if (value is null) return null;
        var argument = cast.Argument?.Trim().Trim('\'', '"');
        switch (cast.Name)
        {
            case "float":
                if (!TryNumber(value, out var number)) return value;
                return argument is null ? number : PythonRound.Round(number, int.Parse(argument, CultureInfo.InvariantCulture));
            case "int":
                return TryNumber(value, out var whole) && double.IsFinite(whole) ? (long)Math.Truncate(whole) : value;
            case "str":
                return QueryOutputWriter.CellText(value);
            case "ljust":
                return Justify(QueryOutputWriter.CellText(value), int.Parse(argument!, CultureInfo.InvariantCulture), left: true);
            case "rjust":
                return Justify(QueryOutputWriter.CellText(value), int.Parse(argument!, CultureInfo.InvariantCulture), left: false);
            case "format":
                return PythonFormatSpec.Format(value, cast.Argument!);
            case "datetime":
                return TimeValues.TryRead(value, out var time) ? Strftime.Format(time, argument!) : value;
            case "timediff":
                if (!TimeValues.TryRead(value, out var from) || !TryDate(argument ?? "now()", nowUtc, out var to)) return value;
                return PythonTimedelta.Format(to - from);
            default: // timezone
                return TimeZones.TryFind(argument ?? "utc", out var zone) ? TimeValues.ToZone(value, zone) : value;
        }
    }

    /// <summary>
    /// EdgeLake's <c>ljust(n)</c>/<c>rjust(n)</c> (<c>utils_columns.cast_to_just</c>): a shorter text is padded to n characters,
    /// a longer one cut to n, its first n characters for ljust and its last n for rjust.
    /// </summary>
    private static string Justify(string text, int width, bool left)
    {
        if (width < 0) width = 0;
        if (text.Length > width) return left ? text[..width] : text[^width..];
        return left ? text.PadRight(width) : text.PadLeft(width);
    }

    private static bool TryNumber(object value, out double number)
    {
        switch (value)
        {
            case long or int or short or byte or double or float or decimal or uint or ulong:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return true;
            case string text:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            case bool flag:
                number = flag ? 1 : 0;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    private static bool TryDate(string text, DateTime nowUtc, out DateTime date)
    {
        var trimmed = text.Trim().Trim('\'', '"');
        if (trimmed.Length == 0 || trimmed.Equals("now()", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            date = nowUtc;
            return true;
        }
        return TimeValues.TryRead(trimmed, out date);
    }
}
