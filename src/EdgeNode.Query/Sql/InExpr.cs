namespace EdgeNode.Query.Sql;

/// <summary><c>x [not] in (a, b, c)</c>.</summary>
internal sealed record InExpr(SqlExpr Operand, IReadOnlyList<SqlExpr> Items, bool Negated) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => Items.Prepend(Operand);

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Operand = map(Operand), Items = Items.Select(map).ToArray() };
}
