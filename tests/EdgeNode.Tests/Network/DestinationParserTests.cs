using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Network.Tcp.Commands;

namespace EdgeNode.Tests.Network;

public sealed class DestinationParserTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private ClientDestination Parse(string text) => DestinationParser.Parse(text, _node.Node);

    [Fact]
    public void Single_and_listed_destinations_with_options()
    {
        Assert.Equal([new IpPort("10.0.0.1", 32148)], Parse("10.0.0.1:32148").Peers);
        var many = Parse("(10.0.0.1:32148, 10.0.0.2:32148 , subset = true, timeout = 5)");
        Assert.Equal([new IpPort("10.0.0.1", 32148), new IpPort("10.0.0.2", 32148)], many.Peers);
        Assert.True(many.Subset);
        Assert.Equal(TimeSpan.FromSeconds(5), many.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(20), Parse("(10.0.0.1:32148)").Timeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, Parse("(10.0.0.1:32148, timeout = 0)").Timeout);
        Assert.Equal(TimeSpan.FromMinutes(2), Parse("(10.0.0.1:32148, timeout = 2 minutes)").Timeout);
    }

    [Fact]
    public void Variables_and_the_legacy_ip_port_form_resolve_on_this_node()
    {
        _node.Node.Dictionary.Set("master", "127.0.0.1:32048");
        _node.Node.Dictionary.Set("peers", "127.0.0.1:1, 127.0.0.1:2");
        Assert.Equal([new IpPort("127.0.0.1", 32048)], Parse("(!master)").Peers);
        Assert.Equal(2, Parse("(!peers, subset = true)").Peers.Count);
        Assert.Equal([new IpPort("10.0.0.9", 2048)], Parse("(10.0.0.9 2048)").Peers);
    }

    [Fact]
    public void A_command_destination_is_kept_to_run_and_empty_parens_mean_the_network()
    {
        var lookup = Parse("(blockchain get operator where [company] = \"a, b\" bring.ip_port, timeout = 3)");
        Assert.Equal("blockchain get operator where [company] = \"a, b\" bring.ip_port", lookup.Lookup);
        Assert.Equal(TimeSpan.FromSeconds(3), lookup.Timeout);
        var separator = Parse("(blockchain get operator bring [operator][ip] : [operator][port] separator = ,, subset = true)");
        Assert.Equal("blockchain get operator bring [operator][ip] : [operator][port] separator = ,", separator.Lookup);
        Assert.True(separator.Subset);
        Assert.True(Parse("()").IsNetwork);
        Assert.True(Parse("(subset = true)").IsNetwork);
    }

    [Fact]
    public void Bad_destinations_are_named_in_the_error()
    {
        var notDeclared = Assert.Throws<CommandSyntaxException>(() => Parse("(!nowhere)"));
        Assert.Equal(ErrorCode.UndefinedVariable, notDeclared.Code);
        var notAddress = Assert.Throws<CommandSyntaxException>(() => Parse("(10.0.0.1:32148, nonsense)"));
        Assert.Contains("'nonsense' is not ip:port", notAddress.Message);
        Assert.Contains("'timeout' has the wrong value 'soon'", Assert.Throws<CommandSyntaxException>(() => Parse("(10.0.0.1:1, timeout = soon)")).Message);
    }

    [Fact]
    public void Addresses_are_found_in_bring_ip_port_output()
    {
        Assert.Equal([new IpPort("10.0.0.1", 32148), new IpPort("10.0.0.2", 32148), new IpPort("node-a.local", 1)],
            DestinationParser.AddressesIn("10.0.0.1:32148,10.0.0.2:32148\n[\"node-a.local:1\"] 10.0.0.1:32148 at 12:30:45"));
    }
}
