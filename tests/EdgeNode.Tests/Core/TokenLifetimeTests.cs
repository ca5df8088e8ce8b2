using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Core;

/// <summary>
/// The dispatcher reuses a finished line's token array for a later line of the same length (TokenArrayPool), and its
/// command context for a later command. These tests hold it to its rule: both go back only after a successful handler
/// whose result has no writer, so a streamed result, a failed command and the copies run by <c>then</c> keep their
/// words and context while later lines reuse arrays and contexts.
/// </summary>
public sealed class TokenLifetimeTests : IAsyncLifetime
{
    // lines of an unusual length, so that tests running in parallel do not take these arrays from the pool
    private const int Words = 57;

    private readonly TestNode _node = new();
    private readonly List<(string Text, Token[] Tokens)> _seen = [];
    private CommandContext? _failed;

    public ValueTask InitializeAsync()
    {
        _node.Node.AddCommand(new CommandSpec("probe keep", "Records its tokens.", context =>
        {
            lock (_seen) _seen.Add((Text(context.Tokens), context.Tokens));
            return ValueTask.FromResult(CommandResult.Empty);
        }));
        _node.Node.AddCommand(new CommandSpec("probe fail", "Records its tokens and fails.", context =>
        {
            lock (_seen) _seen.Add((Text(context.Tokens), context.Tokens));
            _failed = context;
            return ValueTask.FromResult(CommandResult.Error(ErrorCode.CommandStructure, "failed on purpose"));
        }));
        _node.Node.AddCommand(new CommandSpec("probe stream", "Prints its arguments from a writer, after the dispatcher returned.",
            context => ValueTask.FromResult(CommandResult.Streamed(OutputFormat.Text,
                (writer, _) => writer.WriteAsync(context.Line.EndsWith(Text(context.Tokens), StringComparison.Ordinal) ? Text(context.Tokens) : "context changed")))));
        _node.Node.AddCommand(new CommandSpec("probe check", "Fails unless its tokens still are its line's words after an await.",
            async context =>
            {
                await Task.Yield();
                var expected = context.Line.Split(' '); // a context or array shared with another line shows here
                var actual = context.Tokens.Select(t => t.Text).ToArray();
                return expected.SequenceEqual(actual)
                    ? CommandResult.Empty
                    : CommandResult.Error(ErrorCode.ProcessFailure, $"tokens changed under the handler: {string.Join(' ', actual)}");
            }));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    /// <summary>
    /// A line of <see cref="Words"/> tokens: the command words, <paramref name="tag"/>, then the same filler word (so that
    /// these lines add few words to the tokenizer's shared word cache).
    /// </summary>
    private static string Line(string command, string tag) => $"{command} {tag} {string.Join(' ', Enumerable.Repeat("w", Words - 3))}";

    private static string Text(Token[] tokens) => string.Join(' ', tokens.Select(t => t.Text));

    private static async Task<string> WriteAsync(CommandResult result)
    {
        Assert.NotNull(result.Writer);
        var text = new StringWriter();
        await result.Writer(text, TestContext.Current.CancellationToken);
        return text.ToString();
    }

    [Fact]
    public async Task A_finished_line_gives_its_token_array_to_the_next_line_of_the_same_length()
    {
        await _node.OkAsync(Line("probe keep", "a"));
        await _node.OkAsync(Line("probe keep", "b"));
        Assert.Same(_seen[0].Tokens, _seen[1].Tokens);
        Assert.Equal(Line("probe keep", "b"), _seen[1].Text);
        // back in the pool, cleared: a reader that broke the rule reads nothing rather than a later line's words
        Assert.All(_seen[1].Tokens, token => Assert.Null(token.Text));
    }

    [Fact]
    public async Task A_streamed_result_keeps_its_tokens_while_later_lines_reuse_arrays()
    {
        var streamed = await _node.RunAsync(Line("probe stream", "s"));
        for (var i = 0; i < 8; i++) await _node.OkAsync(Line("probe keep", $"k{i}"));
        Assert.Equal(Line("probe stream", "s"), await WriteAsync(streamed));
    }

    [Fact]
    public async Task A_streamed_result_run_after_then_keeps_its_tokens()
    {
        // 'if true then' adds three words: the streamed command itself is three words shorter
        var line = "if true then " + Line("probe stream", "t");
        var streamed = await _node.RunAsync(line);
        for (var i = 0; i < 8; i++)
        {
            await _node.OkAsync(Line("probe keep", $"k{i}"));
            await _node.OkAsync("if true then " + Line("probe keep", $"n{i}"));
        }
        Assert.Equal(Line("probe stream", "t"), await WriteAsync(streamed));
    }

    [Fact]
    public async Task The_slice_run_after_then_is_a_copy_that_outlives_the_line()
    {
        await _node.OkAsync("if true then " + Line("probe keep", "c"));
        var slice = _seen[0].Tokens;
        for (var i = 0; i < 8; i++)
        {
            await _node.OkAsync("if true then " + Line("probe keep", $"k{i}"));
            await _node.OkAsync(Line("probe keep", $"m{i}"));
        }
        Assert.Equal(Words, slice.Length);
        Assert.Equal(Line("probe keep", "c"), Text(slice));
        Assert.DoesNotContain(_seen.Skip(1), seen => ReferenceEquals(seen.Tokens, slice));
    }

    [Fact]
    public async Task A_failed_command_keeps_its_tokens_and_context()
    {
        Assert.True((await _node.RunAsync(Line("probe fail", "f"))).IsError);
        for (var i = 0; i < 8; i++) await _node.OkAsync(Line("probe keep", $"k{i}"));
        Assert.Equal(Line("probe fail", "f"), Text(_seen[0].Tokens));
        Assert.Equal(Line("probe fail", "f"), _failed!.Line);
        Assert.Same(_seen[0].Tokens, _failed.Tokens);
        Assert.DoesNotContain(_seen.Skip(1), seen => ReferenceEquals(seen.Tokens, _seen[0].Tokens));
    }

    [Fact]
    public async Task Lines_run_at_the_same_time_never_share_an_array()
    {
        var failures = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var errors = new List<string>();
            for (var i = 0; i < 250; i++)
            {
                var result = await _node.RunAsync(Line("probe check", $"w{worker}x{i % 4}"));
                if (result.IsError) errors.Add(result.ErrorLine);
            }
            return errors;
        }, TestContext.Current.CancellationToken)));
        Assert.Empty(failures.SelectMany(f => f));
    }

    [Fact]
    public async Task A_where_clause_that_fails_to_bind_leaves_nothing_for_the_next_bind()
    {
        var schema = new OptionSchema(new OptionSpec("a", OptionType.Int), new OptionSpec("b", OptionType.Str) { Default = "none" });
        _node.Node.AddCommand(new CommandSpec("probe bind", "Binds a and b.", context =>
        {
            var options = context.BindWhere();
            return ValueTask.FromResult(CommandResult.Ok($"{options.Int("a", -1)} {options.Str("b")}"));
        }) { Where = schema });
        Assert.True((await _node.RunAsync("probe bind where a = 1 and b = x and c = 3")).IsError);
        Assert.True((await _node.RunAsync("probe bind where b = y and a = notanumber")).IsError);
        Assert.Equal("-1 none", await _node.OkAsync("probe bind"));
        Assert.Equal("2 none", await _node.OkAsync("probe bind where a = 2"));
    }
}
