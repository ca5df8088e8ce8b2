namespace EdgeNode.Query.Sql;

/// <summary>SQL text written by the planner for the local (SQLite) consolidation query, e.g. an <c>increments</c> bucket.</summary>
internal sealed record RawExpr(string Text) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this;
}
