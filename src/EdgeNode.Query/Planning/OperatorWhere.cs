using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// The where clause a query node sends to operators, in the forms EdgeLake's operators read. They parse it into terms
/// <c>left operator right</c> joined by <c>and</c>/<c>or</c> with parentheses (<c>utils_sql.update_and_stmt</c>) and fail
/// the query on anything else, so <c>in</c>, <c>between</c> and <c>not</c> are written with comparisons:
/// <c>x in (a, b)</c> → <c>(x = a or x = b)</c>, <c>x not in (a, b)</c> → <c>x != a and x != b</c>,
/// <c>x between a and b</c> → <c>x &gt;= a and x &lt;= b</c>, <c>not</c> moved onto comparisons (De Morgan). Each form
/// gives the same rows as the original, NULLs included; what has no such form (<c>like</c>) is sent as written.
/// </summary>
internal static class OperatorWhere
{
    public static SqlExpr Rewrite(SqlExpr expression) => expression switch
    {
        InExpr { Items.Count: > 0 } @in => Chain(@in.Negated ? "and" : "or", @in.Items.Select(i => Compare(@in.Negated ? "<>" : "=", @in.Operand, i))),
        BetweenExpr between => between.Negated
            ? new BinaryExpr("or", Compare("<", between.Operand, between.Low), Compare(">", between.Operand, between.High))
            : new BinaryExpr("and", Compare(">=", between.Operand, between.Low), Compare("<=", between.Operand, between.High)),
        UnaryExpr { Operator: "not" } not => Negate(not.Operand) ?? not.Map(Rewrite),
        BinaryExpr { Operator: "and" or "or" } => expression.Map(Rewrite),
        _ => expression,
    };

    /// <summary>The negation of a condition without <c>not</c>, or null when it has none here.</summary>
    private static SqlExpr? Negate(SqlExpr expression) => expression switch
    {
        BinaryExpr { IsComparison: true } b => b with { Operator = Inverse(b.Operator) },
        BinaryExpr { Operator: "and" or "or" } b when Negate(b.Left) is { } left && Negate(b.Right) is { } right =>
            new BinaryExpr(b.Operator == "and" ? "or" : "and", left, right),
        InExpr @in => Rewrite(@in with { Negated = !@in.Negated }),
        BetweenExpr between => Rewrite(between with { Negated = !between.Negated }),
        IsNullExpr isNull => isNull with { Negated = !isNull.Negated },
        UnaryExpr { Operator: "not" } not => Rewrite(not.Operand),
        _ => null,
    };

    private static string Inverse(string comparison) => comparison switch
    {
        "=" => "<>",
        "<>" => "=",
        "<" => ">=",
        "<=" => ">",
        ">" => "<=",
        _ => "<", // >=
    };

    private static BinaryExpr Compare(string comparison, SqlExpr left, SqlExpr right) => new(comparison, left, right);

    private static SqlExpr Chain(string conjunction, IEnumerable<SqlExpr> terms) => terms.Aggregate((all, next) => new BinaryExpr(conjunction, all, next));
}
