namespace EdgeNode.Query.Sql;

/// <summary>
/// One entry of a select list. <see cref="Label"/> is the column name of the result: the alias, else the expression's
/// text as written (what SQLite, and so EdgeLake, call the column: <c>count(*)</c>), a bare column's name.
/// </summary>
internal sealed record SelectItem(SqlExpr Expression, string Label, string? Alias, IReadOnlyList<OutputCast> Casts);
