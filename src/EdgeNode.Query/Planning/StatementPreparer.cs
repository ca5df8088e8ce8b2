using System.Globalization;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// Readies a parsed statement for planning, against the table's columns: <c>*</c> becomes the table's columns,
/// <c>now()</c> and <c>now() - 3 days</c> become timestamps of the query node (every operator then filters on the same
/// instant), and text compared with a timestamp column becomes a timestamp in the stored form
/// (<c>'2026-11-28'</c> → <c>'2026-11-28 00:00:00.000000'</c>), so SQLite's text comparison gives PostgreSQL's answer.
/// The operator applies the last step too, for statements from other query nodes.
/// </summary>
internal static class StatementPreparer
{
    public static SelectStatement Prepare(SelectStatement statement, TableSchema schema, DateTime nowUtc)
    {
        var items = new List<SelectItem>(statement.Items.Count);
        foreach (var item in statement.Items)
        {
            if (item.Expression is StarExpr)
                items.AddRange(schema.Columns.Select(c => new SelectItem(new ColumnExpr(c.Name), c.Name, null, [])));
            else
                items.Add(item with { Expression = Normalize(item.Expression, schema, nowUtc) });
        }
        return statement with
        {
            Items = items,
            Where = statement.Where is null ? null : Normalize(statement.Where, schema, nowUtc),
            GroupBy = statement.GroupBy.Select(g => Normalize(g, schema, nowUtc)).ToArray(),
            Having = statement.Having is null ? null : Normalize(statement.Having, schema, nowUtc),
            OrderBy = statement.OrderBy.Select(o => o with { Expression = Normalize(o.Expression, schema, nowUtc) }).ToArray(),
        };
    }

    /// <summary>Folds time arithmetic and normalizes timestamp literals in one expression.</summary>
    public static SqlExpr Normalize(SqlExpr expression, TableSchema? schema, DateTime nowUtc)
    {
        var folded = expression.Map(child => Normalize(child, schema, nowUtc));
        switch (folded)
        {
            case FunctionExpr { Arguments.Count: 0 } f when f.Is("now") || f.Is("current_timestamp"):
                return LiteralExpr.Timestamp(nowUtc);
            case ColumnExpr { Quoted: false } c when c.Name.Equals("current_timestamp", StringComparison.OrdinalIgnoreCase) && schema?.Find(c.Name) is null:
                return LiteralExpr.Timestamp(nowUtc);
            case BinaryExpr { Operator: "+" or "-", Left: LiteralExpr left, Right: IntervalExpr interval } b when TryTime(left, out var time):
                return LiteralExpr.Timestamp(TimeUnits.Add(time, b.Operator == "-" ? -interval.Amount : interval.Amount, interval.Unit));
            case BinaryExpr { IsComparison: true } b when schema is not null:
                return b with { Left = AsTimestamp(b.Left, b.Right, schema), Right = AsTimestamp(b.Right, b.Left, schema) };
            case BetweenExpr between when schema is not null:
                return between with { Low = AsTimestamp(between.Low, between.Operand, schema), High = AsTimestamp(between.High, between.Operand, schema) };
            case InExpr @in when schema is not null:
                return @in with { Items = @in.Items.Select(i => AsTimestamp(i, @in.Operand, schema)).ToArray() };
            default:
                return folded;
        }
    }

    /// <summary><paramref name="value"/> as a stored-form timestamp when it is text compared with a timestamp column.</summary>
    private static SqlExpr AsTimestamp(SqlExpr value, SqlExpr other, TableSchema schema) =>
        value is LiteralExpr { Kind: LiteralKind.String } literal && other is ColumnExpr column &&
        schema.Find(column.Name)?.Type == ColumnType.Timestamp && TryTime(literal, out var time)
            ? LiteralExpr.Timestamp(time)
            : value;

    private static bool TryTime(LiteralExpr literal, out DateTime time)
    {
        time = default;
        return literal.Kind is LiteralKind.Timestamp or LiteralKind.String &&
               DateTime.TryParse(literal.Text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
    }
}
