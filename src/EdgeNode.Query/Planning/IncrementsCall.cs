using System.Globalization;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// <c>increments(unit, n, column)</c> in a select list (SPEC §12): rows grouped in time buckets of <c>n</c> units, the
/// bucket itself not printed. Buckets follow the calendar like partitions: n seconds from the minute, n minutes from
/// the hour, n hours from midnight, n days from the first of the month, n months from January, n years from year 0,
/// n weeks from Monday 1970-01-05. Operators group by <c>date_trunc(unit, column)</c> (both engines agree on it); the
/// query node folds those into buckets of n in its consolidation query.
/// </summary>
internal sealed record IncrementsCall(TimeUnit Unit, long Amount, SqlExpr Column)
{
    public static IncrementsCall Parse(FunctionExpr call)
    {
        if (call.Arguments.Count != 3)
            throw new SqlSyntaxException("increments takes (time unit, count, date column), e.g. increments(minute, 5, timestamp)");
        var unitText = call.Arguments[0] switch
        {
            ColumnExpr c => c.Name,
            LiteralExpr { Kind: LiteralKind.String } s => s.Text,
            _ => "",
        };
        if (!TimeUnits.TryParse(unitText, out var unit))
            throw new SqlSyntaxException($"increments: '{SqlWriter.Canonical(call.Arguments[0])}' is not a time unit (second, minute, hour, day, week, month, year)");
        if (call.Arguments[1] is not LiteralExpr { Kind: LiteralKind.Integer } count ||
            !long.TryParse(count.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
            throw new SqlSyntaxException("increments: the count of time units must be a positive whole number");
        return new IncrementsCall(unit, amount, call.Arguments[2]);
    }

    /// <summary>What each operator groups by.</summary>
    public SqlExpr RemoteKey => new FunctionExpr("date_trunc", [LiteralExpr.String(TimeUnits.Name(Unit)), Column]);

    /// <summary>
    /// The bucket key in the consolidation query, from <paramref name="truncated"/> (the operators' truncated time,
    /// <c>yyyy-MM-dd HH:mm:ss.ffffff</c>). Keys sort in time order.
    /// </summary>
    public SqlExpr LocalKey(string truncated)
    {
        if (Amount == 1) return new RawExpr(truncated);
        var n = Amount.ToString(CultureInfo.InvariantCulture);
        // substr positions in 'yyyy-MM-dd HH:mm:ss': year 1, month 6, day 9, hour 12, minute 15, second 18
        return new RawExpr(Unit switch
        {
            TimeUnit.Second => $"substr({truncated}, 1, 17) || printf('%02d', cast(substr({truncated}, 18, 2) as integer) / {n} * {n})",
            TimeUnit.Minute => $"substr({truncated}, 1, 14) || printf('%02d', cast(substr({truncated}, 15, 2) as integer) / {n} * {n})",
            TimeUnit.Hour => $"substr({truncated}, 1, 11) || printf('%02d', cast(substr({truncated}, 12, 2) as integer) / {n} * {n})",
            TimeUnit.Day => $"substr({truncated}, 1, 8) || printf('%02d', (cast(substr({truncated}, 9, 2) as integer) - 1) / {n} * {n} + 1)",
            TimeUnit.Month => $"substr({truncated}, 1, 5) || printf('%02d', (cast(substr({truncated}, 6, 2) as integer) - 1) / {n} * {n} + 1)",
            TimeUnit.Year => $"cast(substr({truncated}, 1, 4) as integer) / {n} * {n}",
            _ => $"cast(round(julianday(substr({truncated}, 1, 10)) - 2440595.5) as integer) / 7 / {n}",
        });
    }
}
