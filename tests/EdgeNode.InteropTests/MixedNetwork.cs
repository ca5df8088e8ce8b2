using System.Text.Json;
using EdgeNode.InteropTests.Answers;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests;

/// <summary>
/// A mixed network on 127.0.0.1, started once for the tests of <see cref="MixedNetworkCollection"/>: an EdgeNode master; an
/// EdgeLake and an EdgeNode operator in two clusters, holding different rows of the same tables (<see cref="InteropData"/>);
/// an EdgeNode and an EdgeLake query node. EdgeNode nodes run the repository's example scripts in real processes,
/// EdgeLake nodes the scripts of <c>Scripts/</c>. Rows are PUT to each operator as clients load them. Where the
/// EdgeLake peer is absent nothing starts, and the tests skip.
/// </summary>
public sealed class MixedNetwork : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(180);
    private readonly List<IAsyncDisposable> _nodes = [];

    public NodeProcess Master { get; private set; } = null!;
    public string MasterAddress { get; private set; } = "";
    public NodeProcess EdgeNodeOperator { get; private set; } = null!;
    public string EdgeNodeOperatorAddress { get; private set; } = "";
    public RestEndpoint EdgeNodeOperatorRest { get; private set; } = null!;
    public NodeProcess EdgeNodeQuery { get; private set; } = null!;
    public RestEndpoint EdgeNodeQueryRest { get; private set; } = null!;
    public EdgeLakeNode EdgeLakeOperator { get; private set; } = null!;
    public EdgeLakeNode EdgeLakeQuery { get; private set; } = null!;
    public ReferenceDatabase Reference { get; } = new(InteropData.Tables);

    /// <summary>Both query nodes, each with a name for messages.</summary>
    public IEnumerable<(string Name, RestEndpoint Endpoint)> QueryNodes => [("EdgeNode query node", EdgeNodeQueryRest), ("EdgeLake query node", EdgeLakeQuery.Rest)];

    public async ValueTask InitializeAsync()
    {
        if (PeerFolder.Path is null) return;
        var masterPort = FreePort.Get();
        MasterAddress = $"127.0.0.1:{masterPort}";
        Master = await StartEdgeNodeAsync("master.al", $"master_port = {masterPort}", $"master_rest_port = {FreePort.Get()}");
        var edgeLakeSettings = new Dictionary<string, string>
        {
            ["company_name"] = "\"My Company\"", ["ledger_conn"] = MasterAddress, ["sync_time"] = "\"2 seconds\"",
        };
        EdgeLakeOperator = Own(await EdgeLakeNode.StartAsync("el-operator", "edgelake-operator.al",
            new Dictionary<string, string>(edgeLakeSettings) { ["cluster_name"] = "cluster-el", ["default_dbms"] = InteropData.Dbms }));
        var (operatorPort, operatorRest) = (FreePort.Get(), FreePort.Get());
        EdgeNodeOperatorAddress = $"127.0.0.1:{operatorPort}";
        EdgeNodeOperator = await StartEdgeNodeAsync("operator.al", "set node name en-operator", "cluster_name = cluster-en",
            $"operator_port = {operatorPort}", $"operator_rest_port = {operatorRest}", $"default_dbms = {InteropData.Dbms}");
        EdgeNodeOperatorRest = Own(new RestEndpoint(operatorRest));
        var queryRest = FreePort.Get();
        EdgeNodeQuery = await StartEdgeNodeAsync("query.al", "set node name en-query", $"query_port = {FreePort.Get()}", $"query_rest_port = {queryRest}");
        EdgeNodeQueryRest = Own(new RestEndpoint(queryRest));
        EdgeLakeQuery = Own(await EdgeLakeNode.StartAsync("el-query", "edgelake-query.al", edgeLakeSettings));
        await LoadAsync();
    }

    private async Task<NodeProcess> StartEdgeNodeAsync(string script, params string[] settings)
    {
        var node = NodeProcess.Start(null, [.. settings, $"ledger_conn = {MasterAddress}", "sync_time = 1 second", "process",
            RepositoryFiles.Path($"examples/{script}")]);
        _nodes.Add(node);
        await node.WaitForOutputAsync(" is up: ", NodeProcess.EventBudget);
        Assert.DoesNotMatch(@"(?m)^Error \d+:", node.Output);
        return node;
    }

    private T Own<T>(T node) where T : IAsyncDisposable
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// EdgeLake's rows first, so that its table policies are on the ledger before the EdgeNode operator creates its tables
    /// from them (one schema for the network); then EdgeNode's rows; then until both query nodes count every row.
    /// </summary>
    private async Task LoadAsync()
    {
        foreach (var (table, rows) in InteropData.Tables)
        {
            var edgeLake = InteropData.ForEdgeLake(rows).ToList();
            await EdgeLakeOperator.Rest.PutRowsAsync(InteropData.Dbms, table, InteropRow.JsonList(edgeLake));
            await WaitForCountAsync(EdgeLakeOperator.Rest, table, edgeLake.Count, network: false);
            await Eventually.HoldsAsync(async () => (await EdgeNodeOperatorRest.GetAsync($"blockchain get table where dbms = {InteropData.Dbms} and name = {table} bring.count")).Trim() == "1",
                $"the EdgeNode operator knows the policy of {table}", Settle);
            var edgeNode = InteropData.ForEdgeNode(rows).ToList();
            await EdgeNodeOperatorRest.PutRowsAsync(InteropData.Dbms, table, InteropRow.JsonList(edgeNode));
            await WaitForCountAsync(EdgeNodeOperatorRest, table, edgeNode.Count, network: false);
        }
        foreach (var (_, rest) in QueryNodes)
            foreach (var (table, rows) in InteropData.Tables)
                await WaitForCountAsync(rest, table, rows.Count, network: true);
    }

    /// <summary>
    /// The reference statement of a case, with <c>{edgelake_port}</c> and <c>{edgenode_port}</c> replaced by the operators'
    /// TCP ports (what <c>extend = (@port)</c> shows for their rows).
    /// </summary>
    public string ReferenceSql(InteropCase @case) =>
        @case.Reference.Replace("{edgelake_port}", EdgeLakeOperator.TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{edgenode_port}", EdgeNodeOperatorAddress.Split(':')[1], StringComparison.Ordinal);

    /// <summary>Waits until a node counts <paramref name="expected"/> rows of a table, locally or across the network.</summary>
    public async Task WaitForCountAsync(RestEndpoint rest, string table, int expected, bool network)
    {
        var last = "";
        await Eventually.HoldsAsync(async () =>
        {
            last = network
                ? await rest.QueryAsync(InteropData.Dbms, "format = json", $"select count(*) from {table}")
                : await rest.GetAsync($"sql {InteropData.Dbms} format = json \"select count(*) from {table}\"");
            return Count(last) == expected;
        }, $"{expected} rows of {table} counted on port {rest.Port} ({(network ? "network" : "local")}); last answer: {last}", Settle);
    }

    private static long? Count(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("Query", out var rows) && rows.GetArrayLength() == 1
                ? rows[0].EnumerateObject().First().Value.GetInt64()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _nodes.Count - 1; i >= 0; i--) await _nodes[i].DisposeAsync();
        Reference.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MixedNetworkCollection : ICollectionFixture<MixedNetwork>
{
    public const string Name = "mixed network";
}
