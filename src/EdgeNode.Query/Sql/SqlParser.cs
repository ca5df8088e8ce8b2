using System.Globalization;
using EdgeNode.Core.Limits;

namespace EdgeNode.Query.Sql;

/// <summary>
/// Recursive-descent parser for the SELECT statements users send to the network (SPEC §12): projections with aliases and
/// output casts, <c>*</c>, functions, <c>CAST</c>/<c>::</c>, <c>CASE</c>, <c>extract</c>, AnyLog intervals
/// (<c>now() - 3 days</c>), <c>WHERE</c> with AND/OR/NOT/parentheses/IN/BETWEEN/LIKE/IS NULL, <c>GROUP BY</c>,
/// <c>HAVING</c>, <c>ORDER BY ... ASC|DESC</c>, <c>LIMIT</c>/<c>OFFSET</c>, <c>DISTINCT</c>. One table; joins and
/// sub-queries are rejected with a message (a network query spans tables with <c>include = (...)</c>). Expressions deeper
/// than <see cref="InputLimits.SqlDepth"/> (nesting plus operator chains) are refused, so no statement can overflow the
/// stack of the parser or of the walks over its tree.
/// </summary>
internal sealed class SqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "from", "where", "group", "order", "having", "limit", "offset", "as", "and", "or", "not", "union", "join", "on", "by",
        "asc", "desc", "select", "when", "then", "else", "end", "is", "in", "between", "like", "ilike", "inner", "left", "right",
        "outer", "cross", "full", "natural", "fetch", "for", "window", "except", "intersect", "nulls", "using",
    };

    private readonly SqlLexer _lexer;
    private SqlToken _token;
    private int _lastEnd;
    private int _depth;

    private SqlParser(string sql)
    {
        _lexer = new SqlLexer(sql);
        _token = _lexer.Next();
    }

    /// <summary>Parses one SELECT statement; throws <see cref="SqlSyntaxException"/> saying what is wrong and where.</summary>
    public static SelectStatement ParseSelect(string sql)
    {
        var parser = new SqlParser(sql);
        var statement = parser.Select();
        parser.AcceptSymbol(";");
        if (parser._token.Kind != SqlTokenKind.End) throw parser.Unexpected("the end of the statement");
        return statement;
    }

    /// <summary>Parses a lone expression (a <c>period</c> filter, a test).</summary>
    public static SqlExpr ParseExpression(string text)
    {
        var parser = new SqlParser(text);
        var expression = parser.Expression();
        if (parser._token.Kind != SqlTokenKind.End) throw parser.Unexpected("the end of the expression");
        return expression;
    }

    private SelectStatement Select()
    {
        ExpectKeyword("select");
        var distinct = AcceptKeyword("distinct");
        if (!distinct) AcceptKeyword("all");
        var items = new List<SelectItem> { Item() };
        while (AcceptSymbol(",")) items.Add(Item());
        ExpectKeyword("from");
        var table = TableName();
        SqlExpr? where = null, having = null;
        List<SqlExpr> groupBy = [];
        List<OrderItem> orderBy = [];
        long? limit = null, offset = null;
        if (AcceptKeyword("where")) where = Expression();
        if (AcceptKeyword("group"))
        {
            ExpectKeyword("by");
            do groupBy.Add(Expression());
            while (AcceptSymbol(","));
            SkipToOrderOrLimit();
        }
        if (AcceptKeyword("having")) having = Expression();
        if (AcceptKeyword("order"))
        {
            ExpectKeyword("by");
            do
            {
                var expression = Expression();
                var descending = AcceptKeyword("desc");
                if (!descending) AcceptKeyword("asc");
                orderBy.Add(new OrderItem(expression, descending));
            }
            while (AcceptSymbol(","));
        }
        if (AcceptKeyword("limit")) limit = Count("limit");
        if (AcceptKeyword("offset")) offset = Count("offset");
        if (_token.IsKeyword("union") || _token.IsKeyword("intersect") || _token.IsKeyword("except"))
            throw new SqlSyntaxException($"'{_token.Text}' at position {_token.Position} is not supported in a network query");
        return new SelectStatement
        {
            Distinct = distinct, Items = items, Table = table, Where = where, GroupBy = groupBy, Having = having, OrderBy = orderBy,
            Limit = limit, Offset = offset,
        };
    }

    /// <summary>
    /// EdgeLake reads the clauses after a <c>group by</c> list by finding <c>order by</c> and <c>limit</c> in the text, so
    /// other words there are ignored (clients send <c>group by k ORDER min_ts, k DESC</c>, without BY: the rows then come
    /// in group-key order). Skips such words up to <c>having</c>, <c>order by</c>, <c>limit</c>, <c>offset</c> or the end.
    /// </summary>
    private void SkipToOrderOrLimit()
    {
        while (_token.Kind != SqlTokenKind.End && !_token.IsSymbol(";") && !_token.IsKeyword("having") && !_token.IsKeyword("limit")
               && !_token.IsKeyword("offset") && !(_token.IsKeyword("order") && NextIsKeyword("by")))
            Advance();
    }

    /// <summary>True when the token after the current one is <paramref name="word"/> (the lexer is put back).</summary>
    private bool NextIsKeyword(string word)
    {
        var position = _lexer.Position;
        var next = _lexer.Next();
        _lexer.Position = position;
        return next.IsKeyword(word);
    }

    private long Count(string clause)
    {
        if (_token.Kind != SqlTokenKind.Number || !long.TryParse(_token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Unexpected($"a row count after '{clause}'");
        Advance();
        return value;
    }

    private string TableName()
    {
        if (_token.IsSymbol("("))
            throw new SqlSyntaxException($"a sub-query at position {_token.Position} is not supported in a network query");
        var name = Name("a table name");
        if (AcceptSymbol(".")) name = Name("a table name"); // dbms.table: the dbms is the one the command names
        if (AcceptKeyword("as")) Name("a table alias");
        else if (_token.Kind == SqlTokenKind.Identifier && !Reserved.Contains(_token.Text)) Advance();
        if (_token.IsSymbol(",") || _token.IsKeyword("join") || _token.IsKeyword("inner") || _token.IsKeyword("left") ||
            _token.IsKeyword("right") || _token.IsKeyword("cross") || _token.IsKeyword("full") || _token.IsKeyword("natural"))
            throw new SqlSyntaxException($"joins (at position {_token.Position}) are not supported in a network query: " +
                                         "query tables of the same shape together with 'include = (table2, table3)'");
        return name;
    }

    private string Name(string what)
    {
        if (_token.Kind is not (SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier) ||
            _token.Kind == SqlTokenKind.Identifier && Reserved.Contains(_token.Text))
            throw Unexpected(what);
        var name = _token.Text;
        Advance();
        return name;
    }

    private SelectItem Item()
    {
        var start = _token.Position;
        if (_token.IsSymbol("*"))
        {
            Advance();
            return new SelectItem(new StarExpr(), "*", null, []);
        }
        var expression = Expression();
        var label = _lexer.Text[start.._lastEnd].Trim();
        var casts = new List<OutputCast>();
        // output casts are the postfix casts of the whole item: avg(value)::float(2)
        while (expression is CastExpr { PostfixForm: true } cast && OutputCast.Names.Contains(cast.TypeName))
        {
            casts.Insert(0, new OutputCast(cast.TypeName.ToLowerInvariant(), cast.Arguments));
            expression = cast.Operand;
            label = LabelWithoutCast(label);
        }
        string? alias = null;
        if (AcceptKeyword("as"))
        {
            alias = Alias();
            while (AcceptKeyword("as")) Alias(); // 'expr as a as b' is 'expr as a', as EdgeLake reads it
        }
        else if (_token.Kind is SqlTokenKind.QuotedIdentifier || _token.Kind == SqlTokenKind.Identifier && !Reserved.Contains(_token.Text))
            alias = Alias();
        if (expression is StarExpr star) return new SelectItem(star, label, null, []);
        label = alias ?? (expression is ColumnExpr column ? column.Name : label);
        return new SelectItem(expression, label, alias, casts);
    }

    /// <summary>The label of <c>avg(value)::float(2)</c> is <c>avg(value)</c>: the text before the last top-level <c>::</c>.</summary>
    private static string LabelWithoutCast(string label)
    {
        var depth = 0;
        for (var i = label.Length - 1; i > 0; i--)
        {
            var c = label[i];
            if (c == ')') depth++;
            else if (c == '(') depth--;
            else if (depth == 0 && c == ':' && label[i - 1] == ':') return label[..(i - 1)].TrimEnd();
        }
        return label;
    }

    private string Alias()
    {
        if (_token.Kind is not (SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier or SqlTokenKind.String)) throw Unexpected("an alias");
        var alias = _token.Text;
        Advance();
        return alias;
    }

    // ---- expressions, lowest precedence first ------------------------------------------------------------------------

    private SqlExpr Expression()
    {
        var depth = Deeper();
        var expression = Or();
        _depth = depth;
        return expression;
    }

    /// <summary>
    /// One level deeper: each nesting and each link of an operator chain makes the tree one level deeper. Returns the
    /// depth to restore once the construct is parsed.
    /// </summary>
    private int Deeper()
    {
        if (_depth >= InputLimits.SqlDepth)
            throw new SqlSyntaxException($"the expression at position {_token.Position} is nested too deep (more than {InputLimits.SqlDepth} levels)");
        return _depth++;
    }

    private SqlExpr Or()
    {
        var depth = _depth;
        var left = And();
        while (AcceptKeyword("or"))
        {
            Deeper();
            left = new BinaryExpr("or", left, And());
        }
        _depth = depth;
        return left;
    }

    private SqlExpr And()
    {
        var depth = _depth;
        var left = Not();
        while (AcceptKeyword("and"))
        {
            Deeper();
            left = new BinaryExpr("and", left, Not());
        }
        _depth = depth;
        return left;
    }

    private SqlExpr Not()
    {
        if (!AcceptKeyword("not")) return Predicate();
        var depth = Deeper();
        var operand = Not();
        _depth = depth;
        return new UnaryExpr("not", operand);
    }

    private SqlExpr Predicate()
    {
        var depth = _depth;
        var left = Concat();
        while (true)
        {
            Deeper();
            if (_token.Kind == SqlTokenKind.Symbol && _token.Text is "=" or "<>" or "<" or "<=" or ">" or ">=")
            {
                var op = _token.Text;
                Advance();
                left = new BinaryExpr(op, left, Concat());
                continue;
            }
            if (AcceptKeyword("is"))
            {
                var negated = AcceptKeyword("not");
                ExpectKeyword("null");
                left = new IsNullExpr(left, negated);
                continue;
            }
            var not = _token.IsKeyword("not");
            if (not) Advance();
            if (AcceptKeyword("in"))
            {
                left = new InExpr(left, List(), not);
                continue;
            }
            if (AcceptKeyword("between"))
            {
                var low = Concat();
                ExpectKeyword("and");
                left = new BetweenExpr(left, low, Concat(), not);
                continue;
            }
            if (_token.IsKeyword("like") || _token.IsKeyword("ilike"))
            {
                var op = _token.Text.ToLowerInvariant();
                Advance();
                var like = new BinaryExpr(op, left, Concat());
                left = not ? new UnaryExpr("not", like) : like;
                continue;
            }
            if (not) throw Unexpected("'in', 'between' or 'like' after 'not'");
            _depth = depth;
            return left;
        }
    }

    private List<SqlExpr> List()
    {
        ExpectSymbol("(");
        if (_token.IsKeyword("select"))
            throw new SqlSyntaxException($"a sub-query at position {_token.Position} is not supported in a network query");
        var items = new List<SqlExpr> { Expression() };
        while (AcceptSymbol(",")) items.Add(Expression());
        ExpectSymbol(")");
        return items;
    }

    private SqlExpr Concat()
    {
        var depth = _depth;
        var left = Additive();
        while (AcceptSymbol("||"))
        {
            Deeper();
            left = new BinaryExpr("||", left, Additive());
        }
        _depth = depth;
        return left;
    }

    private SqlExpr Additive()
    {
        var depth = _depth;
        var left = Multiplicative();
        while (_token.IsSymbol("+") || _token.IsSymbol("-"))
        {
            var op = _token.Text;
            Advance();
            Deeper();
            left = new BinaryExpr(op, left, Multiplicative());
        }
        _depth = depth;
        return left;
    }

    private SqlExpr Multiplicative()
    {
        var depth = _depth;
        var left = Unary();
        while (_token.IsSymbol("*") || _token.IsSymbol("/") || _token.IsSymbol("%"))
        {
            var op = _token.Text;
            Advance();
            Deeper();
            left = new BinaryExpr(op, left, Unary());
        }
        _depth = depth;
        return left;
    }

    private SqlExpr Unary()
    {
        if (_token.IsSymbol("-") || _token.IsSymbol("+"))
        {
            var op = _token.Text;
            Advance();
            var depth = Deeper();
            var operand = Unary();
            _depth = depth;
            if (op == "-" && operand is LiteralExpr { Kind: LiteralKind.Integer or LiteralKind.Decimal } number && number.Text[0] != '-')
                return number with { Text = "-" + number.Text };
            return op == "+" ? operand : new UnaryExpr(op, operand);
        }
        return Postfix();
    }

    private SqlExpr Postfix()
    {
        var depth = _depth;
        var expression = Primary();
        while (AcceptSymbol("::"))
        {
            Deeper();
            if (_token.Kind != SqlTokenKind.Identifier) throw Unexpected("a type or output cast after '::'");
            var name = _token.Text;
            var nameEnd = _token.End;
            Advance();
            string? arguments = null;
            if (_token.IsSymbol("(") && _token.Position == SkipSpaces(nameEnd))
            {
                arguments = _lexer.ReadRawUntilClose(_token.Position + 1);
                _lastEnd = _lexer.Position;
                _token = _lexer.Next();
            }
            else if (name.Equals("double", StringComparison.OrdinalIgnoreCase) && _token.IsKeyword("precision"))
            {
                name = "double precision";
                Advance();
            }
            expression = new CastExpr(expression, name, arguments, PostfixForm: true);
        }
        _depth = depth;
        return expression;
    }

    private int SkipSpaces(int position)
    {
        var text = _lexer.Text;
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
        return position;
    }

    private SqlExpr Primary()
    {
        var token = _token;
        switch (token.Kind)
        {
            case SqlTokenKind.Number:
                Advance();
                if (_token.Kind == SqlTokenKind.Identifier && TimeUnits.TryParse(_token.Text, out var unit) && IsUnitWord(_token.Text))
                {
                    Advance();
                    return new IntervalExpr(ParseAmount(token), unit);
                }
                return new LiteralExpr(token.Text.AsSpan().IndexOfAny(".eE") >= 0 ? LiteralKind.Decimal : LiteralKind.Integer, token.Text);
            case SqlTokenKind.String:
                Advance();
                return LiteralExpr.String(token.Text);
            case SqlTokenKind.QuotedIdentifier:
                Advance();
                return Column(token.Text, quoted: true);
            case SqlTokenKind.Symbol when token.Text == "(":
                Advance();
                if (_token.IsKeyword("select"))
                    throw new SqlSyntaxException($"a sub-query at position {_token.Position} is not supported in a network query");
                var inner = Expression();
                ExpectSymbol(")");
                return inner;
            case SqlTokenKind.Symbol when token.Text == "*":
                Advance();
                return new StarExpr();
            case SqlTokenKind.Identifier:
                return Word();
            default:
                throw Unexpected("an expression");
        }
    }

    private static long ParseAmount(SqlToken token) =>
        long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new SqlSyntaxException($"interval '{token.Text}' at position {token.Position} must be a whole number");

    /// <summary>Units spelled out (<c>3 days</c>), so that <c>select 5 m</c> still reads as an alias.</summary>
    private static bool IsUnitWord(string word) => word.Length > 2 && !word.Equals("min", StringComparison.OrdinalIgnoreCase);

    private SqlExpr Word()
    {
        var token = _token;
        var word = token.Text;
        Advance();
        switch (word.ToLowerInvariant())
        {
            case "null": return LiteralExpr.Null;
            case "true" or "false": return new LiteralExpr(LiteralKind.Boolean, word.ToLowerInvariant());
            case "cast" when _token.IsSymbol("("): return Cast();
            case "extract" when _token.IsSymbol("("): return Extract();
            case "case": return Case();
            case "interval" when _token.Kind == SqlTokenKind.String: return Interval();
            case "exists" when _token.IsSymbol("("):
                throw new SqlSyntaxException($"a sub-query at position {token.Position} is not supported in a network query");
            case "timestamp" or "date" or "time" when _token.Kind == SqlTokenKind.String:
                var literal = _token.Text;
                Advance();
                return LiteralExpr.String(literal);
        }
        if (Reserved.Contains(word)) throw new SqlSyntaxException($"unexpected '{word}' at position {token.Position}: expected an expression");
        if (_token.IsSymbol("(")) return Function(word);
        if (AcceptSymbol("."))
        {
            if (AcceptSymbol("*")) return new StarExpr(word);
            var column = _token;
            if (column.Kind is not (SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier)) throw Unexpected("a column name after '.'");
            Advance();
            return Column(column.Text, column.Kind == SqlTokenKind.QuotedIdentifier, word);
        }
        return Column(word, quoted: false);
    }

    private static ColumnExpr Column(string name, bool quoted, string? qualifier = null) => new(name, qualifier, quoted);

    private FunctionExpr Function(string name)
    {
        ExpectSymbol("(");
        if (AcceptSymbol(")")) return new FunctionExpr(name, []);
        if (_token.IsSymbol("*"))
        {
            Advance();
            ExpectSymbol(")");
            return new FunctionExpr(name, [], Star: true);
        }
        var distinct = AcceptKeyword("distinct");
        if (!distinct) AcceptKeyword("all");
        var arguments = new List<SqlExpr>();
        do
        {
            // period(unit, n, date, column, and <filter>): the filter may start with 'and'
            if (arguments.Count > 0 && (_token.IsKeyword("and") || _token.IsKeyword("or")) &&
                name.Equals("period", StringComparison.OrdinalIgnoreCase)) Advance();
            arguments.Add(Expression());
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        return new FunctionExpr(name, arguments, distinct);
    }

    private CastExpr Cast()
    {
        ExpectSymbol("(");
        var operand = Expression();
        ExpectKeyword("as");
        var start = _token.Position;
        if (_token.Kind != SqlTokenKind.Identifier) throw Unexpected("a type name");
        while (!_token.IsSymbol(")") && _token.Kind != SqlTokenKind.End)
        {
            if (_token.IsSymbol("("))
            {
                _lexer.ReadRawUntilClose(_token.Position + 1);
                _lastEnd = _lexer.Position;
                _token = _lexer.Next();
                continue;
            }
            Advance();
        }
        var type = _lexer.Text[start.._lastEnd].Trim();
        ExpectSymbol(")");
        var open = type.IndexOf('(', StringComparison.Ordinal);
        return open < 0
            ? new CastExpr(operand, type)
            : new CastExpr(operand, type[..open].TrimEnd(), type[(open + 1)..^1].Trim());
    }

    private ExtractExpr Extract()
    {
        ExpectSymbol("(");
        var field = _token.Kind is SqlTokenKind.Identifier or SqlTokenKind.String ? _token.Text : throw Unexpected("a time field");
        Advance();
        ExpectKeyword("from");
        var operand = Expression();
        ExpectSymbol(")");
        return new ExtractExpr(field.ToLowerInvariant(), operand);
    }

    private CaseExpr Case()
    {
        SqlExpr? operand = _token.IsKeyword("when") ? null : Expression();
        var branches = new List<(SqlExpr, SqlExpr)>();
        while (AcceptKeyword("when"))
        {
            var when = Expression();
            ExpectKeyword("then");
            branches.Add((when, Expression()));
        }
        if (branches.Count == 0) throw Unexpected("'when'");
        var otherwise = AcceptKeyword("else") ? Expression() : null;
        ExpectKeyword("end");
        return new CaseExpr(operand, branches, otherwise);
    }

    private IntervalExpr Interval()
    {
        var token = _token;
        Advance();
        var parts = token.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) &&
            TimeUnits.TryParse(parts[1], out var unit))
            return new IntervalExpr(amount, unit);
        throw new SqlSyntaxException($"interval '{token.Text}' at position {token.Position}: expected '<number> <unit>', e.g. '3 days'");
    }

    // ---- token helpers -------------------------------------------------------------------------------------------------

    private void Advance()
    {
        _lastEnd = _token.End;
        _token = _lexer.Next();
    }

    private bool AcceptKeyword(string word)
    {
        if (!_token.IsKeyword(word)) return false;
        Advance();
        return true;
    }

    private void ExpectKeyword(string word)
    {
        if (!AcceptKeyword(word)) throw Unexpected($"'{word}'");
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!_token.IsSymbol(symbol)) return false;
        Advance();
        return true;
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Unexpected($"'{symbol}'");
    }

    private SqlSyntaxException Unexpected(string expected) =>
        new($"expected {expected} at position {_token.Position}, found {_token}");
}
