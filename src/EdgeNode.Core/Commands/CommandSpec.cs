using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Commands;

public delegate ValueTask<CommandResult> CommandHandler(CommandContext context);

/// <summary>
/// A command of the language: the words that select it, its documentation (summary, usage, examples), its where-clause
/// schema and its handler. Registered in the <see cref="CommandTable"/> by the module of the project that implements it.
/// </summary>
public sealed record CommandSpec(string Words, string Summary, CommandHandler Handler)
{
    private string[]? _wordList;

    public string[] WordList => _wordList ??= Words.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Usage line as <c>help</c> prints it; defaults to the words plus the where-clause keys.</summary>
    public string? Usage { get; init; }

    public string? Explanation { get; init; }

    /// <summary>Full command lines that parse; a test checks each one resolves to this spec and binds its where clause.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Schema of the where clause; null when the command takes none.</summary>
    public OptionSchema? Where { get; init; }

    /// <summary>Topics for <c>help index</c> (EdgeLake's "Index").</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    public HttpRule Http { get; init; } = HttpRule.Post;

    /// <summary>
    /// For a command that may read or write depending on the call (<c>sql</c>, <c>run client</c>): true when this call
    /// (the matched tokens, the command's words first) only reads. Null: read-only exactly when <see cref="Http"/> is GET.
    /// </summary>
    public Func<Node, IReadOnlyList<Token>, int, bool>? ReadsOnly { get; init; }

    /// <summary>The handler receives the arguments unsubstituted (conditions, <c>run client</c>, loops read <c>!x</c> themselves).</summary>
    public bool RawArguments { get; init; }

    /// <summary>Name of the module that registered it (shown in docs).</summary>
    public string Module { get; init; } = "";

    public string UsageText => Usage ?? (Where is null
        ? Words
        : Words + " where " + string.Join(" and ", Where.Options.Select(o => $"{o.Name} = [{o.Type.ToString().ToLowerInvariant()}]")));
}
