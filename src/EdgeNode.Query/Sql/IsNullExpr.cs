namespace EdgeNode.Query.Sql;

/// <summary><c>x is [not] null</c>.</summary>
internal sealed record IsNullExpr(SqlExpr Operand, bool Negated) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [Operand];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Operand = map(Operand) };
}
