using System.Globalization;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// <c>period(unit, n, date, column[, filter])</c> in a WHERE clause (SPEC §12): the window of <paramref name="Amount"/>
/// units that ends at the latest <c>column</c> value at or before <c>date</c> (among rows matching the filter). The query
/// node finds that end on every operator first (<see cref="EndStatement"/>), then replaces the call with
/// <c>column &gt; start and column &lt;= end</c> (<see cref="Window"/>), so every operator reads the same window. A row exactly
/// at the start is outside, as in EdgeLake (<c>dbms/unify_results.py</c> <c>period_time_frame</c>). <c>week</c> is 7 days:
/// EdgeLake means it too (it sets the unit to day and multiplies the count by 7) but multiplies the count's text and then
/// reads the count again, so its <c>period(week, n, ...)</c> is n days - a bug not copied.
/// </summary>
internal sealed record PeriodCall(FunctionExpr Call, PartitionUnit Unit, long Amount, DateTime Date, ColumnExpr Column, SqlExpr? Filter)
{
    public const string EndColumn = "period_end";

    /// <summary>The period call in <paramref name="where"/>, or null; throws for a malformed or repeated one.</summary>
    public static PeriodCall? Find(SqlExpr? where)
    {
        if (where is null) return null;
        var calls = where.DescendantsAndSelf().OfType<FunctionExpr>().Where(f => f.Is("period")).ToList();
        if (calls.Count == 0) return null;
        if (calls.Count > 1) throw new SqlSyntaxException("a query takes one period(...) function");
        var call = calls[0];
        if (call.Arguments.Count is < 4 or > 5)
            throw new SqlSyntaxException("period takes (time unit, count, date, date column[, filter]), e.g. period(minute, 10, now(), timestamp)");
        var unit = TimeArguments.Unit(call.Arguments[0], "period");
        var amount = TimeArguments.Count(call.Arguments[1], "period");
        // a date in double quotes reads as a quoted name in SQL; EdgeLake strips the quotes, so it is a date here too
        var dateText = call.Arguments[2] switch
        {
            LiteralExpr { Kind: LiteralKind.Timestamp or LiteralKind.String } literal => literal.Text,
            ColumnExpr { Quoted: true, Qualifier: null } quoted => quoted.Name,
            _ => null,
        };
        if (dateText is null ||
            !DateTime.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end))
            throw new SqlSyntaxException($"period: '{SqlWriter.Canonical(call.Arguments[2])}' is not a date (use now(), now() - 1 day or 'yyyy-mm-dd hh:mm:ss')");
        if (call.Arguments[3] is not ColumnExpr column)
            throw new SqlSyntaxException($"period: '{SqlWriter.Canonical(call.Arguments[3])}' is not a date column");
        return new PeriodCall(call, unit, amount, end, column, call.Arguments.Count == 5 ? call.Arguments[4] : null);
    }

    /// <summary><c>select max(column) from table where column &lt;= date [and (filter)]</c>: the end of the window.</summary>
    public SelectStatement EndStatement(string table)
    {
        SqlExpr where = new BinaryExpr("<=", Column, LiteralExpr.Timestamp(Date));
        if (Filter is not null) where = new BinaryExpr("and", where, Filter);
        var max = new FunctionExpr("max", [Column]);
        return new SelectStatement { Items = [new SelectItem(max, EndColumn, EndColumn, [])], Table = table, Where = where };
    }

    /// <summary>
    /// The WHERE clause with the call replaced by the window ending at <paramref name="end"/> (no rows: nothing matches).
    /// The filter selects the rows of the window too, as in EdgeLake.
    /// </summary>
    public SqlExpr Window(SqlExpr where, DateTime? end)
    {
        SqlExpr window = end is { } last
            ? new BinaryExpr("and",
                new BinaryExpr(">", Column, LiteralExpr.Timestamp(TimeUnits.Add(last, -Amount, Unit))),
                new BinaryExpr("<=", Column, LiteralExpr.Timestamp(last)))
            : new BinaryExpr("=", LiteralExpr.Integer(1), LiteralExpr.Integer(0));
        if (end is not null && Filter is not null) window = new BinaryExpr("and", window, Filter);
        return Replace(where, window);
    }

    private SqlExpr Replace(SqlExpr expression, SqlExpr window) =>
        ReferenceEquals(expression, Call) ? window : expression.Map(child => Replace(child, window));
}
