using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Security;

/// <summary>
/// The commands one kind of caller (REST callers, remote peers) may run: <c>all</c> (the default), <c>readonly</c> (the
/// commands that only read: those REST carries by GET, <c>sql</c> with a SELECT, <c>run client</c> sending such a
/// command), and command words (<c>blockchain get</c>, <c>event</c>, <c>data</c> for REST ingest), combined with commas.
/// </summary>
public sealed class AccessRule
{
    public const string DataEntry = "data";

    private readonly string[][] _prefixes;

    private AccessRule(string text, bool all, bool readOnly, string[][] prefixes)
    {
        Text = text;
        AllowsAll = all;
        ReadOnly = readOnly;
        _prefixes = prefixes;
    }

    public static AccessRule All { get; } = new("all", true, false, []);

    /// <summary>As given, normalized: <c>all</c>, <c>readonly</c>, <c>readonly, event</c>, ...</summary>
    public string Text { get; }

    public bool AllowsAll { get; }

    public bool ReadOnly { get; }

    /// <summary>True when REST PUT and <c>command: data</c> may bring rows in (everything allowed, or <c>data</c> listed).</summary>
    public bool AllowsData => AllowsAll || _prefixes.Any(p => p is [DataEntry]);

    /// <summary>Parses <c>all</c>, <c>readonly</c> or a comma-separated list; throws <see cref="CommandSyntaxException"/> for an empty one.</summary>
    public static AccessRule Parse(string text)
    {
        var entries = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => string.Join(' ', e.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Distinct().ToList();
        if (entries.Count == 0) throw new CommandSyntaxException("allow: expected 'all', 'readonly' or command words separated by commas", 0, ErrorCode.WrongOptionType);
        if (entries.Contains("all")) return All;
        var readOnly = entries.Remove("readonly");
        return new AccessRule(string.Join(", ", readOnly ? ["readonly", .. entries] : entries), false, readOnly,
            [.. entries.Select(e => e.Split(' '))]);
    }

    /// <summary>True when the rule lets the command of <paramref name="spec"/> (matched in <paramref name="tokens"/>) run.</summary>
    public bool Allows(Node node, CommandSpec spec, IReadOnlyList<Token> tokens, int words)
    {
        if (AllowsAll) return true;
        if (ReadOnly && ReadOnlyCommands.IsReadOnly(node, spec, tokens, words)) return true;
        foreach (var prefix in _prefixes)
            if (prefix.Length <= spec.WordList.Length && prefix.Select((w, i) => spec.WordList[i].Equals(w, StringComparison.OrdinalIgnoreCase)).All(b => b))
                return true;
        return false;
    }
}
