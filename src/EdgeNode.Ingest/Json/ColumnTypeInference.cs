using System.Globalization;
using System.Net;
using System.Text.Json;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Json;

/// <summary>
/// Infers a column type from one JSON value (SPEC §5): bool → boolean; int → int (bigint past ±99,999,999); float →
/// decimal with 1-5 fraction digits else float; strings: uuid, timestamp, date, time, IP → cidr, numeric strings, an
/// epoch (seconds since 2000 or later) under a name containing "time" → timestamp, up to 8 chars → char(n), else varchar.
/// Lists, objects and nulls give no type (null) or varchar.
/// </summary>
public static class ColumnTypeInference
{
    private const long IntLimit = 99_999_999;
    private const long Epoch2000 = 946_684_800;
    private const long Epoch2100 = 4_102_444_800;

    /// <summary>The type of a value, or null for JSON null (a null says nothing about the column).</summary>
    public static ColumnType? Infer(string columnName, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => new ColumnType(ColumnKind.Boolean),
        JsonValueKind.Number => InferNumber(columnName, value),
        JsonValueKind.String => InferString(columnName, value.GetString()!),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => ColumnType.Varchar,
    };

    private static ColumnType InferNumber(string columnName, JsonElement value)
    {
        if (value.TryGetInt64(out var integer) && IsIntegerLiteral(value.GetRawText()))
        {
            if (IsEpochTime(columnName, integer)) return new ColumnType(ColumnKind.Timestamp);
            return Math.Abs(integer) > IntLimit ? new ColumnType(ColumnKind.BigInt) : new ColumnType(ColumnKind.Int);
        }
        if (IsIntegerLiteral(value.GetRawText())) return new ColumnType(ColumnKind.Decimal); // beyond 64 bits
        var repr = PythonFormat.FloatRepr(value.GetDouble());
        var dot = repr.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || repr.Contains('e', StringComparison.Ordinal)) return new ColumnType(ColumnKind.Float);
        var fraction = repr.Length - dot - 1;
        return fraction is >= 1 and <= 5 ? new ColumnType(ColumnKind.Decimal) : new ColumnType(ColumnKind.Float);
    }

    private static bool IsIntegerLiteral(string raw)
    {
        foreach (var c in raw)
            if (c is '.' or 'e' or 'E') return false;
        return true;
    }

    private static bool IsEpochTime(string columnName, long value) =>
        columnName.Contains("time", StringComparison.OrdinalIgnoreCase) && value is >= Epoch2000 and < Epoch2100;

    private static ColumnType InferString(string columnName, string text)
    {
        if (Guid.TryParseExact(text, "D", out _)) return new ColumnType(ColumnKind.Uuid);
        if (TimestampParser.LooksLikeTimestamp(text)) return new ColumnType(ColumnKind.Timestamp);
        if (TimestampParser.LooksLikeDate(text)) return new ColumnType(ColumnKind.Date);
        if (TimestampParser.LooksLikeTime(text)) return new ColumnType(ColumnKind.Time);
        if (LooksLikeIp(text)) return new ColumnType(ColumnKind.Cidr);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            if (IsEpochTime(columnName, integer)) return new ColumnType(ColumnKind.Timestamp);
            return Math.Abs(integer) > IntLimit ? new ColumnType(ColumnKind.BigInt) : new ColumnType(ColumnKind.Int);
        }
        if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return new ColumnType(ColumnKind.Float);
        return text.Length is > 0 and <= 8 ? new ColumnType(ColumnKind.Char, text.Length) : ColumnType.Varchar;
    }

    private static bool LooksLikeIp(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text : text[..slash];
        if (slash >= 0 && !(int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= 32))
            return false;
        var dots = 0;
        foreach (var c in address)
        {
            if (c == '.') dots++;
            else if (!char.IsAsciiDigit(c)) return false;
        }
        return dots == 3 && IPAddress.TryParse(address, out _);
    }
}
