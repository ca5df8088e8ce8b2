using System.Globalization;
using System.Text.RegularExpressions;
using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.Postgres;

/// <summary>PostgreSQL's spelling of types and time functions; table-policy DDL is already PostgreSQL.</summary>
internal sealed partial class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public DbmsEngine Engine => DbmsEngine.PostgreSql;

    public string TypeName(ColumnType type, int? length = null) => type switch
    {
        ColumnType.Boolean => "boolean",
        ColumnType.Integer => "integer",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => "numeric",
        ColumnType.Float => "double precision",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Date => "date",
        ColumnType.Time => "time",
        ColumnType.Uuid => "uuid",
        ColumnType.Cidr => "cidr",
        ColumnType.Char => $"char({(length ?? 1).ToString(CultureInfo.InvariantCulture)})",
        _ => length is { } n ? $"varchar({n.ToString(CultureInfo.InvariantCulture)})" : "varchar",
    };

    public string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string Now => "(now() at time zone 'utc')";

    public string TimestampLiteral(DateTime utc) =>
        "TIMESTAMP '" + (utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    public string DateTrunc(string unit, string expression) => $"date_trunc('{Unit(unit)}', {expression})";

    public string Extract(string field, string expression) => $"CAST(extract({Unit(field)} from {expression}) AS INTEGER)";

    public string AddInterval(string expression, long amount, string unit) =>
        $"({expression} + interval '{amount.ToString(CultureInfo.InvariantCulture)} {Unit(unit)}')";

    private static string Unit(string unit)
    {
        var name = unit.ToLowerInvariant();
        if (name != "dow") name = name.TrimEnd('s');
        return name is "second" or "minute" or "hour" or "day" or "dow" or "week" or "month" or "year"
            ? name
            : throw new ArgumentException($"unknown time unit '{unit}'", nameof(unit));
    }

    [GeneratedRegex(@"\binteger\s+primary\s+key\s+autoincrement\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqliteKey();

    /// <summary>SQLite's <c>integer primary key autoincrement</c> (if any) becomes <c>SERIAL PRIMARY KEY</c>.</summary>
    public string TranslateDdl(string ddl) => SqliteKey().Replace(ddl, "SERIAL PRIMARY KEY");
}
