using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// Rewrites a prepared statement (<see cref="StatementPreparer"/>) into a remote query and a local consolidation query
/// (SPEC §12 step 3). Without aggregates or grouping the operators compute the select items and the query node only
/// sorts, de-duplicates and limits (or passes rows through when there is nothing to do). With aggregates the operators
/// group by the query's keys and return partial aggregates the query node re-aggregates:
/// <list type="bullet">
/// <item><c>count(x)</c> → remote <c>count(x)</c>, local <c>coalesce(sum(..), 0)</c></item>
/// <item><c>sum</c>, <c>min</c>, <c>max</c> → the same function on both sides</item>
/// <item><c>avg(x)</c> → remote <c>sum(x)</c> and <c>count(x)</c>, local <c>cast(sum(s) as float) / nullif(sum(n), 0)</c></item>
/// <item><c>range(x)</c> → remote <c>min</c>, <c>max</c>, local <c>max(max) - min(min)</c></item>
/// <item><c>f(distinct x)</c> → operators also group by <c>x</c>, local <c>f(distinct x)</c> (finer remote groups keep
/// the other partial aggregates exact)</item>
/// <item><c>increments(unit, n, col)</c> → sent as written; operators answer with EdgeLake's bucket keys first
/// (<see cref="IncrementsCall"/>), the query node groups by them</item>
/// </list>
/// The remote query is written in the SQL EdgeLake's operators read (its where clause in comparisons, <see cref="OperatorWhere"/>), and replies are read by position
/// (<see cref="QueryPlan.RemoteColumns"/>), so EdgeLake and EdgeNode operators answer the same query node alike.
/// </summary>
internal static class QueryPlanner
{
    public static QueryPlan Plan(SelectStatement statement, TableSchema schema, IReadOnlyList<ExtendColumn> extend)
    {
        foreach (var item in statement.Items)
            if (item.Expression.DescendantsAndSelf().Any(e => e is StarExpr))
                throw new SqlSyntaxException($"'{item.Label}': '*' is only allowed alone in the select list or in count(*)");
        var aggregated = statement.GroupBy.Count > 0 || statement.Having is not null || statement.Items.Any(i => Aggregates.Contains(i.Expression));
        var builder = new PlanBuilder(statement, schema, extend);
        return aggregated ? builder.Aggregated() : builder.Projection();
    }

    /// <summary>The state of one planning run: remote items as they are added, the local statement built from them.</summary>
    private sealed class PlanBuilder(SelectStatement statement, TableSchema schema, IReadOnlyList<ExtendColumn> extend)
    {
        private readonly List<SelectItem> _remoteItems = [];
        private readonly List<RemoteColumn> _remoteColumns = [.. extend.Select(e => new RemoteColumn(e.Name, e.Type))];
        private readonly Dictionary<string, string> _remoteByText = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SqlExpr> _groupKeys = new(StringComparer.Ordinal);
        private readonly List<SqlExpr> _remoteGroupBy = [];
        private readonly List<SqlExpr> _localGroupBy = [];

        private ColumnType? ColumnType(string name) =>
            schema.Find(name)?.Type ?? extend.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Type;

        private ColumnType TypeOf(SqlExpr expression) => ExpressionTypes.Infer(expression, ColumnType);

