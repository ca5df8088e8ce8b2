namespace EdgeNode.Query.Sql;

/// <summary><c>x [not] between low and high</c>.</summary>
internal sealed record BetweenExpr(SqlExpr Operand, SqlExpr Low, SqlExpr High, bool Negated) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [Operand, Low, High];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Operand = map(Operand), Low = map(Low), High = map(High) };
}
