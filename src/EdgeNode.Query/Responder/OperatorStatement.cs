using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;
using EdgeNode.Query.Wire;

namespace EdgeNode.Query.Responder;

/// <summary>
/// What an operator runs for a network query on one physical table, and the layout of the rows it sends back. Both
/// follow EdgeLake's operator (<c>dbms/unify_results.py</c> <c>make_sql_stmt</c> with averages replaced), because a
/// query node, EdgeLake's or EdgeNode's, reads reply columns by position: the <c>extend</c> values first, then the
/// <c>increments</c> keys (<see cref="IncrementsCall.KeyCount"/> columns, whatever the call's place in the select list),
/// then each select item, <c>avg(x)</c> as <c>sum(x), count(x)</c>, <c>range(x)</c> as <c>min(x), max(x)</c> and
/// <c>*</c> as the table's columns. Columns an included table (<c>include = (...)</c>) lacks are NULL there.
/// </summary>
internal sealed record OperatorStatement(SelectStatement Statement, IReadOnlyList<WireColumn> Columns)
{
    public static OperatorStatement Build(SelectStatement statement, TableSchema schema, IReadOnlyList<(SqlExpr Value, ColumnType Type)> extend,
        bool included, DbmsEngine engine)
    {
        ColumnType? TypeOf(string name) => schema.Find(name)?.Type;
        var items = new List<SelectItem>();
        var columns = new List<WireColumn>();
        var groupBy = new List<SqlExpr>(statement.GroupBy.Select(g => Unaliased(g, statement.Items, schema, outputFirst: false)));
        void Add(SqlExpr expression, WireColumn column)
        {
            items.Add(new SelectItem(expression, "", null, []));
            columns.Add(column);
        }

        foreach (var (value, type) in extend) Add(value, new WireColumn(type));
        foreach (var item in statement.Items.Where(i => Aggregates.IsIncrements(i.Expression)))
        {
            var increments = IncrementsCall.Parse((FunctionExpr)item.Expression);
            // SQLite holds this node's timestamps as text of one fixed form: the keys are cut from it
            var storedText = engine == DbmsEngine.Sqlite && increments.Column is ColumnExpr column && TypeOf(column.Name) == ColumnType.Timestamp;
            var keys = increments.Keys(storedText);
            for (var k = 0; k < keys.Count; k++)
            {
                Add(keys[k], k == 0 && keys.Count == 2 ? new WireColumn(ColumnType.Timestamp, IncrementsKey: true) : new WireColumn(ColumnType.BigInt));
                groupBy.Add(keys[k]);
            }
        }
        foreach (var item in statement.Items.Where(i => !Aggregates.IsIncrements(i.Expression)))
        {
            switch (item.Expression)
            {
                case StarExpr:
                    foreach (var column in schema.Columns) Add(new ColumnExpr(column.Name), new WireColumn(column.Type));
                    break;
                case FunctionExpr { Arguments: [var argument], Distinct: false } f when f.Is("avg"):
                    Add(new FunctionExpr("sum", [argument]), new WireColumn(ColumnType.Float));
                    Add(new FunctionExpr("count", [argument]), new WireColumn(ColumnType.BigInt));
                    break;
                case FunctionExpr { Arguments: [var argument], Distinct: false } f when f.Is("range"):
                    var type = ExpressionTypes.Infer(argument, TypeOf);
                    Add(new FunctionExpr("min", [argument]), new WireColumn(type));
                    Add(new FunctionExpr("max", [argument]), new WireColumn(type));
                    break;
                default:
                    var expression = included ? MissingColumnsAsNull(item.Expression, schema) : item.Expression;
                    Add(expression, new WireColumn(ExpressionTypes.Infer(expression, TypeOf)));
                    break;
            }
        }
        return new OperatorStatement(statement with
        {
            Items = items,
            GroupBy = groupBy,
            Having = statement.Having is null ? null : Unaliased(statement.Having, statement.Items, schema, outputFirst: false),
            OrderBy = statement.OrderBy.Select(o => o with { Expression = Unaliased(o.Expression, statement.Items, schema, outputFirst: true) }).ToArray(),
        }, columns);
    }

    /// <summary>
    /// The items lose their aliases here (replies are read by position), so a name of one in ORDER BY, GROUP BY or HAVING
    /// (<c>select timestamp as t ... order by t limit 5</c>, as EdgeLake's query node sends it) becomes the item's
    /// expression. As in SQL, ORDER BY reads an output name first, GROUP BY and HAVING a column of the table.
    /// </summary>
    private static SqlExpr Unaliased(SqlExpr expression, IReadOnlyList<SelectItem> items, TableSchema schema, bool outputFirst)
    {
        if (expression is not ColumnExpr column) return outputFirst ? expression : expression.Map(e => Unaliased(e, items, schema, outputFirst));
        if (!outputFirst && schema.Find(column.Name) is not null) return expression;
        return items.FirstOrDefault(i => column.Name.Equals(i.Alias, StringComparison.OrdinalIgnoreCase)) is { } item ? item.Expression : expression;
    }

    /// <summary>A column the table does not have reads as NULL (EdgeLake's <c>get_adjusted_projection</c> for included tables).</summary>
    private static SqlExpr MissingColumnsAsNull(SqlExpr expression, TableSchema schema) => expression switch
    {
        ColumnExpr column when schema.Find(column.Name) is null => LiteralExpr.Null,
        ColumnExpr => expression,
        _ => expression.Map(child => MissingColumnsAsNull(child, schema)),
    };
}
