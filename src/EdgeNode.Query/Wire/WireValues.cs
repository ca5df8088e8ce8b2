using System.Globalization;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Wire;

/// <summary>
/// Values of query replies as EdgeLake operators send them and its query nodes read them (<c>cmd/member_cmd.py</c>
/// <c>query_row_by_row</c>, <c>generic/utils_sql.py</c> <c>format_db_rows</c>, <c>make_insert_row</c>): every value is a
/// JSON string, Python's <c>str()</c> of it (<c>4</c>, <c>2.5</c>, <c>1e-05</c>), NULL is <c>""</c>, timestamps are ISO
/// UTC (see <see cref="WireTimestamps"/>). A query node turns each string back into a value by the column's type.
/// </summary>
internal static class WireValues
{
    /// <summary>The text an operator sends for <paramref name="value"/> of a column; "" for NULL.</summary>
    public static string Write(object? value, WireColumn column)
    {
        if (column.IncrementsKey && Timestamp(value) is { } truncated) return WireTimestamps.WriteIncrementsKey(truncated);
        if (column.Type == ColumnType.Timestamp && Timestamp(value) is { } utc) return WireTimestamps.Write(utc);
        return value switch
        {
            null or DBNull => "",
            string text => text,
            long or int or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            double number => PythonFormat.FloatRepr(number),
            float number => PythonFormat.FloatRepr(number),
            decimal number => PythonFormat.FloatRepr((double)number), // EdgeLake: float(Decimal)
            bool flag => flag ? "True" : "False",
            DateTime time => WireTimestamps.Write(time),
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOnly clock => clock.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToBase64String(bytes),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    private static DateTime? Timestamp(object? value) => value switch
    {
        DateTime time => time,
        string text when WireTimestamps.TryRead(text, out var utc) => utc,
        _ => null,
    };

    /// <summary>
    /// The value a query node stores for a reply's text: "" is NULL; numbers by the column's type (a column of unknown
    /// type takes a number when the text is one); timestamps in the stored form (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>), so that
    /// rows of every operator compare, group and sort alike whatever form each sent.
    /// </summary>
    public static object? Read(string text, ColumnType type)
    {
        if (text.Length == 0) return null;
        switch (type)
        {
            case ColumnType.Timestamp:
                return WireTimestamps.TryRead(text, out var utc) ? Output.TimeValues.Write(utc) : text;
            case ColumnType.Integer or ColumnType.BigInt:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return integer;
                return Number(text) ?? (object)text;
            case ColumnType.Float or ColumnType.Decimal:
                return Number(text) ?? (object)text;
            case ColumnType.Boolean:
                return text switch
                {
                    "True" or "true" or "1" or "t" => true,
                    "False" or "false" or "0" or "f" => false,
                    _ => text,
                };
            case ColumnType.Unknown:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
                return Number(text) ?? (object)text;
            default:
                return text;
        }
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
        : text switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, "nan" => double.NaN, _ => null };
}
