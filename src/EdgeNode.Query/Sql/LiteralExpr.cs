using System.Globalization;

namespace EdgeNode.Query.Sql;

/// <summary>
/// A constant. <see cref="Text"/> is the number as written, the string's value (quotes removed), <c>true</c>/<c>false</c>,
/// or a UTC timestamp in the stored form <c>yyyy-MM-dd HH:mm:ss.ffffff</c>.
/// </summary>
internal sealed record LiteralExpr(LiteralKind Kind, string Text) : SqlExpr
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    public static readonly LiteralExpr Null = new(LiteralKind.Null, "null");

    public static LiteralExpr String(string value) => new(LiteralKind.String, value);

    public static LiteralExpr Integer(long value) => new(LiteralKind.Integer, value.ToString(CultureInfo.InvariantCulture));

    public static LiteralExpr Timestamp(DateTime utc) => new(LiteralKind.Timestamp, utc.ToString(TimestampFormat, CultureInfo.InvariantCulture));

    public override IEnumerable<SqlExpr> Children => [];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this;
}
