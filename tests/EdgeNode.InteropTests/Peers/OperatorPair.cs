namespace EdgeNode.InteropTests.Peers;

/// <summary>
/// An EdgeNode master and, syncing from it, an EdgeLake operator and an EdgeNode operator in clusters of their own, both
/// on the logical database <c>dbms</c> with their REST servers: the same rows PUT to each show how each stores them.
/// </summary>
internal sealed class OperatorPair : IAsyncDisposable
{
    private OperatorPair(NodeProcess master, EdgeLakeNode edgeLake, NodeProcess edgeNode, RestEndpoint edgeNodeRest) =>
        (Master, EdgeLake, EdgeNode, EdgeNodeRest) = (master, edgeLake, edgeNode, edgeNodeRest);

    public NodeProcess Master { get; }

    public EdgeLakeNode EdgeLake { get; }

    public NodeProcess EdgeNode { get; }

    public RestEndpoint EdgeNodeRest { get; }

    /// <summary>Starts the three nodes; <paramref name="name"/> names the operators (el-name, en-name).</summary>
    public static async Task<OperatorPair> StartAsync(string name, string dbms)
    {
        var masterPort = FreePort.Get();
        var master = $"127.0.0.1:{masterPort}";
        var masterNode = await NodeProcess.StartExampleAsync(null, "master.al", $"master_port = {masterPort}", $"master_rest_port = {FreePort.Get()}");
        EdgeLakeNode? edgeLake = null;
        try
        {
            edgeLake = await EdgeLakeNode.StartAsync($"el-{name}", "edgelake-operator.al", new Dictionary<string, string>
            {
                ["company_name"] = "\"My Company\"", ["ledger_conn"] = master, ["sync_time"] = "\"2 seconds\"", ["cluster_name"] = "cluster-el", ["default_dbms"] = dbms,
            });
            var restPort = FreePort.Get();
            var edgeNode = await NodeProcess.StartExampleAsync(null, "operator.al", $"set node name en-{name}", "cluster_name = cluster-en",
                $"operator_port = {FreePort.Get()}", $"operator_rest_port = {restPort}", $"default_dbms = {dbms}", $"ledger_conn = {master}", "sync_time = 1 second");
            return new OperatorPair(masterNode, edgeLake, edgeNode, new RestEndpoint(restPort));
        }
        catch
        {
            if (edgeLake is not null) await edgeLake.DisposeAsync();
            await masterNode.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EdgeNodeRest.DisposeAsync();
        await EdgeNode.DisposeAsync();
        await EdgeLake.DisposeAsync();
        await Master.DisposeAsync();
    }
}
