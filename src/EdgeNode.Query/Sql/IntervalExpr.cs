using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Sql;

/// <summary>A time span: <c>3 days</c> (AnyLog's form in <c>now() - 3 days</c>) or <c>interval '3 days'</c>.</summary>
internal sealed record IntervalExpr(long Amount, PartitionUnit Unit) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => [];

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this;
}
