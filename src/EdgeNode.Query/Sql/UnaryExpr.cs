namespace EdgeNode.Query.Sql;

/// <summary><c>-x</c>, <c>+x</c> or <c>not x</c>.</summary>
internal sealed record UnaryExpr(string Operator, SqlExpr Operand) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [Operand];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Operand = map(Operand) };
}
