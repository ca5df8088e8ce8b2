using EdgeNode.Core.Binding;
using EdgeNode.Core.Scripts;

namespace EdgeNode.Core.Commands;

/// <summary>Everything a command handler needs: the node, the parsed line, who sent it, and where to print.</summary>
public sealed class CommandContext
{
    public required Node Node { get; init; }
    public required CommandSpec Spec { get; init; }

    /// <summary>
    /// All tokens of the command, <c>!var</c> substituted unless the spec asks for raw arguments. Valid while the handler
    /// runs (and in the <see cref="CommandResult.Writer"/> of its result): the dispatcher reuses the array for a later
    /// line once the handler has returned, so whatever keeps tokens, <see cref="Arguments"/> or <see cref="Positional"/>
    /// beyond that (a process, a stored request, a callback) keeps a copy (see <see cref="TokenArrayPool"/>).
    /// </summary>
    public required Token[] Tokens { get; init; }

    /// <summary>Index of the first token after the command words.</summary>
    public required int ArgumentStart { get; init; }

    public required string Line { get; init; }
    public CommandSource Source { get; init; }
    public ScriptFrame? Script { get; init; }
    public IOutputSink Output { get; init; } = NullOutputSink.Instance;
    public CancellationToken Cancellation { get; init; }

    /// <summary>Trace level set with <c>trace level = N &lt;command&gt;</c> for this command.</summary>
    public int TraceLevel { get; init; }

    /// <summary>Set when the command is the right side of an assignment (<c>x = cmd</c>, <c>x[] = cmd</c>, <c>x{} = cmd</c>).</summary>
    public AssignmentKind Assignment { get; init; }

    public ArraySegment<Token> Arguments => new(Tokens, ArgumentStart, Tokens.Length - ArgumentStart);

    /// <summary>Index in <see cref="Arguments"/> of the <c>where</c> keyword, or -1.</summary>
    public int WhereIndex
    {
        get
        {
            for (var i = ArgumentStart; i < Tokens.Length; i++)
                if (Tokens[i].IsWord("where")) return i - ArgumentStart;
            return -1;
        }
    }

    /// <summary>Arguments before <c>where</c> (positional arguments).</summary>
    public ArraySegment<Token> Positional
    {
        get
        {
            var where = WhereIndex;
            return where < 0 ? Arguments : new ArraySegment<Token>(Tokens, ArgumentStart, where);
        }
    }

    /// <summary>Binds the where clause against the spec's schema. No where clause binds to defaults.</summary>
    public BoundOptions BindWhere(OptionSchema? schema = null)
    {
        schema ??= Spec.Where ?? OptionSchema.Any();
        var where = WhereIndex;
        if (where < 0)
        {
            try
            {
                return schema.Bind(WhereClause.Empty);
            }
            catch (CommandSyntaxException e) when (e.Position < 0 && Tokens.Length > 0)
            {
                var end = Tokens[^1].Position + Tokens[^1].SourceText.Length;
                throw new CommandSyntaxException($"{e.Message}: expected 'where ...' at position {end}", end, e.Code);
            }
        }
        if (ArgumentStart + where + 1 >= Tokens.Length)
            throw new CommandSyntaxException($"'where' at position {Tokens[ArgumentStart + where].Position} is not followed by options",
                Tokens[ArgumentStart + where].Position);
        return WhereClause.ParseAndBind(schema, Tokens, ArgumentStart + where + 1);
    }

    /// <summary>The argument tokens rebuilt as text (double quotes restored), e.g. to forward a command or store a value.</summary>
    public string ArgumentText(int from = 0) =>
        string.Join(' ', Arguments.Skip(from).Select(t => t.SourceText));

    /// <summary>Runs another command line with the same source, script and output (e.g. the command after <c>then</c>).</summary>
    public Task<CommandResult> RunAsync(string line) =>
        Node.Dispatcher.ExecuteAsync(line, Source, Output, Script, Cancellation);

    /// <summary>Runs the tokens from <paramref name="from"/> (an index into <see cref="Tokens"/>) as a command.</summary>
    public Task<CommandResult> RunTokensAsync(int from) =>
        Node.Dispatcher.ExecuteTokensAsync(Tokens[from..], Line, Source, Output, Script, Cancellation);
}
