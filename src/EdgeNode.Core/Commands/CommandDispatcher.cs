using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeNode.Core.Limits;
using EdgeNode.Core.Scripts;
using EdgeNode.Core.Variables;

namespace EdgeNode.Core.Commands;

/// <summary>
/// Tokenizes a line, splits it on <c>&amp;</c>, and runs each command: assignments (<c>x = ...</c>), variable printing
/// (<c>!x</c>, <c>!a + !b</c>) and table commands found by longest word prefix. Errors become results with a code and
/// a position; no exception escapes to the caller except cancellation of the caller's own token.
/// </summary>
public sealed class CommandDispatcher(Node node) : ICommandDispatcher
{
    public Task<CommandResult> ExecuteAsync(string line, CommandSource source, CancellationToken cancellation = default) =>
        ExecuteAsync(line, source, null, null, cancellation);

    public Task<CommandResult> ExecuteAsync(string line, CommandSource source, IOutputSink? output,
        ScriptFrame? script = null, CancellationToken cancellation = default) =>
        AsTask(ExecuteLineAsync(line, source, output, script, cancellation));

    private static readonly Task<CommandResult> EmptyDone = Task.FromResult(CommandResult.Empty);

    /// <summary>A command that finished at once and printed nothing (<c>set</c>, assignments, ...) costs no task of its own.</summary>
    private static Task<CommandResult> AsTask(ValueTask<CommandResult> pending)
    {
        if (!pending.IsCompletedSuccessfully) return pending.AsTask();
        var result = pending.Result;
        return ReferenceEquals(result, CommandResult.Empty) ? EmptyDone : Task.FromResult(result);
    }

    private async ValueTask<CommandResult> ExecuteLineAsync(string line, CommandSource source, IOutputSink? output,
        ScriptFrame? script, CancellationToken cancellation)
    {
        if (line.Length > Limits.InputLimits.CommandChars)
            return Fail(line, source, CommandResult.Error(ErrorCode.MessageTooLarge,
                $"the command is {line.Length:N0} characters long; a command takes at most {Limits.InputLimits.CommandChars:N0}"));
        Token[] tokens;
        try
        {
            tokens = Tokenizer.TokenizeToArray(UnwrapBlock(line));
        }
        catch (CommandSyntaxException e)
        {
            return Fail(line, source, CommandResult.Error(e.Code, e.Message, e.Position));
        }
        if (tokens.Length == 0) return CommandResult.Empty;
        if (Array.FindIndex(tokens, t => t.IsOperator("&")) < 0)
        {
            var result = await RunTokensAsync(tokens, line, source, output, script, AssignmentKind.None, cancellation);
            // the handler is done with its tokens unless it failed (it may have left work running) or a writer still runs
            if (!result.IsError && result.Writer is null) TokenArrayPool.Return(tokens);
            return result;
        }

        var commands = Tokenizer.SplitCommands(tokens); // copies: each command runs its own array
        TokenArrayPool.Return(tokens);
        var outputs = new StringBuilder();
        CommandResult last = CommandResult.Empty;
        foreach (var command in commands)
        {
            if (command.Count == 0) continue;
            last = await RunTokensAsync(command.ToArray(), line, source, output, script, AssignmentKind.None, cancellation);
            if (outputs.Length > 0 && last.Display.Length > 0) outputs.Append('\n');
            outputs.Append(last.Display);
            if (last.IsError) return last;
        }
        return CommandResult.Ok(outputs.ToString());
    }

    /// <summary>A <c>&lt;...&gt;</c> block (a multi-line command joined on one line) runs without its angle brackets.</summary>
    public static string UnwrapBlock(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.Length >= 2 && trimmed[0] == '<' && trimmed[^1] == '>' ? trimmed[1..^1].ToString() : line;
    }

