namespace EdgeNode.InteropTests;

/// <summary>
/// A query every query node of the mixed network must answer as one SQLite database holding all the rows answers
/// <see cref="ReferenceSql"/> (the same statement when null). <see cref="Columns"/> compares only those columns (the
/// system columns of <c>select *</c> differ from one operator to another).
/// </summary>
public sealed record InteropCase(string Name, string Sql, string? ReferenceSql = null)
{
    public string Options { get; init; } = "";

    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The rows may come in any order (SQL leaves it open: no ORDER BY, or rows of several operators).</summary>
    public bool Unordered { get; init; }

    /// <summary>
    /// A <c>limit</c> without <c>order by</c>: the answer is any this many rows (fewer when there are fewer) of what the
    /// reference statement, written without the limit, answers.
    /// </summary>
    public int? AnyRows { get; init; }

    /// <summary>
    /// Why EdgeLake's query node cannot answer this query as one database would (its own bug or limit, named in EdgeLake's
    /// code): only the EdgeNode query node is compared with the reference; null when both must be.
    /// </summary>
    public string? EdgeLakeCannot { get; init; }

    public string Reference => ReferenceSql ?? Sql;
}
