using System.Globalization;
using System.Text.RegularExpressions;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// SQLite's spelling of types and time functions. Timestamps are UTC text <c>yyyy-MM-dd HH:mm:ss.ffffff</c>; booleans
/// 0/1; uuid/cidr text; decimals REAL (NUMERIC affinity).
/// </summary>
internal sealed partial class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public DbmsEngine Engine => DbmsEngine.Sqlite;

    public string TypeName(ColumnType type, int? length = null) => type switch
    {
        ColumnType.Boolean => "boolean",
        ColumnType.Integer => "int",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => "decimal",
        ColumnType.Float => "float",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Date => "date",
        ColumnType.Time => "time",
        ColumnType.Uuid => "uuid",
        ColumnType.Cidr => "cidr",
        ColumnType.Char => $"char({(length ?? 1).ToString(CultureInfo.InvariantCulture)})",
        _ => length is { } n ? $"varchar({n.ToString(CultureInfo.InvariantCulture)})" : "varchar",
    };

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string Now => "strftime('%Y-%m-%d %H:%M:%f000', 'now')";

    public string TimestampLiteral(DateTime utc) => "'" + ValueText.Timestamp(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc) + "'";

    /// <summary>Truncation keeps the stored form (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>) so results compare and print like stored values.</summary>
    public string DateTrunc(string unit, string expression) => unit.ToLowerInvariant().TrimEnd('s') switch
    {
        "second" => $"strftime('%Y-%m-%d %H:%M:%S.000000', {expression})",
        "minute" => $"strftime('%Y-%m-%d %H:%M:00.000000', {expression})",
        "hour" => $"strftime('%Y-%m-%d %H:00:00.000000', {expression})",
        "day" => $"strftime('%Y-%m-%d 00:00:00.000000', {expression})",
        "week" => $"strftime('%Y-%m-%d 00:00:00.000000', {expression}, 'weekday 0', '-6 days')",
        "month" => $"strftime('%Y-%m-01 00:00:00.000000', {expression})",
        "year" => $"strftime('%Y-01-01 00:00:00.000000', {expression})",
        _ => throw new ArgumentException($"unknown time unit '{unit}'", nameof(unit)),
    };

    public string Extract(string field, string expression) => field.ToLowerInvariant() switch
    {
        "second" => $"CAST(strftime('%S', {expression}) AS INTEGER)",
        "minute" => $"CAST(strftime('%M', {expression}) AS INTEGER)",
        "hour" => $"CAST(strftime('%H', {expression}) AS INTEGER)",
        "day" => $"CAST(strftime('%d', {expression}) AS INTEGER)",
        "dow" => $"CAST(strftime('%w', {expression}) AS INTEGER)",
        "week" => $"CAST(strftime('%W', {expression}) AS INTEGER)",
        "month" => $"CAST(strftime('%m', {expression}) AS INTEGER)",
        "year" => $"CAST(strftime('%Y', {expression}) AS INTEGER)",
        _ => throw new ArgumentException($"unknown field '{field}'", nameof(field)),
    };

    /// <summary>SQLite's date modifiers keep milliseconds only: the stored microseconds (text after the seconds) are carried over.</summary>
    public string AddInterval(string expression, long amount, string unit)
    {
        var name = unit.ToLowerInvariant().TrimEnd('s');
        var (count, sqliteUnit) = name == "week" ? (amount * 7, "days") : (amount, name + "s");
        var modifier = $"'{count.ToString("+0;-0", CultureInfo.InvariantCulture)} {sqliteUnit}'";
        return $"(strftime('%Y-%m-%d %H:%M:%S', {expression}, {modifier}) || coalesce(nullif(substr({expression}, 20, 7), ''), '.000000'))";
    }

    [GeneratedRegex(@"\b(?:big)?serial\s+primary\s+key\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SerialKey();

    [GeneratedRegex(@"\bnow\s*\(\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NowCall();

    /// <summary><c>SERIAL PRIMARY KEY</c> → <c>integer primary key autoincrement</c>; <c>NOW()</c> → <c>current_timestamp</c>.</summary>
    public string TranslateDdl(string ddl)
    {
        var translated = SerialKey().Replace(ddl, "integer primary key autoincrement");
        return NowCall().Replace(translated, "current_timestamp");
    }
}
