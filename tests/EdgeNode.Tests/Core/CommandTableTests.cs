using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;

namespace EdgeNode.Tests.Core;

/// <summary>The command table of the real composition: every command is documented and its examples parse.</summary>
public sealed class CommandTableTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public void Every_command_has_a_summary_a_usage_and_an_example()
    {
        var missing = _node.Node.Commands.All
            .Where(s => string.IsNullOrWhiteSpace(s.Summary) || s.Examples.Count == 0 || string.IsNullOrWhiteSpace(s.UsageText))
            .Select(s => s.Words)
            .ToList();
        Assert.True(missing.Count == 0, "commands without summary or example: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_example_resolves_to_its_own_command_and_its_where_clause_binds()
    {
        var failures = new List<string>();
        foreach (var spec in _node.Node.Commands.All)
        {
            foreach (var example in spec.Examples)
            {
                try
                {
                    var tokens = Tokenizer.Tokenize(example);
                    var start = tokens.Count > 2 && tokens[1].IsOperator("=") ? 2 : 0; // "x = <command>"
                    if (!_node.Node.Commands.TryMatch(tokens, start, out var matched, out var words) || !ReferenceEquals(matched, spec))
                    {
                        failures.Add($"'{example}' resolves to '{(words > 0 ? matched.Words : "nothing")}', not '{spec.Words}'");
                        continue;
                    }
                    var where = tokens.FindIndex(start + words, t => t.IsWord("where"));
                    if (where >= 0 && spec.Where is { } schema)
                        schema.Bind(WhereClause.Parse(tokens, where + 1), checkValues: false);
                }
                catch (CommandSyntaxException e)
                {
                    failures.Add($"'{example}': {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Commands_reference_is_generated_from_the_table_and_up_to_date()
    {
        var root = RepositoryFiles.Root;
        var path = Path.Combine(root, "docs", "commands.md");
        var expected = CommandDocs.Markdown(_node.Node.Commands);
        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            "docs/commands.md is stale: run 'dotnet run --project src/EdgeNode -- --commands-doc > docs/commands.md'");
    }

    [Fact]
    public async Task Help_describes_a_command_and_lists_all()
    {
        var help = await _node.OkAsync("help get processes");
        Assert.StartsWith("Usage:\r\n\tget processes where format = [table/json]\r\n\r\nExplanation:\r\n\tList the background processes", help, StringComparison.Ordinal);
        Assert.Contains("Examples:\r\n\tget processes\r\n\tget processes where format = json\r\n", help, StringComparison.Ordinal);
        var all = await _node.OkAsync("help");
        Assert.Contains("get status [where format = json]", all, StringComparison.Ordinal);
        Assert.Contains("script", await _node.OkAsync("help index"), StringComparison.Ordinal);
        Assert.Contains("goto [label]", await _node.OkAsync("help index script"), StringComparison.Ordinal);
        Assert.Contains("get status", await _node.OkAsync("help get"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_longer_commands_as_related_but_never_the_command_itself()
    {
        Assert.EndsWith("\r\nRelated commands:\r\n\tget operator pool [where details = true]\r\n", await _node.OkAsync("help get operator"), StringComparison.Ordinal);
        // run rest server has two forms (positional and where) under one usage: nothing else is related
        Assert.DoesNotContain("Related commands", await _node.OkAsync("help run rest server"), StringComparison.Ordinal);
    }
}
