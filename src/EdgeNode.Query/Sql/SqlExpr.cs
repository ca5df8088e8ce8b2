namespace EdgeNode.Query.Sql;

/// <summary>
/// A node of a parsed SQL expression. Nodes are immutable; rewriting builds new trees. Two expressions are the same when
/// their <see cref="SqlWriter.Canonical"/> texts are equal (records holding lists compare lists by reference).
/// </summary>
internal abstract record SqlExpr
{
    /// <summary>The direct sub-expressions, for walks that look for aggregates, columns or <c>period(...)</c>.</summary>
    public abstract IEnumerable<SqlExpr> Children { get; }

    /// <summary>A copy with each direct child replaced by <paramref name="map"/> of it.</summary>
    public abstract SqlExpr Map(Func<SqlExpr, SqlExpr> map);

    /// <summary>This node and every node below it, depth first.</summary>
    public IEnumerable<SqlExpr> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var node in child.DescendantsAndSelf())
                yield return node;
    }
}
