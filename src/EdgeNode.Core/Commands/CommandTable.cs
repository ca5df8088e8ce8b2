namespace EdgeNode.Core.Commands;

/// <summary>
/// All commands, looked up by the longest prefix of words (case-insensitive). A trie keeps lookup proportional to the
/// number of command words, not to the number of commands.
/// </summary>
public sealed class CommandTable
{
    private readonly Node _root = new();
    private readonly List<CommandSpec> _all = [];

    public IReadOnlyList<CommandSpec> All => _all;

    public void Add(CommandSpec spec)
    {
        var node = _root;
        foreach (var word in spec.WordList)
        {
            var key = word.ToLowerInvariant();
            if (!node.Children.TryGetValue(key, out var child)) node.Children[key] = child = new Node();
            node = child;
        }
        if (node.Spec is not null) throw new InvalidOperationException($"command '{spec.Words}' is registered twice");
        node.Spec = spec;
        _all.Add(spec);
    }

    /// <summary>Finds the command whose words are the longest prefix of <paramref name="tokens"/> from <paramref name="start"/>.</summary>
    public bool TryMatch(IReadOnlyList<Token> tokens, int start, out CommandSpec spec, out int wordCount)
    {
        spec = null!;
        wordCount = 0;
        var node = _root;
        for (var i = start; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind != TokenKind.Word || !node.Children.TryGetValue(token.Text, out var child)) break;
            node = child;
            if (node.Spec is not null)
            {
                spec = node.Spec;
                wordCount = i - start + 1;
            }
        }
        return wordCount > 0;
    }

    public CommandSpec? Find(string words)
    {
        var node = _root;
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (!node.Children.TryGetValue(word, out node!)) return null;
        return node.Spec;
    }

    /// <summary>Commands that start with the given words (for <c>help get</c> and unknown-command suggestions).</summary>
    public IEnumerable<CommandSpec> StartingWith(string words)
    {
        var prefix = words.Trim().ToLowerInvariant();
        return _all.Where(s => s.Words.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Words, StringComparer.Ordinal);
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.OrdinalIgnoreCase);
        public CommandSpec? Spec { get; set; }
    }
}