    public Task<CommandResult> ExecuteTokensAsync(Token[] tokens, string line, CommandSource source, IOutputSink? output,
        ScriptFrame? script, CancellationToken cancellation, AssignmentKind assignment = AssignmentKind.None) =>
        AsTask(RunTokensAsync(tokens, line, source, output, script, assignment, cancellation));

    /// <summary>The body of <see cref="ExecuteTokensAsync"/> as a ValueTask: a command that completes synchronously costs no task.</summary>
    private async ValueTask<CommandResult> RunTokensAsync(Token[] tokens, string line, CommandSource source, IOutputSink? output,
        ScriptFrame? script, AssignmentKind assignment, CancellationToken cancellation)
    {
        output ??= NullOutputSink.Instance;
        try
        {
            if (tokens.Length == 0) return CommandResult.Empty;
            if (tokens.Length >= 2 && tokens[1].IsOperator("="))
            {
                if (source is CommandSource.Rest or CommandSource.Peer && node.Access.CheckAssignment(source) is { } forbidden)
                    return Fail(line, source, CommandResult.Error(ErrorCode.UnauthorizedCommand, forbidden));
                return await AssignAsync(tokens, line, source, output, script, cancellation);
            }
            if (IsValueExpression(tokens)) return CommandResult.Ok(EvaluateValue(tokens, 0));

            if (!node.Commands.TryMatch(tokens, 0, out var spec, out var words))
            {
                var substituted = Substitute(tokens);
                if (!node.Commands.TryMatch(substituted, 0, out spec, out words))
                    return Fail(line, source, UnknownCommand(tokens));
                tokens = substituted;
            }
            else if (!spec.RawArguments)
            {
                tokens = Substitute(tokens);
            }
            if (source is CommandSource.Rest or CommandSource.Peer && node.Access.Check(node, source, spec, tokens, words) is { } refused)
                return Fail(line, source, CommandResult.Error(ErrorCode.UnauthorizedCommand, refused));
            var context = CommandContext.For(node, spec, tokens, words, line, source, script, output,
                node.Trace.LevelFor(spec.Words), assignment, cancellation);
            if (context.TraceLevel > 0) node.Log.Event($"[{source}] {Excerpt.Of(line)}");
            var started = context.TraceLevel > 1 ? Stopwatch.GetTimestamp() : 0;
            CommandResult result;
            try
            {
                result = await spec.Handler(context);
            }
            catch (CommandSyntaxException e)
            {
                result = CommandResult.Error(e.Code, e.Message, e.Position);
            }
            if (context.TraceLevel > 1) TraceOutcome(line, source, result, Stopwatch.GetElapsedTime(started));
            if (result.IsError) return Fail(line, source, result);
            if (result.Writer is null) CommandContext.Release(context); // the handler is done with it: see CommandContext
            return result;
        }
        catch (CommandSyntaxException e)
        {
            return Fail(line, source, CommandResult.Error(e.Code, e.Message, e.Position));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            var cancelled = CommandResult.Error(ErrorCode.Cancelled, "cancelled by the caller");
            return node.ShutdownToken.IsCancellationRequested ? cancelled : Fail(line, source, cancelled); // stopping is no error
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            node.Log.Error($"Command failed: [{Excerpt.Of(line)}] {e}");
            return Fail(line, source, CommandResult.Error(ErrorCode.ProcessFailure, e.Message));
        }
    }

    /// <summary>Trace level 2 and up: the outcome and duration of each call, for <c>get event log</c>.</summary>
    private void TraceOutcome(string line, CommandSource source, CommandResult result, TimeSpan elapsed)
    {
        var outcome = result.IsError ? result.ErrorLine : $"ok, {result.Text.Length} chars";
        node.Log.Event(string.Create(CultureInfo.InvariantCulture, $"[{source}] {Excerpt.Of(line)} -> {outcome} in {elapsed.TotalMilliseconds:0.###} ms"));
    }

