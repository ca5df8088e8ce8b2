using EdgeNode.Core.Commands;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Parses the condition of <c>set streaming condition ... if &lt;condition&gt; then ...</c>: comparisons
/// (<c>== != &lt; &lt;= &gt; &gt;= contains startswith endswith</c>) of columns <c>[name]</c>, variables and literals, joined by
/// <c>and</c>/<c>or</c>, negated by <c>not</c>, grouped in parentheses (at most <see cref="MaxDepth"/> deep). Columns are
/// numbered in <paramref name="columns"/>, shared by the table's conditions so a row is read once for all of them.
/// </summary>
internal sealed class ConditionParser(List<string> columns)
{
    public const int MaxDepth = 8;

    public ConditionNode Parse(IReadOnlyList<Token> tokens, int depth = 0)
    {
        if (depth > MaxDepth) throw new CommandSyntaxException($"condition nested deeper than {MaxDepth} parentheses", -1);
        if (tokens.Count == 0) throw new CommandSyntaxException("empty condition", -1);
        var position = 0;
        var node = ParseOr(tokens, ref position, depth);
        if (position != tokens.Count)
            throw new CommandSyntaxException($"unexpected '{tokens[position].Text}' in condition at position {tokens[position].Position}",
                tokens[position].Position);
        return node;
    }

    private ConditionNode ParseOr(IReadOnlyList<Token> tokens, ref int i, int depth)
    {
        var node = ParseAnd(tokens, ref i, depth);
        while (i < tokens.Count && tokens[i].IsWord("or"))
        {
            i++;
            node = new ConditionNode.Or(node, ParseAnd(tokens, ref i, depth));
        }
        return node;
    }

    private ConditionNode ParseAnd(IReadOnlyList<Token> tokens, ref int i, int depth)
    {
        var node = ParseUnary(tokens, ref i, depth);
        while (i < tokens.Count && tokens[i].IsWord("and"))
        {
            i++;
            node = new ConditionNode.And(node, ParseUnary(tokens, ref i, depth));
        }
        return node;
    }

    private ConditionNode ParseUnary(IReadOnlyList<Token> tokens, ref int i, int depth)
    {
        if (i >= tokens.Count) throw new CommandSyntaxException("condition ends too early", tokens[^1].Position);
        if (tokens[i].IsWord("not"))
        {
            i++;
            return new ConditionNode.Not(ParseUnary(tokens, ref i, depth));
        }
        if (tokens[i].Kind == TokenKind.Parens)
        {
            var inner = tokens[i++];
            return Parse(Tokenizer.Tokenize(inner.Text[1..^1]), depth + 1);
        }
        var left = Operand(tokens[i++]);
        var op = i < tokens.Count ? Comparator(tokens[i]) : CompareOperator.Truthy;
        if (op == CompareOperator.Truthy) return new ConditionNode.Compare(left, op, default);
        if (++i >= tokens.Count) throw new CommandSyntaxException($"missing value after '{tokens[i - 1].Text}'", tokens[i - 1].Position);
        return new ConditionNode.Compare(left, op, Operand(tokens[i++]));
    }

    /// <summary>The comparison a token names; <see cref="CompareOperator.Truthy"/> when it names none.</summary>
    private static CompareOperator Comparator(Token token) => token.Kind switch
    {
        TokenKind.Operator => token.Text switch
        {
            "==" => CompareOperator.Equal,
            "!=" => CompareOperator.NotEqual,
            "<" => CompareOperator.Less,
            "<=" => CompareOperator.LessOrEqual,
            ">" => CompareOperator.Greater,
            ">=" => CompareOperator.GreaterOrEqual,
            _ => CompareOperator.Truthy,
        },
        TokenKind.Word when token.IsWord("contains") => CompareOperator.Contains,
        TokenKind.Word when token.IsWord("startswith") => CompareOperator.StartsWith,
        TokenKind.Word when token.IsWord("endswith") => CompareOperator.EndsWith,
        _ => CompareOperator.Truthy,
    };

    private ConditionOperand Operand(Token token)
    {
        var text = token.Text;
        if (!token.IsQuoted && text.Length > 2 && text[0] == '[' && text[^1] == ']')
        {
            var name = text[1..^1].Trim().Trim('"', '\'');
            var index = columns.FindIndex(c => c.Equals(name, StringComparison.Ordinal));
            if (index < 0)
            {
                index = columns.Count;
                columns.Add(name);
            }
            return ConditionOperand.ForColumn(name, index);
        }
        if (!token.IsQuoted && text.Length > 1 && text[0] is '!' or '$') return ConditionOperand.ForVariable(text);
        if (token.Kind == TokenKind.SingleQuoted && text.Length >= 2) text = text[1..^1];
        return ConditionOperand.ForLiteral(text);
    }
}
