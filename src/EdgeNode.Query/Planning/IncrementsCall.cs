using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// <c>increments(unit, n, column)</c> in a select list (SPEC §12): rows grouped in time buckets, the bucket itself not
/// printed. Buckets are EdgeLake's (<c>dbms/unify_results.py</c> <c>increment_function</c>), so that an EdgeLake and an
/// EdgeNode operator put a row in the same bucket: the time truncated to the next larger unit, and the unit's number
/// within it divided by n. <c>minute, 5</c>: the hour, and minute / 5; <c>day, 2</c>: the month, and the day of the month
/// (1-31) / 2; <c>week, n</c> is <c>day, 7n</c>; <c>year, n</c> has one key, year / n. The call travels to operators as
/// written; each operator answers with the keys first in its rows (<see cref="KeyCount"/> columns).
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

    /// <summary>The call as it is sent to operators: <c>increments(minute, 5, timestamp)</c>.</summary>
    public FunctionExpr Call => new("increments", [new ColumnExpr(TimeUnits.Name(Unit)), LiteralExpr.Integer(Amount), Column]);

    /// <summary>Two key columns (truncated time, bucket number), or one for years.</summary>
    public int KeyCount => Unit == PartitionUnit.Year ? 1 : 2;

    /// <summary>The unit the time is truncated to: the next larger one.</summary>
    private string TruncatedTo => Unit switch
    {
        PartitionUnit.Second => "minute",
        PartitionUnit.Minute => "hour",
        PartitionUnit.Hour => "day",
        PartitionUnit.Day or PartitionUnit.Week => "month",
        _ => "year",
    };

    /// <summary>
    /// The key expressions an operator computes (portable SQL; the operator's dialect renders them). With
    /// <paramref name="storedText"/> the column holds SQLite's stored text <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, and the keys
    /// are cut out of it (<c>substr</c> is several times cheaper per row than <c>strftime</c>).
    /// </summary>
    public IReadOnlyList<SqlExpr> Keys(bool storedText = false)
    {
        var (field, amount) = Unit == PartitionUnit.Week ? ("day", Amount * 7) : (TimeUnits.Name(Unit), Amount);
        if (storedText) return TextKeys(field, amount);
        var bucket = new BinaryExpr("/", new ExtractExpr(field, Column), LiteralExpr.Integer(amount));
        return Unit == PartitionUnit.Year
            ? [bucket]
            : [new FunctionExpr("date_trunc", [LiteralExpr.String(TruncatedTo), Column]), bucket];
    }

    /// <summary>Positions in <c>yyyy-MM-dd HH:mm:ss.ffffff</c>: where each field starts, and the text a truncation keeps.</summary>
    private IReadOnlyList<SqlExpr> TextKeys(string field, long amount)
    {
        var start = field switch { "year" => 1, "month" => 6, "day" => 9, "hour" => 12, "minute" => 15, _ => 18 };
        var length = field == "year" ? 4 : 2;
        var number = new CastExpr(new FunctionExpr("substr", [Column, LiteralExpr.Integer(start), LiteralExpr.Integer(length)]), "integer");
        var bucket = new BinaryExpr("/", number, LiteralExpr.Integer(amount));
        if (Unit == PartitionUnit.Year) return [bucket];
        var (kept, rest) = TruncatedTo switch
        {
            "year" => (4, "-01-01 00:00:00.000000"),
            "month" => (7, "-01 00:00:00.000000"),
            "day" => (10, " 00:00:00.000000"),
            "hour" => (13, ":00:00.000000"),
            _ => (16, ":00.000000"),
        };
        var truncated = new BinaryExpr("||", new FunctionExpr("substr", [Column, LiteralExpr.Integer(1), LiteralExpr.Integer(kept)]), LiteralExpr.String(rest));
        return [truncated, bucket];
    }
}