    private Token[] Substitute(Token[] tokens)
    {
        Token[]? copy = null;
        for (var i = 0; i < tokens.Length; i++)
        {
            var substituted = node.Variables.Substitute(tokens[i], here: true); // the command runs on this node
            if (ReferenceEquals(substituted.Text, tokens[i].Text)) continue;
            copy ??= (Token[])tokens.Clone();
            copy[i] = substituted;
        }
        return copy ?? tokens;
    }

    private CommandResult UnknownCommand(Token[] tokens)
    {
        var first = tokens[0];
        var candidates = node.Commands.StartingWith(first.Text).Take(8).Select(s => s.Words).ToList();
        var hint = candidates.Count > 0 ? $"; commands starting with '{Excerpt.Of(first.Text)}': {string.Join(", ", candidates)}" : "";
        return CommandResult.Error(ErrorCode.CommandStructure,
            $"unknown command '{Excerpt.Of(string.Join(' ', tokens.Take(3).Select(t => t.Text)))}' at position {first.Position}{hint}",
            first.Position);
    }

    /// <summary>
    /// <c>key = value</c>: a quoted value is a literal; otherwise the right side runs as a command when it is one, and is
    /// stored as text when it is not a complete command (EdgeLake fails on <c>x = test</c>; we store "test"); a command
    /// that fails leaves the key unset. <c>key = ""</c> deletes. <c>key[] =</c> and <c>key{} =</c> collect replies as a JSON list / object.
    /// </summary>
    private async Task<CommandResult> AssignAsync(Token[] tokens, string line, CommandSource source, IOutputSink output,
        ScriptFrame? script, CancellationToken cancellation)
    {
        var key = tokens[0].Text;
        var collect = key.EndsWith("[]", StringComparison.Ordinal) ? "[]" : key.EndsWith("{}", StringComparison.Ordinal) ? "{}" : null;
        if (collect is not null) key = key[..^2];
        if (key.Length == 0 || tokens[0].Kind is not (TokenKind.Word or TokenKind.Quoted))
            return CommandResult.Error(ErrorCode.CommandStructure, $"invalid variable name '{tokens[0].Text}'", tokens[0].Position);
        var rest = tokens[2..];
        if (collect is null && KeyedAssignment.TryParse(key, out var variable, out var keys))
            return await AssignKeyAsync(variable, keys, rest, line, source, output, script, cancellation);
        if (rest.Length == 0 || (rest.Length == 1 && rest[0].Kind == TokenKind.Quoted && rest[0].Text.Length == 0))
        {
            node.Dictionary.Remove(key);
            return CommandResult.Empty;
        }
        string value;
        if (rest.Length == 1 && rest[0].IsQuoted)
        {
            value = rest[0].Kind == TokenKind.Quoted ? rest[0].Text : rest[0].Text;
        }
        else if (!IsValueExpression(rest) && node.Commands.TryMatch(rest, 0, out _, out _))
        {
            var assignment = new AssignmentTarget(key, collect);
            var kind = collect switch { "[]" => AssignmentKind.List, "{}" => AssignmentKind.Object, _ => AssignmentKind.Value };
            var result = await RunTokensAsync(rest, line, source, output, script, kind, cancellation);
            if (result.IsError && !IsStructureError(result.Code))
            {
                // as in EdgeLake, a command that fails leaves the key unset ('loc_info = rest get ...' without network)
                node.Dictionary.Remove(key);
                return result;
            }
            if (!result.IsError)
            {
                var stored = result.Value ?? result.Text.TrimEnd('\n', '\r');
                // a command that returns nothing leaves the key undeclared, as EdgeLake's dictionary does
                if (stored.Length == 0 && collect is null) node.Dictionary.Remove(assignment.Key);
                else node.Dictionary.Set(assignment.Key, assignment.Shape(stored));
                return CommandResult.Empty;
            }
            value = EvaluateValue(rest, 0);
        }
        else
        {
            value = EvaluateValue(rest, 0);
        }
        node.Dictionary.Set(key, collect is null ? value : new AssignmentTarget(key, collect).Shape(value));
        return CommandResult.Empty;
    }

