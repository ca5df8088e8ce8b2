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
        await node.WaitForOutputAsync(" is up: ", NodeProcess.EventBudget);
        Assert.DoesNotMatch(@"(?m)^Error \d+:", node.Output);
        return node;
    }

    private static int Rest() => FreePort.Get();

    private static HttpClient Http(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The rows docs/build-a-network.md sends: 2 by REST PUT to operator1, 3 in a file the query node copies into operator2's watch dir.</summary>
    private const string PutRows = "[{\"timestamp\": \"2026-01-15T08:00:00Z\", \"device\": \"a\", \"value\": 1.5}, " +
                                   "{\"timestamp\": \"2026-01-15T08:01:00Z\", \"device\": \"b\", \"value\": 2.5}]";

    private const string FileRows = "{\"timestamp\": \"2026-01-15T09:00:00Z\", \"device\": \"c\", \"value\": 3.5}\n" +
                                    "{\"timestamp\": \"2026-01-15T09:01:00Z\", \"device\": \"c\", \"value\": 4.5}\n" +
                                    "{\"timestamp\": \"2026-01-15T09:02:00Z\", \"device\": \"d\", \"value\": 5.5}\n";

    [Fact]
    public async Task The_example_scripts_build_a_network_whose_nodes_all_answer_share_policies_and_query_each_others_data()
    {
        var master = await StartAsync("master.al", $"master_port = {_master}", $"master_rest_port = {Rest()}");
        var ports = new[] { FreePort.Get(), FreePort.Get(), FreePort.Get() };
        var operator1Rest = Rest();
        var queryRest = Rest();
        var operator1 = await StartAsync("operator.al", $"ledger_conn = {Master}", $"operator_port = {ports[0]}", $"operator_rest_port = {operator1Rest}");
        var operator2 = await StartAsync("operator.al", "set node name operator2", "cluster_name = cluster2", $"ledger_conn = {Master}",
            $"operator_port = {ports[1]}", $"operator_rest_port = {Rest()}");
        var query = await StartAsync("query.al", $"ledger_conn = {Master}", $"query_port = {ports[2]}", $"query_rest_port = {queryRest}");

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

        // the built-in tests: every node of the metadata answers; a node's own servers answer (reference test_network.txt, test_node.txt)
        var network = await query.OkAsync("test network");
        Assert.StartsWith("\nAddress         Node Type Node Name Status \n---------------|---------|---------|------|\n", network, StringComparison.Ordinal);
        Assert.Contains($"\n{Master}|master   |master   |  +   |", network, StringComparison.Ordinal);
        Assert.Contains($"\n127.0.0.1:{ports[0]}|operator |operator1|  +   |", network, StringComparison.Ordinal);
        Assert.Contains($"\n127.0.0.1:{ports[1]}|operator |operator2|  +   |", network, StringComparison.Ordinal);
        Assert.Contains($"\n127.0.0.1:{ports[2]}|query    |query    |  +   |", network, StringComparison.Ordinal);
        var self = await operator1.OkAsync("test node");
        Assert.Matches($@"\nMetadata Version +\|[0-9a-f]{{32}} *\|\nMetadata Test +\|Pass +\|\n" +
                       $@"TCP test using 127\.0\.0\.1:{ports[0]} +\|\[From Node 127\.0\.0\.1:{ports[0]}\] operator1@127\.0\.0\.1:{ports[0]} running\|\n" +
                       $@"REST test using http://127\.0\.0\.1:{operator1Rest} \|operator1@127\.0\.0\.1:{ports[0]} running +\|$", self);

        // the destination as EdgeLake's docs write it: addresses brought from the metadata, comma separated
        var operators = await query.OkAsync("run client (blockchain get operator bring [operator][ip] : [operator][port] separator = ,) get status");
        Assert.Contains($"operator1@127.0.0.1:{ports[0]} running", operators, StringComparison.Ordinal);
        Assert.Contains($"operator2@127.0.0.1:{ports[1]} running", operators, StringComparison.Ordinal);

        // a policy one operator publishes reaches the other on its next sync
        var id = await NetworkSyncTests.PublishAsync(operator1, "{\"tag\": {\"name\": \"from operator1\"}}", Master);
        await operator2.OkAsync("wait 5 for sync");
        Assert.True(await NetworkSyncTests.HasAsync(operator2, "tag", id));

        // data flows: rows PUT to operator1 over REST and a file copied over TCP into operator2's watch dir are loaded,
        // their table and cluster policies published; the query node then finds both operators and counts every row
        using (var http = Http(operator1Rest))
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new StringContent(PutRows) })
        {
            foreach (var (name, value) in new[] { ("type", "json"), ("dbms", "new_company"), ("table", "ping_sensor"), ("mode", "streaming") })
                put.Headers.Add(name, value);
            var response = await http.SendAsync(put, TestContext.Current.CancellationToken);
            Assert.Contains("\"AnyLog.status\":\"Success\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        var file = Path.Combine(query.Home, "new_company.ping_sensor.0.0.json");
        await File.WriteAllTextAsync(file, FileRows, TestContext.Current.CancellationToken);
        var copied = await query.OkAsync($"run client (127.0.0.1:{ports[1]}) file copy {file} !!watch_dir");
        var watch = (await operator2.OkAsync("echo !watch_dir")).Trim();
        Assert.Contains($"File written: {Path.Combine(watch, "new_company.ping_sensor.0.0.json")}", copied, StringComparison.Ordinal);

        const string count = "run client () sql new_company format = json and stat = false \"select count(*) from ping_sensor\"";
        await Eventually.HoldsAsync(async () => (await query.RunAsync(count)).Contains("{\"Query\":[{\"count(*)\":5}]}", StringComparison.Ordinal),
            "the query node counts the rows of both operators", TimeSpan.FromSeconds(30));
        var table = await query.OkAsync("run client () sql new_company format = table and stat = false " +
                                        "\"select device, count(*) as readings, max(value) as top from ping_sensor group by device order by device\"");
        Assert.Matches(@"(?m)^a\s+1\s+1.5\s*$", table);
        Assert.Matches(@"(?m)^c\s+2\s+4.5\s*$", table);
        Assert.Matches(@"(?m)^d\s+1\s+5.5\s*$", table);
        var nodes = await query.OkAsync("get data nodes");
        Assert.Contains($"127.0.0.1:{ports[0]}", nodes, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{ports[1]}", nodes, StringComparison.Ordinal);

        // the same query from an application: REST GET to the query node with 'destination: network'
        using (var http = Http(queryRest))
        using (var get = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            get.Headers.Add("command", "sql new_company format = json and stat = false \"select count(*) from ping_sensor\"");
            get.Headers.Add("destination", "network");
            get.Headers.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
            var response = await http.SendAsync(get, TestContext.Current.CancellationToken);
            Assert.Equal("{\"Query\":[{\"count(*)\":5}]}", (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Trim());
        }
    }
}
