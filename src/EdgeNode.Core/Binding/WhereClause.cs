using System.Text;
using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Binding;

/// <summary>
/// The raw <c>key = value and key = value ...</c> pairs of a where clause, in order, keys lowercased.
/// A value runs until an <c>and</c> that is followed by <c>key =</c>; several words are joined by spaces and
/// <c>a + b</c> concatenates (SPEC §1).
/// </summary>
public sealed class WhereClause
{
    private readonly List<KeyValuePair<string, WhereValue>> _pairs;

    private WhereClause(List<KeyValuePair<string, WhereValue>> pairs) => _pairs = pairs;

    public IReadOnlyList<KeyValuePair<string, WhereValue>> Pairs => _pairs;

    public static readonly WhereClause Empty = new([]);

    public static WhereClause Parse(IReadOnlyList<Token> tokens, int start = 0)
    {
        var clause = new WhereClause(new List<KeyValuePair<string, WhereValue>>(8));
        clause.ParseInto(AsSpan(tokens), start);
        return clause;
    }

    /// <summary>The tokens as a span: parsing reads each token several times, an interface call each time through a list.</summary>
    private static ReadOnlySpan<Token> AsSpan(IReadOnlyList<Token> tokens) => tokens switch
    {
        Token[] array => array,
        List<Token> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        ArraySegment<Token> segment => segment,
        _ => tokens.ToArray(),
    };

    [ThreadStatic] private static WhereClause? _spare;

    /// <summary>
    /// Parses the clause at <paramref name="start"/> and binds it, without allocating the clause: the pairs only live
    /// until <see cref="OptionSchema.Bind"/> returns (the bound options keep the values, not the pairs), so they are
    /// collected in a clause the thread reuses. A bind nested in this one (a <c>( ... )</c> option) finds no spare and
    /// takes its own.
    /// </summary>
    internal static BoundOptions ParseAndBind(OptionSchema schema, ReadOnlySpan<Token> tokens, int start)
    {
        var clause = _spare ?? new WhereClause(new List<KeyValuePair<string, WhereValue>>(8));
        _spare = null;
        try
        {
            clause.ParseInto(tokens, start);
            return schema.Bind(clause);
        }
        finally
        {
            clause._pairs.Clear();
            if (clause._pairs.Capacity <= 64) _spare = clause; // a huge clause must not stay pinned to the thread
        }
    }

    private void ParseInto(ReadOnlySpan<Token> tokens, int start)
    {
        var pairs = _pairs;
        var i = start;
        while (i < tokens.Length)
        {
            var key = tokens[i];
            if (key.Kind == TokenKind.Operator)
                throw new CommandSyntaxException($"expected a key at position {key.Position}, found '{key.Text}'", key.Position);
            if (i + 1 >= tokens.Length || !tokens[i + 1].IsOperator("="))
                throw new CommandSyntaxException($"expected '=' after '{key.Text}' at position {key.Position}", key.Position);
            var valueStart = i + 2;
            var end = valueStart;
            while (end < tokens.Length && !IsNextPair(tokens, end)) end++;
            if (end == valueStart)
                throw new CommandSyntaxException($"missing value for '{key.Text}' at position {tokens[i + 1].Position}",
                    tokens[i + 1].Position);
            if (end == tokens.Length && end - valueStart > 1 && tokens[end - 1].IsWord("and"))
                throw new CommandSyntaxException($"expected 'key = value' after 'and' at position {tokens[end - 1].Position}",
                    tokens[end - 1].Position);
            var value = JoinValue(tokens, valueStart, end);
            pairs.Add(new(LowerKey(key.Text), value with { KeyOffset = WhereValue.OffsetOf(key.Position, value.Position) }));
            i = end < tokens.Length ? end + 1 : end; // skip the 'and'
        }
    }

    /// <summary>Parses the text inside a nested <c>( ... )</c> value.</summary>
    public static WhereClause ParseNested(WhereValue value)
    {
        var inner = Unwrap(value.Text);
        try
        {
            return Parse(Tokenizer.Tokenize(inner));
        }
        catch (CommandSyntaxException e)
        {
            throw new CommandSyntaxException(e.Message + $" (inside the value at position {value.Position})",
                value.Position + 1 + e.Position, e.Code);
        }
    }

    /// <summary>Removes one level of surrounding parens or brackets from a group value.</summary>
    public static string Unwrap(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && ((trimmed[0] == '(' && trimmed[^1] == ')') || (trimmed[0] == '[' && trimmed[^1] == ']')))
            return trimmed[1..^1];
        return trimmed;
    }

    private static string LowerKey(string key)
    {
        foreach (var c in key)
            if (char.IsUpper(c)) return key.ToLowerInvariant();
        return key;
    }

    private static bool IsNextPair(ReadOnlySpan<Token> tokens, int i) =>
        tokens[i].IsWord("and") && i + 2 < tokens.Length && tokens[i + 2].IsOperator("=")
        && tokens[i + 1].Kind != TokenKind.Operator;

    private static WhereValue JoinValue(ReadOnlySpan<Token> tokens, int start, int end)
    {
        if (end - start == 1)
        {
            var only = tokens[start];
            return new WhereValue(only.Text, only.IsQuoted, only.Position);
        }
        var builder = new StringBuilder();
        var concatenate = false;
        for (var i = start; i < end; i++)
        {
            var token = tokens[i];
            if (token.IsOperator("+")) { concatenate = true; continue; }
            if (builder.Length > 0 && !concatenate) builder.Append(' ');
            builder.Append(token.Text);
            concatenate = false;
        }
        return new WhereValue(builder.ToString(), false, tokens[start].Position);
    }
}