    /// <summary><c>x[key] = value</c>: the value (a command's output, a typed <c>!v.float</c>, or text) set inside the JSON of <c>x</c>.</summary>
    private async Task<CommandResult> AssignKeyAsync(string variable, List<string> keys, Token[] rest, string line, CommandSource source,
        IOutputSink output, ScriptFrame? script, CancellationToken cancellation)
    {
        if (rest.Length == 0) return CommandResult.Error(ErrorCode.CommandStructure, $"missing value for '{variable}[{string.Join("][", keys)}]'");
        var type = Variables.ValueType.None;
        string value;
        if (rest.Length == 1 && rest[0].Kind == TokenKind.Word && VariableReference.TryParse(rest[0].Text, 0, out var reference)
            && reference.Length == rest[0].Text.Length)
        {
            type = reference.Type;
            value = node.Variables.Lookup(reference) ?? "";
        }
        else if (rest.Length == 1 && rest[0].IsQuoted)
        {
            value = rest[0].Text;
        }
        else if (!IsValueExpression(rest) && node.Commands.TryMatch(rest, 0, out _, out _))
        {
            var result = await RunTokensAsync(rest, line, source, output, script, AssignmentKind.Value, cancellation);
            if (result.IsError) return result;
            value = (result.Value ?? result.Text).TrimEnd('\n', '\r');
        }
        else
        {
            value = EvaluateValue(rest, 0);
        }
        node.Dictionary.Set(variable, KeyedAssignment.Set(node.Dictionary.Get(variable), keys, value, type));
        return CommandResult.Empty;
    }

    private static bool IsStructureError(ErrorCode code) =>
        code is ErrorCode.CommandStructure or ErrorCode.UnknownCommand or ErrorCode.WrongOption or ErrorCode.MissingOption;

    /// <summary>True for <c>!x</c>, <c>$X</c> or <c>a + b + ...</c> where some operand is a reference.</summary>
    private static bool IsValueExpression(Token[] tokens)
    {
        var hasReference = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (i % 2 == 1)
            {
                if (!token.IsOperator("+")) return false;
                continue;
            }
            if (token.Kind == TokenKind.Operator) return false;
            if (token.Kind == TokenKind.Word && token.Text.Length > 1 && token.Text[0] is '!' or '$') hasReference = true;
        }
        return hasReference && tokens.Length % 2 == 1;
    }

    /// <summary>Joins tokens as a value: <c>a + b</c> concatenates, other words are separated by one space.</summary>
    private string EvaluateValue(Token[] tokens, int start)
    {
        var builder = new StringBuilder();
        var concatenate = false;
        for (var i = start; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.IsOperator("+")) { concatenate = true; continue; }
            if (builder.Length > 0 && !concatenate) builder.Append(' ');
            builder.Append(node.Variables.Substitute(token).Text);
            concatenate = false;
        }
        return builder.ToString();
    }

    private CommandResult Fail(string line, CommandSource source, CommandResult result)
    {
        node.Log.Error($"Error executing: [{Excerpt.Of(line)}] ({source}) {result.ErrorLine}");
        return result;
    }

    /// <summary>Shapes a value stored by <c>key[] =</c> (JSON list) or <c>key{} =</c> (JSON object keyed by source).</summary>
    private readonly record struct AssignmentTarget(string Key, string? Collect)
    {
        public string Shape(string value) => Collect switch
        {
            "[]" => value.TrimStart().StartsWith('[') ? value : System.Text.Json.JsonSerializer.Serialize([value], Output.NodeJsonContext.Default.StringArray),
            "{}" => value.TrimStart().StartsWith('{') ? value : System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["local"] = value }, Output.NodeJsonContext.Default.DictionaryStringString),
            _ => value,
        };
    }
}
