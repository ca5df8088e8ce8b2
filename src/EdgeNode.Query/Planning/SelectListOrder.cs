using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// How EdgeLake's query node orders a network answer by several columns (<c>dbms/unify_results.py</c>
/// <c>remote_name_to_local_name</c>, checked against the peer): it reads <c>ORDER BY c1, c2, ... cn [DESC]</c> as a list of
/// names and one direction, and writes the consolidation query's <c>ORDER BY</c> with those names in the order of the
/// select list, the direction after the last one. So <c>select monitor_id, timestamp ... order by timestamp, monitor_id desc</c>
/// sorts by <c>monitor_id, timestamp desc</c>. AnyLog clients' expected answers depend on it, so network queries do the same
/// when every entry names a select item (by name or expression) and only the last entry may say DESC; other ORDER BY clauses keep SQL's meaning.
/// </summary>
internal static class SelectListOrder
{
    public static SelectStatement Apply(SelectStatement statement)
    {
        var order = statement.OrderBy;
        if (order.Count < 2 || order.Take(order.Count - 1).Any(o => o.Descending)) return statement;
        var positions = new int[order.Count];
        for (var i = 0; i < order.Count; i++)
            if ((positions[i] = ItemIndex(statement.Items, order[i].Expression)) < 0) return statement;
        var sorted = order.Select((o, i) => (Item: o, Position: positions[i])).OrderBy(p => p.Position).Select(p => p.Item).ToList();
        var descending = order[^1].Descending;
        return statement with
        {
            OrderBy = sorted.Select((o, i) => o with { Descending = i == sorted.Count - 1 && descending }).ToArray(),
        };
    }

    /// <summary>
    /// The select item an ORDER BY entry names (its label or alias, or its expression), or -1. Positions (<c>order by 2</c>)
    /// name nothing here: EdgeLake does not read them, so they keep SQL's meaning.
    /// </summary>
    private static int ItemIndex(IReadOnlyList<SelectItem> items, SqlExpr expression)
    {
        if (expression is ColumnExpr column)
            for (var i = 0; i < items.Count; i++)
                if (items[i].Label.Equals(column.Name, StringComparison.OrdinalIgnoreCase)) return i;
        var text = SqlWriter.Canonical(expression);
        for (var i = 0; i < items.Count; i++)
            if (SqlWriter.Canonical(items[i].Expression) == text) return i;
        return -1;
    }
}
