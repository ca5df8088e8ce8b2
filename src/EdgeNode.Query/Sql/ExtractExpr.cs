namespace EdgeNode.Query.Sql;

/// <summary><c>extract(hour from timestamp)</c>: rendered through the target engine's dialect.</summary>
internal sealed record ExtractExpr(string Field, SqlExpr Operand) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [Operand];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Operand = map(Operand) };
}
