namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// The example scripts build a network as docs/build-a-network.md tells a user to: a master, two operators and a query
/// node, each a real process running its script (free ports given before the script instead of the defaults).
/// </summary>
public sealed class ExampleNetworkTests : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly int _master = FreePort.Get();

    private string Master => $"127.0.0.1:{_master}";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    /// <summary>Starts <c>edgenode --home [temp] [settings...] process examples/[script]</c> and waits for its "is up" line.</summary>
    private async Task<NodeProcess> StartAsync(string script, params string[] settings)
    {
        var node = NodeProcess.Start(null, [.. settings, "sync_time = 1 second", "process", RepositoryFiles.Path($"examples/{script}")]);
        _nodes.Add(node);
        await node.WaitForOutputAsync(" is up: ", TimeSpan.FromSeconds(60));
        Assert.DoesNotMatch(@"(?m)^Error \d+:", node.Output);
        return node;
    }

    private static string Rest() => FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_example_scripts_build_a_network_whose_nodes_all_answer()
    {
        var master = await StartAsync("master.al", $"master_port = {_master}", $"master_rest_port = {Rest()}");
        var ports = new[] { FreePort.Get(), FreePort.Get(), FreePort.Get() };
        var operator1 = await StartAsync("operator.al", $"ledger_conn = {Master}", $"operator_port = {ports[0]}", $"operator_rest_port = {Rest()}");
        var operator2 = await StartAsync("operator.al", "set node name operator2", "cluster_name = cluster2", $"ledger_conn = {Master}",
            $"operator_port = {ports[1]}", $"operator_rest_port = {Rest()}");
        var query = await StartAsync("query.al", $"ledger_conn = {Master}", $"query_port = {ports[2]}", $"query_rest_port = {Rest()}");

        // every node's policy is on the master, and the master's ledger reaches every node
        var expected = new[] { "master", "operator1", "operator2", "query" };
        foreach (var node in new[] { master, operator1, operator2, query })
            await Eventually.HoldsAsync(async () =>
                    (await node.OkAsync("blockchain get (master, operator, query) bring [*][name] separator = ,")).Trim().Split(',')
                    .Order(StringComparer.Ordinal).SequenceEqual(expected),
                "every node knows the four nodes");
        Assert.Equal("2", (await query.OkAsync("blockchain get cluster bring.count")).Trim());

        var replies = await query.OkAsync("run client (blockchain get (master, operator, query) bring.ip_port) get status");
        Assert.Contains($"master@{Master} running", replies, StringComparison.Ordinal);
        Assert.Contains($"operator1@127.0.0.1:{ports[0]} running", replies, StringComparison.Ordinal);
        Assert.Contains($"operator2@127.0.0.1:{ports[1]} running", replies, StringComparison.Ordinal);
        Assert.Contains($"query@127.0.0.1:{ports[2]} running", replies, StringComparison.Ordinal);

        // a policy one operator publishes reaches the other on its next sync
        var id = await NetworkSyncTests.PublishAsync(operator1, "{\"tag\": {\"name\": \"from operator1\"}}", Master);
        await operator2.OkAsync("wait 5 for sync");
        Assert.True(await NetworkSyncTests.HasAsync(operator2, "tag", id));
    }
}
