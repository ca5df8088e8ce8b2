using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>The aggregate functions a network query consolidates, and those it cannot split across operators.</summary>
internal static class Aggregates
{
    private static readonly HashSet<string> Supported = new(StringComparer.OrdinalIgnoreCase) { "count", "sum", "avg", "min", "max", "range" };

    private static readonly HashSet<string> Unsupported = new(StringComparer.OrdinalIgnoreCase)
    {
        "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "group_concat", "string_agg", "array_agg",
        "json_agg", "median", "percentile_cont", "percentile_disc", "mode", "every", "bool_and", "bool_or", "total",
    };

    /// <summary>True for count/sum/avg/min/max/range; throws for an aggregate that cannot be consolidated.</summary>
    public static bool IsAggregate(SqlExpr expression)
    {
        if (expression is not FunctionExpr function) return false;
        if (Unsupported.Contains(function.Name))
            throw new SqlSyntaxException($"{function.Name}() cannot be computed across operators; supported aggregates: count, sum, avg, min, max, range");
        if (!Supported.Contains(function.Name)) return false;
        // min(a, b) and max(a, b) with two arguments are SQLite's scalar functions
        return function.Star || function.Arguments.Count == 1;
    }

    public static bool IsIncrements(SqlExpr expression) => expression is FunctionExpr f && f.Is("increments");

    /// <summary>True when the expression holds an aggregate or <c>increments</c> anywhere.</summary>
    public static bool Contains(SqlExpr expression) =>
        expression.DescendantsAndSelf().Any(e => IsAggregate(e) || IsIncrements(e));
}
