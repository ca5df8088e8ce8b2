using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Security;

/// <summary>
/// Which commands only read: those AnyLog carries by GET alone (<see cref="HttpRule.Get"/>: <c>get ...</c>,
/// <c>blockchain get</c>, <c>help</c>, ...), and commands that may do either and say for each call
/// (<see cref="CommandSpec.ReadsOnly"/>: <c>sql</c> with a SELECT, <c>run client</c> sending a read-only command).
/// An assignment changes the node.
/// </summary>
public static class ReadOnlyCommands
{
    public static bool IsReadOnly(Node node, CommandSpec spec, IReadOnlyList<Token> tokens, int words) =>
        spec.ReadsOnly is { } reads ? reads(node, tokens, words) : spec.Http == HttpRule.Get;

    /// <summary>True when every command of the line <paramref name="tokens"/> only reads (unknown commands do not).</summary>
    public static bool IsReadOnly(Node node, IReadOnlyList<Token> tokens)
    {
        foreach (var part in Tokenizer.SplitCommands([.. tokens]))
        {
            if (part.Count == 0) continue;
            if (part.Count >= 2 && part[1].IsOperator("=")) return false;
            if (!node.Commands.TryMatch(part, 0, out var spec, out var words) || !IsReadOnly(node, spec, part, words)) return false;
        }
        return true;
    }

    /// <summary>True for one SQL statement that reads: it starts with SELECT and holds no second statement.</summary>
    public static bool IsQuery(string sql)
    {
        var text = sql.AsSpan().Trim().TrimEnd(';').TrimEnd();
        return text.StartsWith("select", StringComparison.OrdinalIgnoreCase) && text.Length > 6 && char.IsWhiteSpace(text[6])
               && !text.Contains(';');
    }
}
