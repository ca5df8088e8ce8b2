using System.Text;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Variables;

namespace EdgeNode.Metadata.Query;

/// <summary>
/// Parses the <c>where</c> part of <c>blockchain get</c>: <c>key = value and key = value</c>, and the expression form
/// <c>[attr] == x or ([a] &gt; 1 and not [b] = y)</c>: comparisons joined by <c>and</c> (binds tighter) and <c>or</c>,
/// parenthesised groups, <c>not</c>. A value is one token, <c>(a, b)</c> for any of several, or several unquoted
/// words up to the next <c>and</c>/<c>or</c>.
/// </summary>
internal static class ConditionParser
{
    private static readonly string[] WordOperators = ["contains", "startswith", "endswith"];

    /// <summary>Parses tokens [start, end). <paramref name="offset"/> shifts positions of tokens re-read from a group.</summary>
    public static Condition Parse(IReadOnlyList<Token> tokens, int start, int end, int offset = 0)
    {
        var i = start;
        var condition = ParseOr(tokens, ref i, end, offset);
        if (i < end)
            throw new CommandSyntaxException(
                $"unexpected '{tokens[i].Text}' at position {tokens[i].Position + offset} in the where condition", tokens[i].Position + offset);
        return condition;
    }

    private static Condition ParseOr(IReadOnlyList<Token> tokens, ref int i, int end, int offset)
    {
        var parts = new List<Condition> { ParseAnd(tokens, ref i, end, offset) };
        while (i < end && tokens[i].IsWord("or"))
        {
            i++;
            parts.Add(ParseAnd(tokens, ref i, end, offset));
        }
        return parts.Count == 1 ? parts[0] : new OrCondition(parts);
    }

    private static Condition ParseAnd(IReadOnlyList<Token> tokens, ref int i, int end, int offset)
    {
        var parts = new List<Condition> { ParseFactor(tokens, ref i, end, offset) };
        while (i < end && tokens[i].IsWord("and"))
        {
            i++;
            parts.Add(ParseFactor(tokens, ref i, end, offset));
        }
        return parts.Count == 1 ? parts[0] : new AndCondition(parts);
    }

    private static Condition ParseFactor(IReadOnlyList<Token> tokens, ref int i, int end, int offset)
    {
        if (i >= end)
        {
            var at = tokens.Count > 0 ? tokens[Math.Min(i, tokens.Count) - 1].Position + offset : offset;
            throw new CommandSyntaxException($"missing condition after position {at} in the where clause", at);
        }
        var token = tokens[i];
        if (token.IsWord("not"))
        {
            i++;
            return new NotCondition(ParseFactor(tokens, ref i, end, offset));
        }
        if (token.Kind == TokenKind.Parens)
        {
            i++;
            var inner = Tokenizer.Tokenize(token.Text[1..^1]);
            return Parse(inner, 0, inner.Count, offset + token.Position + 1);
        }
        return ParseComparison(tokens, ref i, end, offset);
    }

    private static Comparison ParseComparison(IReadOnlyList<Token> tokens, ref int i, int end, int offset)
    {
        var keyToken = tokens[i++];
        if (keyToken.Kind == TokenKind.Operator)
            throw new CommandSyntaxException($"expected a key at position {keyToken.Position + offset}, found '{keyToken.Text}'",
                keyToken.Position + offset);
        var key = PolicyPath.Parse(keyToken.Text, keyToken.Position + offset);
        if (i >= end || !IsOperator(tokens[i]))
            throw new CommandSyntaxException(
                $"expected '=' or a comparison after '{keyToken.Text}' at position {keyToken.Position + offset} in the where condition",
                keyToken.Position + offset);
        var op = tokens[i++].Text.ToLowerInvariant();
        if (i >= end)
            throw new CommandSyntaxException($"missing value after '{keyToken.Text} {op}' at position {keyToken.Position + offset}",
                keyToken.Position + offset);
        var valueStart = i;
        while (i < end && !(i > valueStart && IsConnector(tokens, i, end))) i++;
        var values = Values(tokens, valueStart, i, op);
        return new Comparison(key, op, values);
    }

    private static List<string> Values(IReadOnlyList<Token> tokens, int start, int end, string op)
    {
        if (end - start == 1)
        {
            var only = tokens[start];
            if (only.Kind == TokenKind.Parens && op is "=" or "==" or "!=") return ValueParsers.SplitList(only.Text);
            return [Literal(only)];
        }
        var builder = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(Literal(tokens[k]));
        }
        return [builder.ToString()];
    }

    private static string Literal(Token token)
    {
        // the dispatcher leaves an undeclared !var as written; comparing policies to it would silently match nothing
        if (token.Kind == TokenKind.Word && token.Text.Length > 1 && token.Text[0] is '!' or '$'
            && VariableReference.TryParse(token.Text, 0, out var reference) && reference.Length == token.Text.Length)
            throw new CommandSyntaxException($"variable '{token.Text}' at position {token.Position} is not declared", token.Position,
                ErrorCode.UndefinedVariable);
        return token.Kind == TokenKind.SingleQuoted && token.Text.Length >= 2 ? token.Text[1..^1] : token.Text;
    }

    /// <summary>An <c>and</c>/<c>or</c> that starts another condition (followed by a key and an operator, a group or <c>not</c>).</summary>
    private static bool IsConnector(IReadOnlyList<Token> tokens, int i, int end)
    {
        if (!tokens[i].IsWord("and") && !tokens[i].IsWord("or")) return false;
        if (i + 1 >= end) return true; // a trailing and/or: the condition after it is missing
        var next = tokens[i + 1];
        if (next.Kind == TokenKind.Parens || next.IsWord("not")) return true;
        return i + 2 < end && IsOperator(tokens[i + 2]);
    }

    private static bool IsOperator(Token token) =>
        (token.Kind == TokenKind.Operator && token.Text is "=" or "==" or "!=" or "<" or "<=" or ">" or ">=")
        || WordOperators.Any(token.IsWord);
}
