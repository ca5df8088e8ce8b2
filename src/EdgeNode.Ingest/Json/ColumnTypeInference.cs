using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Json;

/// <summary>
/// Infers a column type from one JSON value (SPEC §5) as EdgeLake's <c>suggest_create_table.get_column_type_by_value</c>
/// does, so that an EdgeNode operator publishes the table policy an EdgeLake operator would for the same rows: bool →
/// boolean; int → int (bigint past ±99,999,999); float → decimal when Python's <c>str</c> of it has 1-5 characters after
/// its last '.' (1.0, 2.5, 1e-07), else float (0.0, 1.123456); strings: uuid, timestamp, date, time, IP → cidr, an epoch
/// (seconds since 2000) under a name containing "time" → timestamp, a number with a '.' → float, digits → int (under 9
/// characters) or bigint, up to 8 chars → char(n), else varchar. Lists and objects give varchar, nulls no type (null).
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
        JsonValueKind.Number => InferNumber(value),
        JsonValueKind.String => InferString(columnName, value.GetString()!),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        // EdgeLake drops an object attribute from its rows (utils_io.format_reading), unless the object holds a key named
        // like the attribute; here the object is kept, as text, rather than lost
        _ => ColumnType.Varchar,
    };

    /// <summary>
    /// A JSON number: no epoch guess here, whatever the column's name (EdgeLake guesses a timestamp from digits in a
    /// string only, suggest_create_table.py:176-186 vs :201).
    /// </summary>
    private static ColumnType InferNumber(JsonElement value)
    {
        if (value.TryGetInt64(out var integer) && IsIntegerLiteral(value.GetRawText()))
            return Math.Abs(integer) > IntLimit ? new ColumnType(ColumnKind.BigInt) : new ColumnType(ColumnKind.Int);
        // beyond 64 bits: EdgeLake says bigint, which cannot hold it (SQLite keeps a rounded REAL, PostgreSQL refuses it)
        if (IsIntegerLiteral(value.GetRawText())) return new ColumnType(ColumnKind.Decimal);
        var number = value.GetDouble();
        if (number == 0) return new ColumnType(ColumnKind.Float); // EdgeLake: 'if value and ...' - zero is float
        var repr = PythonFormat.FloatRepr(number);
        var fraction = repr.Length - repr.LastIndexOf('.') - 1; // the whole repr when it has no '.' ("1e-07")
        return fraction is >= 1 and <= 5 ? new ColumnType(ColumnKind.Decimal) : new ColumnType(ColumnKind.Float);
    }

    private static bool IsIntegerLiteral(string raw)
    {
        foreach (var c in raw)
            if (c is '.' or 'e' or 'E') return false;
        return true;
    }

    private static ColumnType InferString(string columnName, string text)
    {
        if (text.Length == 0) return ColumnType.Varchar;
        if (Guid.TryParseExact(text, "D", out _)) return new ColumnType(ColumnKind.Uuid);
        if (LooksLikeTimestamp(text)) return new ColumnType(ColumnKind.Timestamp);
        if (TimestampParser.LooksLikeDate(text)) return new ColumnType(ColumnKind.Date);
        if (LooksLikeTime(text)) return new ColumnType(ColumnKind.Time);
        if (LooksLikeIp(text)) return new ColumnType(ColumnKind.Cidr);
        var digits = IsAsciiDigits(text);
        // EdgeLake has no upper bound; past 2100 the digits are rather milliseconds, which as seconds make no timestamp
        if (digits && columnName.Contains("time", StringComparison.Ordinal) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            && epoch is >= Epoch2000 and < Epoch2100)
            return new ColumnType(ColumnKind.Timestamp);
        if (text.Length <= 19 && text.Contains('.', StringComparison.Ordinal)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return new ColumnType(ColumnKind.Float);
        if (digits || (text[0] == '-' && text.Length > 1 && IsAsciiDigits(text.AsSpan(1))))
        {
            // by length, as EdgeLake: "-12345678" and "000000001" are bigint, "+5" is no number (char(2))
            if (text.Length < 9) return new ColumnType(ColumnKind.Int);
            // beyond 64 bits EdgeLake says bigint, which cannot hold the digits: text keeps them
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? new ColumnType(ColumnKind.BigInt) : ColumnType.Varchar;
        }
        return text.Length <= 8 ? new ColumnType(ColumnKind.Char, text.Length) : ColumnType.Varchar;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return text.Length > 0;
    }

    /// <summary>
    /// A timestamp as EdgeLake's <c>utils_data.check_timestamp</c> takes one: <c>yyyy-MM-dd</c>, <c>T</c> or a space,
    /// <c>HH:mm:ss</c> (seconds required: "2026-01-05T10:00" is text to EdgeLake), an optional fraction of any length, then
    /// nothing, <c>Z</c> or <c>±HH:MM</c>.
    /// </summary>
    public static bool LooksLikeTimestamp(string text)
    {
        if (text.Length < 19 || text.Length > 48 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or ' ') || text[13] != ':' || text[16] != ':')
            return false;
        var i = 19;
        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return false;
        }
        var rest = text.AsSpan(i);
        var zoneOk = rest.Length == 0 || rest is "Z"
                     || (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':' && IsAsciiDigits(rest[1..3]) && IsAsciiDigits(rest[4..]));
        return zoneOk && Utf8Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out _);
    }

    /// <summary>A time as EdgeLake's <c>check_time</c> (strptime '%H:%M:%S' before any '.') takes one: "10:00:00", "1:2:3", "10:00:00.5".</summary>
    public static bool LooksLikeTime(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && !IsAsciiDigits(text.AsSpan(dot + 1))) return false; // EdgeLake takes any text after the '.'; no time could hold it
        var parts = (dot < 0 ? text : text[..dot]).Split(':');
        if (parts.Length != 3) return false;
        int[] limits = [23, 59, 59];
        for (var p = 0; p < 3; p++)
            if (parts[p].Length is < 1 or > 2 || !IsAsciiDigits(parts[p]) || int.Parse(parts[p], CultureInfo.InvariantCulture) > limits[p]) return false;
        return true;
    }

    /// <summary>
    /// An IP address as Python's <c>ipaddress.ip_address</c> takes one (EdgeLake's <c>check_ip_address</c>): IPv4 as four
    /// decimal parts without leading zeros, or IPv6; a network ("10.0.0.0/24") is not an address (varchar).
    /// </summary>
    private static bool LooksLikeIp(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
            return !text.Contains('[', StringComparison.Ordinal) && !text.Contains('/', StringComparison.Ordinal)
                   && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
            if (part.Length is < 1 or > 3 || !IsAsciiDigits(part) || (part.Length > 1 && part[0] == '0') || int.Parse(part, CultureInfo.InvariantCulture) > 255)
                return false;
        return true;
    }
}
