namespace EdgeNode.Query.Sql;

/// <summary>A function call: <c>max(value)</c>, <c>count(*)</c> (<see cref="Star"/>), <c>count(distinct x)</c>.</summary>
internal sealed record FunctionExpr(string Name, IReadOnlyList<SqlExpr> Arguments, bool Distinct = false, bool Star = false) : SqlExpr
{
    public override IEnumerable<SqlExpr> Children => Arguments;

    public override SqlExpr Map(Func<SqlExpr, SqlExpr> map) => this with { Arguments = Arguments.Select(map).ToArray() };

    public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}
