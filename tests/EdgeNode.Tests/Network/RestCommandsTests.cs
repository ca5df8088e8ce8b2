using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Network;

public sealed class RestCommandsTests : IAsyncDisposable
{
    private readonly TestNode _node = new();

    public static TheoryData<string> Words => ["run rest server", "get rest server info", "get rest calls", "get rest pool"];

    [Theory]
    [MemberData(nameof(Words))]
    public void Every_rest_command_is_documented_and_its_examples_parse(string words)
    {
        var spec = _node.Node.Commands.Find(words);
        Assert.NotNull(spec);
        Assert.NotEmpty(spec.Summary);
        Assert.NotEmpty(spec.Examples);
        foreach (var example in spec.Examples)
        {
            var tokens = Tokenizer.Tokenize(example);
            Assert.True(_node.Node.Commands.TryMatch(tokens, 0, out var matched, out var count), example);
            Assert.Same(spec, matched);
            var where = tokens.FindIndex(t => t.IsWord("where"));
            if (where >= 0) (spec.Where ?? OptionSchema.Any()).Bind(WhereClause.Parse(tokens, where + 1), checkValues: false);
            Assert.True(count <= tokens.Count);
        }
    }

    [Theory]
    [InlineData("get rest calls")]
    [InlineData("get rest pool")]
    [InlineData("get rest server info")]
    public async Task Rest_information_without_a_server_says_it_is_not_running(string command)
    {
        var result = await _node.RunAsync(command);
        Assert.Equal(ErrorCode.ProcessNotRunning, result.Code);
        Assert.Contains("run rest server", result.Text, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
