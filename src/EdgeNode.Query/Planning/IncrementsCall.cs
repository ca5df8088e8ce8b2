using System.Globalization;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// <c>increments(unit, n, column)</c> in a select list (SPEC §12): rows grouped in time buckets of <c>n</c> units, the
/// bucket itself not printed. Buckets follow the calendar as partitions do: n seconds from the minute, n minutes from
/// the hour, n hours from midnight, n days from the first of the month, n months and n years from year 0 (quarters
/// fall on January, April, July, October), n weeks from Monday 1970-01-05. Operators group by
/// <c>date_trunc(unit, column)</c> (both engines agree on it); the query node folds those into buckets of n in its
/// consolidation query.
/// </summary>
internal sealed record IncrementsCall(PartitionUnit Unit, long Amount, SqlExpr Column)
{
    public static IncrementsCall Parse(FunctionExpr call)
    {
        if (call.Arguments.Count != 3)
            throw new SqlSyntaxException("increments takes (time unit, count, date column), e.g. increments(minute, 5, timestamp)");
        return new IncrementsCall(TimeArguments.Unit(call.Arguments[0], "increments"), TimeArguments.Count(call.Arguments[1], "increments"),
            call.Arguments[2]);
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
            PartitionUnit.Second => $"substr({truncated}, 1, 17) || printf('%02d', cast(substr({truncated}, 18, 2) as integer) / {n} * {n})",
            PartitionUnit.Minute => $"substr({truncated}, 1, 14) || printf('%02d', cast(substr({truncated}, 15, 2) as integer) / {n} * {n})",
            PartitionUnit.Hour => $"substr({truncated}, 1, 11) || printf('%02d', cast(substr({truncated}, 12, 2) as integer) / {n} * {n})",
            PartitionUnit.Day => $"substr({truncated}, 1, 8) || printf('%02d', (cast(substr({truncated}, 9, 2) as integer) - 1) / {n} * {n} + 1)",
            PartitionUnit.Month => $"(cast(substr({truncated}, 1, 4) as integer) * 12 + cast(substr({truncated}, 6, 2) as integer) - 1) / {n}",
            PartitionUnit.Year => $"cast(substr({truncated}, 1, 4) as integer) / {n} * {n}",
            _ => $"cast(round(julianday(substr({truncated}, 1, 10)) - 2440595.5) as integer) / 7 / {n}",
        });
    }
}
