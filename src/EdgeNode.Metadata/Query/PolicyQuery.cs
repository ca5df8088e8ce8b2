using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Ledger;

namespace EdgeNode.Metadata.Query;

/// <summary>
/// <c>&lt;type | (t1, t2) | *&gt; [where ...] [bring... ...]</c>, the arguments of <c>blockchain get</c>,
/// <c>blockchain read</c> and <c>blockchain wait</c>. Selection uses the type index, and an attribute index when
/// the condition requires <c>attr = value</c>.
/// </summary>
internal sealed class PolicyQuery
{
    private PolicyQuery(IReadOnlyList<string> types, Condition? where, BringSpec? bring)
    {
        Types = types;
        Where = where;
        Bring = bring;
    }

    public IReadOnlyList<string> Types { get; }

    public Condition? Where { get; }

    public BringSpec? Bring { get; }

    public bool AllTypes => Types.Contains("*");

    public static PolicyQuery Parse(IReadOnlyList<Token> tokens, int start, string command)
    {
        if (start >= tokens.Count || tokens[start].IsWord("where") || BringSpec.IsBringWord(tokens[start]))
        {
            var at = start < tokens.Count ? tokens[start].Position : tokens.Count > 0 ? tokens[^1].Position : 0;
            throw new CommandSyntaxException(
                $"'{command}' needs a policy type at position {at}: a type, '(type1, type2)' or '*'", at);
        }
        var typeToken = tokens[start];
        IReadOnlyList<string> types = typeToken.Kind == TokenKind.Parens ? ValueParsers.SplitList(typeToken.Text) : [typeToken.Text];
        if (types.Count == 0) throw new CommandSyntaxException($"empty policy type list at position {typeToken.Position}", typeToken.Position);
        var i = start + 1;
        var bringAt = -1;
        for (var k = i; k < tokens.Count; k++)
        {
            if (!BringSpec.IsBringWord(tokens[k])) continue;
            bringAt = k;
            break;
        }
        var whereEnd = bringAt < 0 ? tokens.Count : bringAt;
        Condition? where = null;
        if (i < whereEnd)
        {
            if (!tokens[i].IsWord("where"))
                throw new CommandSyntaxException(
                    $"unexpected '{tokens[i].Text}' at position {tokens[i].Position}: expected 'where' or 'bring' after the policy type",
                    tokens[i].Position);
            if (i + 1 >= whereEnd)
                throw new CommandSyntaxException($"'where' at position {tokens[i].Position} is not followed by a condition", tokens[i].Position);
            where = ConditionParser.Parse(tokens, i + 1, whereEnd);
        }
        var bring = bringAt >= 0 ? BringSpec.Parse(tokens, bringAt, tokens.Count) : null;
        return new PolicyQuery(types, where, bring);
    }

    /// <summary>The matching policies in ledger order. Call under the ledger lock.</summary>
    public List<Policy> Select(LedgerState state)
    {
        IEnumerable<Policy> candidates;
        if (AllTypes) candidates = state.All;
        else if (Types.Count == 1)
            candidates = Where?.IndexHint is { } hint ? state.WithAttribute(Types[0], hint.Attribute, hint.Value) : state.OfType(Types[0]);
        else candidates = state.All.Where(p => Types.Contains(p.Type, StringComparer.Ordinal));
        return Where is null ? candidates.ToList() : candidates.Where(Where.Matches).ToList();
    }

    /// <summary>Filters a given list (policies from a variable or a file).</summary>
    public List<Policy> Filter(IEnumerable<Policy> policies) =>
        policies.Where(p => (AllTypes || Types.Contains(p.Type, StringComparer.Ordinal)) && (Where?.Matches(p) ?? true)).ToList();
}
