namespace EdgeNode.Query.Sql;

/// <summary><c>*</c> or <c>t.*</c> in a select list (expanded to the table's columns before planning).</summary>
internal sealed record StarExpr(string? Qualifier = null) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this;
}
