namespace EdgeNode.Query.Sql;

/// <summary><c>case [operand] when a then b ... [else c] end</c>.</summary>
internal sealed record CaseExpr(SqlExpr? Operand, IReadOnlyList<(SqlExpr When, SqlExpr Then)> Branches, SqlExpr? Else) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children
    {
        get
        {
            if (Operand is not null) yield return Operand;
            foreach (var (when, then) in Branches)
            {
                yield return when;
                yield return then;
            }
            if (Else is not null) yield return Else;
        }
    }

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with
    {
        Operand = Operand is null ? null : map(Operand),
        Branches = Branches.Select(b => (map(b.When), map(b.Then))).ToArray(),
        Else = Else is null ? null : map(Else),
    };
}
