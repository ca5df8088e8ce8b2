using EdgeNode.InteropTests.Peers;
using EdgeNode.TestSupport.Client;

namespace EdgeNode.InteropTests;

/// <summary>
/// The 4-node EdgeLake network of AnyLog's client tests, beside the same network of EdgeNode nodes
/// (<see cref="ClientNetwork"/>), both loaded with <see cref="ClientData"/>: an EdgeLake master (syncing every 10 s: a
/// faster EdgeLake master hands out empty ledgers), two operators in <c>cluster-1</c> and <c>cluster-2</c> and a query
/// node, company <c>Acme</c>, nodes named <c>el-master</c>, <c>el-op1</c>, <c>el-op2</c>, <c>el-query</c>. Where the
/// EdgeLake peer is absent nothing starts, and the tests skip.
/// </summary>
public sealed class EdgeLakeClientNetwork : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public ClientEndpoints EdgeLake { get; private set; } = null!;

    public ClientNetwork EdgeNode { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (PeerFolder.Path is null) return;
        var edgeNode = ClientNetwork.StartAsync();
        try
        {
            var masterPort = FreePort.Get();
            var settings = new Dictionary<string, string>
            {
                ["company_name"] = "Acme", ["ledger_conn"] = $"127.0.0.1:{masterPort}", ["sync_time"] = "\"10 seconds\"",
            };
            var master = await Own(EdgeLakeNode.StartAsync("el-master", "edgelake-master.al", settings, masterPort));
            // the first operator is up before the second starts: the ledger then lists their policies in a known order
            var first = await Own(EdgeLakeNode.StartAsync("el-op1", "edgelake-operator.al",
                new Dictionary<string, string>(settings) { ["cluster_name"] = "cluster-1", ["default_dbms"] = ClientData.Dbms }));
            var nodes = await Task.WhenAll(
                Own(EdgeLakeNode.StartAsync("el-op2", "edgelake-operator.al",
                    new Dictionary<string, string>(settings) { ["cluster_name"] = "cluster-2", ["default_dbms"] = ClientData.Dbms })),
                Own(EdgeLakeNode.StartAsync("el-query", "edgelake-query.al", settings)));
            EdgeLake = new ClientEndpoints(nodes[1].Rest, master.Rest, first.Rest);
            await ClientNetwork.StartStandardProcessesAsync([first.Rest, nodes[0].Rest]);
            await ClientNetwork.LoadAsync(EdgeLake.Query, [first.Rest, nodes[0].Rest]);
        }
        finally
        {
            EdgeNode = await edgeNode;
        }
    }

    private async Task<EdgeLakeNode> Own(Task<EdgeLakeNode> starting)
    {
        var node = await starting;
        lock (_owned) _owned.Add(node);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (EdgeNode is not null) await EdgeNode.DisposeAsync();
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}