        /// <summary>The remote column computing <paramref name="expression"/> (one per distinct expression).</summary>
        private string Remote(SqlExpr expression)
        {
            var text = SqlWriter.Canonical(expression);
            if (_remoteByText.TryGetValue(text, out var name)) return name;
            name = "_c" + _remoteItems.Count;
            if (_remoteColumns.Any(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                throw new SqlSyntaxException($"extend column name '{name}' is reserved");
            _remoteItems.Add(new SelectItem(expression, name, null, []));
            _remoteColumns.Add(new RemoteColumn(name, TypeOf(expression)));
            _remoteByText[text] = name;
            return name;
        }

        private static ColumnExpr Local(string name) => new(name, Quoted: true);

        private IReadOnlyList<OutputColumn> Output() =>
        [
            .. extend.Select(e => new OutputColumn(e.Name, e.Type, [])),
            .. statement.Items.Where(i => !Aggregates.IsIncrements(i.Expression)).Select(i => new OutputColumn(i.Label, TypeOf(i.Expression), i.Casts)),
        ];

        private SelectStatement RemoteStatement(bool distinct = false, IReadOnlyList<OrderItem>? orderBy = null, long? limit = null) => new()
        {
            Distinct = distinct,
            Items = _remoteItems,
            Table = statement.Table,
            Where = statement.Where is null ? null : OperatorWhere.Rewrite(statement.Where),
            GroupBy = _remoteGroupBy,
            OrderBy = orderBy ?? [],
            Limit = limit,
        };

        // ---- no aggregates: operators compute the items -------------------------------------------------------------

        public QueryPlan Projection()
        {
            var locals = statement.Items.Select(i => Operands(i.Expression, Remote)).ToList();
            var computed = statement.Items.Any(i => ComputedHere(i.Expression));
            var output = Output();
            if (statement.OrderBy.Count == 0 && !statement.Distinct && !computed)
            {
                var columns = locals.Select(l => ((ColumnExpr)l).Name).ToList();
                var remoteLimit = statement.Limit is { } rows ? rows + (statement.Offset ?? 0) : (long?)null;
                return new QueryPlan
                {
                    Remote = RemoteStatement(limit: remoteLimit),
                    RemoteColumns = _remoteColumns,
                    Extend = extend,
                    Output = output,
                    PassThroughColumns = [.. Enumerable.Range(0, extend.Count), .. columns.Select(c => _remoteColumns.FindIndex(r => r.Name == c))],
                    Offset = statement.Offset ?? 0,
                    Limit = statement.Limit,
                };
            }
            var localOrder = new List<OrderItem>();
            var remoteOrder = new List<OrderItem>();
            foreach (var order in statement.OrderBy)
            {
                var index = ItemIndex(order.Expression);
                var expression = index >= 0 ? statement.Items[index].Expression : order.Expression;
                localOrder.Add(order with { Expression = index >= 0 ? locals[index] : Operands(expression, Remote) });
                remoteOrder.Add(order with { Expression = expression });
                computed |= ComputedHere(expression);
            }
            // operators may cut their rows to the first limit+offset only when that cut cannot drop a row of the answer:
            // not when they would sort or de-duplicate values the query node computes from theirs
            var hidden = _remoteItems.Count > locals.Select(SqlWriter.Canonical).Distinct().Count();
            var cut = statement.Limit is { } limit && !(computed && (statement.Distinct || statement.OrderBy.Count > 0)) &&
                      (!statement.Distinct || statement.OrderBy.Count == 0) && !(statement.Distinct && hidden)
                ? limit + (statement.Offset ?? 0)
                : (long?)null;
            var local = new SelectStatement
            {
                Distinct = statement.Distinct,
                Items = [.. ExtendItems(), .. statement.Items.Select((item, i) => new SelectItem(locals[i], item.Label, item.Label, []))],
                Table = "query",
                OrderBy = localOrder,
                Limit = statement.Limit,
                Offset = statement.Offset,
            };
            return new QueryPlan
            {
                Remote = RemoteStatement(statement.Distinct, cut is null ? [] : remoteOrder, cut),
                RemoteColumns = _remoteColumns,
                Extend = extend,
                Local = local,
                Output = output,
            };
        }

        private IEnumerable<SelectItem> ExtendItems() => extend.Select(e => new SelectItem(Local(e.Name), e.Name, e.Name, []));

        /// <summary>The select item an ORDER/GROUP BY entry names: by 1-based position, or by output name; -1 otherwise.</summary>
        private int ItemIndex(SqlExpr expression)
        {
            if (expression is LiteralExpr { Kind: LiteralKind.Integer } position && int.TryParse(position.Text, out var n))
            {
                if (n < 1 || n > statement.Items.Count)
                    throw new SqlSyntaxException($"position {n} is not in the select list (1 to {statement.Items.Count})");
                return n - 1;
            }
            if (expression is ColumnExpr column)
            {
                for (var i = 0; i < statement.Items.Count; i++)
                    if (statement.Items[i].Label.Equals(column.Name, StringComparison.OrdinalIgnoreCase) &&
                        (statement.Items[i].Alias is not null || statement.Items[i].Expression is ColumnExpr)) return i;
            }
            var text = SqlWriter.Canonical(expression);
            for (var i = 0; i < statement.Items.Count; i++)
                if (SqlWriter.Canonical(statement.Items[i].Expression) == text) return i;
            return -1;
        }

        // ---- aggregates: operators return partial aggregates per group -------------------------------------------------

        public QueryPlan Aggregated()
        {
            // the increments keys come first in every operator's rows (after the extend values), whatever the call's place
            var buckets = new List<SqlExpr>();
            foreach (var item in statement.Items.Where(i => Aggregates.IsIncrements(i.Expression)))
            {
                if (buckets.Count > 0) throw new SqlSyntaxException("a query takes one increments(...) function");
                var increments = IncrementsCall.Parse((FunctionExpr)item.Expression);
                _remoteItems.Add(new SelectItem(increments.Call, "increments", null, []));
                for (var k = 0; k < increments.KeyCount; k++)
                {
                    var name = $"_i{k}";
                    _remoteColumns.Add(new RemoteColumn(name, k == 0 && increments.KeyCount == 2 ? Core.Storage.ColumnType.Timestamp : Core.Storage.ColumnType.BigInt));
                    buckets.Add(Local(name));
                }
                _localGroupBy.AddRange(buckets);
            }
            foreach (var group in statement.GroupBy)
            {
                var index = group is LiteralExpr or ColumnExpr && (group is not ColumnExpr c || schema.Find(c.Name) is null) ? ItemIndex(group) : -1;
                var expression = index >= 0 ? statement.Items[index].Expression : group;
                if (Aggregates.Contains(expression)) throw new SqlSyntaxException($"'{SqlWriter.Canonical(group)}': GROUP BY cannot hold an aggregate");
                AddGroupKey(expression);
            }
            foreach (var e in extend) _localGroupBy.Add(Local(e.Name));
            var items = new List<SelectItem>(ExtendItems());
            foreach (var item in statement.Items.Where(i => !Aggregates.IsIncrements(i.Expression)))
                items.Add(new SelectItem(Localize(item.Expression), item.Label, item.Label, []));
            var having = statement.Having is null ? null : Localize(statement.Having);
            var order = new List<OrderItem>();
            foreach (var entry in statement.OrderBy)
            {
                var index = OutputIndex(entry.Expression);
                order.Add(entry with { Expression = index >= 0 ? LiteralExpr.Integer(index + 1) : Localize(entry.Expression) });
            }
            if (order.Count == 0) order.AddRange(buckets.Select(b => new OrderItem(b, false)));
            var local = new SelectStatement
            {
                Distinct = statement.Distinct,
                Items = items,
                Table = "query",
                GroupBy = _localGroupBy,
                Having = having,
                OrderBy = order,
                Limit = statement.Limit,
                Offset = statement.Offset,
            };
            return new QueryPlan
            {
                Remote = RemoteStatement(),
                RemoteColumns = _remoteColumns,
                Extend = extend,
                Local = local,
                Output = Output(),
            };
        }

        /// <summary>The local output position (extend columns first) an ORDER BY entry names by position or name; -1 otherwise.</summary>
        private int OutputIndex(SqlExpr expression)
        {
            var visible = statement.Items.Where(i => !Aggregates.IsIncrements(i.Expression)).ToList();
            if (expression is LiteralExpr { Kind: LiteralKind.Integer } position && int.TryParse(position.Text, out var n))
            {
                if (n < 1 || n > visible.Count) throw new SqlSyntaxException($"ORDER BY position {n} is not in the select list (1 to {visible.Count})");
                return extend.Count + n - 1;
            }
            if (expression is ColumnExpr column)
            {
                var index = visible.FindIndex(i => i.Label.Equals(column.Name, StringComparison.OrdinalIgnoreCase));
                if (index >= 0) return extend.Count + index;
                var extended = extend.ToList().FindIndex(e => e.Name.Equals(column.Name, StringComparison.OrdinalIgnoreCase));
                if (extended >= 0 && schema.Find(column.Name) is null) return extended;
            }
            return -1;
        }

        /// <summary>
        /// A key of the answer's groups. Operators group by it, or, when the query node computes it, by the columns and
        /// functions it is computed from (finer groups, whose partial aggregates the query node then groups by the key).
        /// </summary>
        private void AddGroupKey(SqlExpr expression)
        {
            var text = SqlWriter.Canonical(expression);
            if (_groupKeys.ContainsKey(text)) return;
            var key = Operands(expression, RemoteKey);
            _groupKeys[text] = key;
            _localGroupBy.Add(key);
        }

        /// <summary>An expression of the answer rewritten over the consolidation table: group keys and re-aggregated partials.</summary>
        private SqlExpr Localize(SqlExpr expression)
        {
            if (_groupKeys.TryGetValue(SqlWriter.Canonical(expression), out var key)) return key;
            switch (expression)
            {
                case FunctionExpr function when Aggregates.IsAggregate(function):
                    return Consolidate(function);
                case FunctionExpr function when Aggregates.IsIncrements(function):
                    throw new SqlSyntaxException("increments(...) must be an item of the select list by itself");
                case ColumnExpr column when extend.Any(e => e.Name.Equals(column.Name, StringComparison.OrdinalIgnoreCase)) && schema.Find(column.Name) is null:
                    return Local(extend.First(e => e.Name.Equals(column.Name, StringComparison.OrdinalIgnoreCase)).Name);
                case ColumnExpr column when schema.Find(column.Name) is null &&
                                            statement.Items.FirstOrDefault(i => column.Name.Equals(i.Alias, StringComparison.OrdinalIgnoreCase)) is { } aliased:
                    return Localize(aliased.Expression);
                case ColumnExpr column:
                    throw new SqlSyntaxException($"column '{column.Name}' must appear in the GROUP BY clause or be used in an aggregate function");
                default:
                    return expression.Map(Localize);
            }
        }

        private SqlExpr Consolidate(FunctionExpr function)
        {
            foreach (var argument in function.Arguments)
                if (Aggregates.Contains(argument)) throw new SqlSyntaxException($"'{SqlWriter.Canonical(function)}': aggregates cannot be nested");
            var name = function.Name.ToLowerInvariant();
            if (function.Distinct)
            {
                // operators group by the value too; the query node applies the function to the distinct values
                var key = Local(RemoteKey(function.Arguments[0]));
                return name switch
                {
                    "range" => new BinaryExpr("-", new FunctionExpr("max", [key]), new FunctionExpr("min", [key])),
                    "min" or "max" => new FunctionExpr(name, [key]),
                    _ => new FunctionExpr(name, [key], Distinct: true),
                };
            }
            switch (name)
            {
                case "count":
                    return new FunctionExpr("coalesce", [Sum(Partial(function)), LiteralExpr.Integer(0)]);
                case "sum":
                    return Sum(Partial(function));
                case "min" or "max":
                    return new FunctionExpr(name, [Local(Partial(function))]);
                case "avg":
                    var sum = Partial(new FunctionExpr("sum", function.Arguments));
                    var count = Partial(new FunctionExpr("count", function.Arguments));
                    return new BinaryExpr("/", new CastExpr(Sum(sum), "float"),
                        new FunctionExpr("nullif", [Sum(count), LiteralExpr.Integer(0)]));
                default: // range
                    var min = Partial(new FunctionExpr("min", function.Arguments));
                    var max = Partial(new FunctionExpr("max", function.Arguments));
                    return new BinaryExpr("-", new FunctionExpr("max", [Local(max)]), new FunctionExpr("min", [Local(min)]));
            }
        }

        private static FunctionExpr Sum(string column) => new("sum", [Local(column)]);

        private string Partial(FunctionExpr aggregate) => Remote(aggregate);

        /// <summary>The remote column of an expression the operators also group by (once).</summary>
        private string RemoteKey(SqlExpr expression)
        {
            var text = SqlWriter.Canonical(expression);
            var name = Remote(expression);
            if (_remoteGroupBy.All(g => SqlWriter.Canonical(g) != text)) _remoteGroupBy.Add(expression);
            return name;
        }

        /// <summary>
        /// <paramref name="expression"/> over the consolidation table: when the query node computes it
        /// (<see cref="ComputedHere"/>), its operators, literals and conditions kept and each column or function under them
        /// asked of the operators through <paramref name="remote"/>; else the remote column computing all of it.
        /// </summary>
        private SqlExpr Operands(SqlExpr expression, Func<SqlExpr, string> remote)
        {
            if (!ComputedHere(expression)) return Local(remote(expression));
            return expression.Map(Operand);
            SqlExpr Operand(SqlExpr child) => child switch
            {
                LiteralExpr => child,
                _ when IsComputation(child) => child.Map(Operand),
                _ => Local(remote(child)),
            };
        }

        /// <summary>
        /// Whether the query node computes an item or key from values the operators return instead of sending it. EdgeLake's
        /// operators read a select item as one column or one function call and drop what follows it without an error
        /// (<c>value * 2</c> came back as <c>value</c>), so arithmetic, conditions and CASE over columns are computed
        /// here, in SQL that SQLite and PostgreSQL evaluate alike; what holds time arithmetic (dialect-specific intervals)
        /// or an aggregate is left whole to the operators.
        /// </summary>
        private static bool ComputedHere(SqlExpr expression) =>
            IsComputation(expression) && !Aggregates.Contains(expression) &&
            expression.DescendantsAndSelf().Any(e => e is ColumnExpr or FunctionExpr) &&
            !expression.DescendantsAndSelf().Any(e => e is IntervalExpr or StarExpr);

        private static bool IsComputation(SqlExpr expression) => expression is BinaryExpr or UnaryExpr or CaseExpr or BetweenExpr or InExpr or IsNullExpr;
    }
}
