namespace EdgeNode.Query.Sql;

/// <summary>
/// <c>CAST(x AS type)</c> or <c>x::type</c>. <see cref="Arguments"/> holds the raw text between the parentheses of
/// <c>x::name(...)</c> (a type length, or the argument of an output cast such as <c>::float(2)</c>), else null.
/// </summary>
internal sealed record CastExpr(SqlExpr Operand, string TypeName, string? Arguments = null, bool PostfixForm = false) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [Operand];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Operand = map(Operand) };

    /// <summary>The type as SQL writes it: <c>varchar(20)</c>, <c>float</c>.</summary>
    public string FullType => Arguments is null ? TypeName : $"{TypeName}({Arguments})";
}
