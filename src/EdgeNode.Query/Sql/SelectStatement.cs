namespace EdgeNode.Query.Sql;

/// <summary>The SELECT dialect users send to the network: one table, no joins or sub-queries.</summary>
internal sealed record SelectStatement
{
    public bool Distinct { get; init; }

    public required IReadOnlyList<SelectItem> Items { get; init; }

    /// <summary>The table in FROM, as written (the logical table name).</summary>
    public required string Table { get; init; }

    public SqlExpr? Where { get; init; }

    public IReadOnlyList<SqlExpr> GroupBy { get; init; } = [];

    public SqlExpr? Having { get; init; }

    public IReadOnlyList<OrderItem> OrderBy { get; init; } = [];

    public long? Limit { get; init; }

    public long? Offset { get; init; }
}
