namespace EdgeNode.Query.Sql;

/// <summary>An <c>order by</c> entry: an expression, an output column name or a 1-based position, and the direction.</summary>
internal sealed record OrderItem(SqlExpr Expression, bool Descending);
