using EdgeNode.Core.Binding;
using EdgeNode.Core.Scripts;

namespace EdgeNode.Core.Commands;

/// <summary>
/// Everything a command handler needs: the node, the parsed line, who sent it, and where to print. Built by the
/// dispatcher, which reuses a context for a later command under the same rule as the token array
/// (<see cref="TokenArrayPool"/>): once the handler completed with a successful result that has no
/// <see cref="CommandResult.Writer"/>. So a handler does not keep its context (or its tokens) beyond its own completion,
/// except in that writer: what outlives the handler (a process, a callback) takes the values it needs.
/// </summary>
public sealed class CommandContext
{
    internal CommandContext()
    {
    }

    public Node Node { get; private set; } = null!;
    public CommandSpec Spec { get; private set; } = null!;

    /// <summary>
    /// All tokens of the command, <c>!var</c> substituted unless the spec asks for raw arguments. Valid while the handler
    /// runs (and in the <see cref="CommandResult.Writer"/> of its result): the dispatcher reuses the array for a later
    /// line once the handler has returned, so whatever keeps tokens, <see cref="Arguments"/> or <see cref="Positional"/>
    /// beyond that (a process, a stored request, a callback) keeps a copy (see <see cref="TokenArrayPool"/>).
    /// </summary>
    public Token[] Tokens { get; private set; } = [];

    /// <summary>Index of the first token after the command words.</summary>
    public int ArgumentStart { get; private set; }

    public string Line { get; private set; } = "";
    public CommandSource Source { get; private set; }
    public ScriptFrame? Script { get; private set; }
    public IOutputSink Output { get; private set; } = NullOutputSink.Instance;
    public CancellationToken Cancellation { get; private set; }

    /// <summary>Trace level set with <c>trace level = N &lt;command&gt;</c> for this command.</summary>
    public int TraceLevel { get; private set; }

    /// <summary>Set when the command is the right side of an assignment (<c>x = cmd</c>, <c>x[] = cmd</c>, <c>x{} = cmd</c>).</summary>
    public AssignmentKind Assignment { get; private set; }

    /// <summary>Contexts kept for reuse: as many as commands usually run at the same moment.</summary>
    private static readonly CommandContext?[] Spares = new CommandContext?[8];

    /// <summary>A context for one command: a spare one when there is one.</summary>
    internal static CommandContext For(Node node, CommandSpec spec, Token[] tokens, int argumentStart, string line,
        CommandSource source, ScriptFrame? script, IOutputSink output, int traceLevel, AssignmentKind assignment,
        CancellationToken cancellation)
    {
        var context = PoolSlots.Take(Spares, 0, Spares.Length) ?? new CommandContext();
        context.Node = node;
        context.Spec = spec;
        context.Tokens = tokens;
        context.ArgumentStart = argumentStart;
        context.Line = line;
        context.Source = source;
        context.Script = script;
        context.Output = output;
        context.Cancellation = cancellation;
        context.TraceLevel = traceLevel;
        context.Assignment = assignment;
        return context;
    }

    /// <summary>
    /// Takes back a context whose handler is done (see the class summary). It forgets what it referenced, so that a
    /// reader that broke the rule fails on nulls rather than reading a later command, until the context is reused.
    /// </summary>
    internal static void Release(CommandContext context)
    {
        context.Node = null!;
        context.Spec = null!;
        context.Tokens = null!;
        context.Line = null!;
        context.Script = null;
        context.Output = null!;
        context.Cancellation = default;
        PoolSlots.Put(Spares, 0, Spares.Length, context);
    }

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
