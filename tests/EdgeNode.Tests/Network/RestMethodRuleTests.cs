using EdgeNode.Network.Rest;

namespace EdgeNode.Tests.Network;

public sealed class RestMethodRuleTests : IAsyncDisposable
{
    private readonly TestNode _node = new();

    private string? Check(string command, bool isGet) => RestMethodRule.Check(_node.Node.Commands, command, isGet);

    [Theory]
    [InlineData("get status")]
    [InlineData("get processes where format = json")]
    [InlineData("get rest calls")]
    [InlineData("help get status")]
    [InlineData("print hello")]
    [InlineData("wait 1")]
    [InlineData("get !x")]
    public void Read_commands_may_use_get(string command) => Assert.Null(Check(command, isGet: true));

    [Theory]
    [InlineData("set x = 1", "'set' changes the node: use POST")]
    [InlineData("x = 1", "'x = ...' assigns a variable: use POST")]
    [InlineData("run rest server 127.0.0.1 7849", "'run rest server' changes the node: use POST")]
    [InlineData("exit node", "'exit' changes the node: use POST")]
    [InlineData("get status & set x = 1", "'set' changes the node: use POST")]
    public void Changing_commands_need_post(string command, string reason) => Assert.Equal(reason, Check(command, isGet: true));

    [Theory]
    [InlineData("get status", "'get status' is a read-only command: use GET")]
    [InlineData("help", "'help' is a read-only command: use GET")]
    public void Read_only_commands_refuse_post(string command, string reason) => Assert.Equal(reason, Check(command, isGet: false));

    [Theory]
    [InlineData("set x = 1")]
    [InlineData("print x")]
    [InlineData("no such command")]
    [InlineData("get (unbalanced")]
    public void Post_carries_changing_commands_and_leaves_unknown_ones_to_the_dispatcher(string command) =>
        Assert.Null(Check(command, isGet: false));

    [Fact]
    public void Run_client_follows_the_rule_of_the_command_it_sends()
    {
        Assert.Null(Check("run client (10.0.0.1:32148) get status", isGet: true));
        Assert.Equal("'get status' is a read-only command: use GET", Check("run client () get status", isGet: false));
        Assert.Equal("'set' changes the node: use POST", Check("run client (10.0.0.1:32148, subset = true) set x = 1", isGet: true));
        Assert.Null(Check("run client () sql d \"select 1\"", isGet: false));
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
