namespace EdgeNode.Query.Sql;

/// <summary>A column reference, <c>value</c> or <c>t.value</c> (the qualifier is kept for the text, ignored for lookups).</summary>
internal sealed record ColumnExpr(string Name, string? Qualifier = null, bool Quoted = false) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this;
}
