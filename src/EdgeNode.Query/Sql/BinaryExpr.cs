namespace EdgeNode.Query.Sql;

/// <summary>
/// <c>left op right</c>. Operators are lowercase: <c>or and = &lt;&gt; &lt; &lt;= &gt; &gt;= like ilike || + - * / %</c>
/// (<c>!=</c> and <c>==</c> are read as <c>&lt;&gt;</c> and <c>=</c>; <c>not like</c> is <c>not</c> around <c>like</c>).
/// </summary>
internal sealed record BinaryExpr(string Operator, SqlExpr Left, SqlExpr Right) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [Left, Right];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Left = map(Left), Right = map(Right) };

    public bool IsComparison => Operator is "=" or "<>" or "<" or "<=" or ">" or ">=";
}
