using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Metadata;

public sealed class MetadataCommandSpecTests
{
    [Fact]
    public async Task Every_metadata_command_has_a_summary_and_examples_that_resolve_to_it()
    {
        await using var node = new TestNode();
        var specs = node.Node.Commands.All.Where(s => s.Module == "Metadata").ToList();
        Assert.True(specs.Count >= 25, $"{specs.Count} metadata commands");
        foreach (var spec in specs)
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Summary), spec.Words);
            Assert.NotEmpty(spec.Examples);
            foreach (var example in spec.Examples)
            {
                var tokens = Tokenizer.Tokenize(example);
                var start = tokens.Count > 1 && tokens[1].IsOperator("=") ? 2 : 0;
                Assert.True(node.Node.Commands.TryMatch(tokens, start, out var found, out var words), example);
                Assert.Same(spec, found);
                var where = tokens.FindIndex(start + words, t => t.IsWord("where"));
                if (spec.Where is { } schema && where >= 0) schema.Bind(WhereClause.Parse(tokens, where + 1), checkValues: false);
            }
        }
    }

    [Fact]
    public async Task Read_only_commands_are_http_get()
    {
        await using var node = new TestNode();
        foreach (var words in new[] { "blockchain get", "blockchain read", "get data nodes", "get metadata version", "get config policies", "blockchain get id" })
            Assert.Equal(HttpRule.Get, node.Node.Commands.Find(words)!.Http);
        Assert.Equal(HttpRule.Post, node.Node.Commands.Find("blockchain insert")!.Http);
    }

    [Fact]
    public async Task Help_for_blockchain_insert_shows_edgelakes_usage()
    {
        await using var node = new TestNode();
        var help = await node.OkAsync("help blockchain insert");
        var reference = File.ReadAllText(ReferenceOutputs.File("help_blockchain_insert.txt"));
        // EdgeLake ends the blank line after the usage with a bare LF; the usage lines themselves match
        Assert.StartsWith(string.Join("\r\n", reference.Split("\r\n").Take(2)), help, StringComparison.Ordinal);
    }
}
