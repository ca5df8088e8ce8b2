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

    public string Reference => ReferenceSql ?? Sql;
}
