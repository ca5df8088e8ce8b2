using EdgeNode.IntegrationTests.Network;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// Issue 19's network as real node processes on 127.0.0.1: a master started with examples/master.al, holding the HA
/// policies (two clusters, their table, two operators each with fixed member ids, the first of each main); four
/// operators each on a home the network owns, running their start script (<see cref="HaMemberScript"/>: ledger sync from
/// the master, REST server, operator with <c>distributor = true</c>, distributor, consumer); and a query node started
/// with examples/query.al. A member can be SIGKILLed and started again on its home.
/// </summary>
internal sealed class HaProcessNetwork : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<string> _homes = [];

    public string MasterAddress { get; private set; } = "";
    public NodeProcess Master { get; private set; } = null!;
    public NodeProcess Query { get; private set; } = null!;
    public List<HaProcessMember> Members { get; } = [];

    /// <summary>The members of cluster <paramref name="number"/> (1-based), the main member first.</summary>
    public List<HaProcessMember> Cluster(int number) => Members.Where(m => m.ClusterNumber == number).ToList();

    public static async Task<HaProcessNetwork> StartAsync()
    {
        var network = new HaProcessNetwork();
        try
        {
            await network.BuildAsync();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync()
    {
        var masterPort = FreePort.Get();
        MasterAddress = $"127.0.0.1:{masterPort}";
        Master = Own(await NodeProcess.StartExampleAsync(null, "master.al", $"master_port = {masterPort}", $"master_rest_port = {FreePort.Get()}", "sync_time = 1 second"));
        for (var c = 1; c <= 2; c++)
        for (var i = 1; i <= 2; i++)
        {
            var home = Directory.CreateTempSubdirectory("edgenode-ha-process-").FullName;
            _homes.Add(home);
            Members.Add(Own(new HaProcessMember(home, $"c{c}-member-{i}", FreePort.Get(), FreePort.Get(), (c - 1) * 2 + i, c)));
        }

        var clusterIds = new List<string>();
        for (var c = 1; c <= 2; c++) clusterIds.Add(await PublishAsync(HaPolicies.Cluster($"ha-cluster-{c}")));
        await PublishAsync(HaPolicies.TablePolicy());
        for (var c = 1; c <= 2; c++) await PublishAsync(HaPolicies.TableCluster(clusterIds[c - 1], $"ha-cluster-{c}"));
        foreach (var m in Members)
            await PublishAsync(HaPolicies.Operator(m.Name, m.Port, clusterIds[m.ClusterNumber - 1], m.Member, main: m.Member % 2 == 1));

        var query = NodeProcess.StartExampleAsync(null, "query.al", $"query_port = {FreePort.Get()}", $"query_rest_port = {FreePort.Get()}",
            $"ledger_conn = {MasterAddress}", "sync_time = 1 second");
        await Task.WhenAll(Members.Select(m => m.StartAsync(MasterAddress)));
        Query = Own(await query);
        await WaitForLedgerAsync(Query, Members[^1].Name);
    }

    private Task<string> PublishAsync(string policy) => NetworkSyncTests.PublishAsync(Master, policy, MasterAddress);

    /// <summary>Waits until the node's ledger, synced from the master, holds the operator policy named <paramref name="operatorName"/>.</summary>
    public static Task WaitForLedgerAsync(NodeProcess node, string operatorName) =>
        Eventually.HoldsAsync(async () => await node.RunAsync(HaMemberScript.OperatorId(operatorName), NodeProcess.EventBudget) is var text
                                          && text.Trim().Length > 0 && !text.StartsWith("Error", StringComparison.Ordinal),
            $"the ledger of the node in {node.Home} holds operator {operatorName}", NodeProcess.EventBudget);

    /// <summary>What every member that runs says, to explain a wait that timed out.</summary>
    public async Task<string> ExplainAsync()
    {
        var parts = new List<string>();
        foreach (var member in Members) parts.Add(await member.ExplainAsync());
        return string.Join("\n", parts);
    }

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        foreach (var home in _homes)
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
                // a file still held for a moment: temp space is cleaned by the OS
            }
        }
    }
}
