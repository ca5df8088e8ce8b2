namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// Clusters of operators in one process, each a real node built as the executable builds it (TCP servers on free ports of
/// 127.0.0.1, SQLite, each in a home of its own that survives a restart), holding the same ledger: the clusters, their
/// operators (the first member of each is main), the table and its assignment to each cluster. Each member runs its
/// operator with <c>distributor = true</c>, the distributor and the consumer (a pass every second). A query node with the
/// same ledger, REST servers on the members and a master the ledgers sync from are added on request.
/// </summary>
internal sealed class HaCluster : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];
    private readonly List<string> _homes = [];
    private bool _consumer;
    private bool _rest;
    private string? _master;

    public List<HaMember> Members { get; } = [];

    public TestNode? Query { get; private set; }

    /// <summary>The master node, with <c>master: true</c>: it holds the policies and every other node syncs its ledger from it.</summary>
    public TestNode? Master { get; private set; }

    /// <summary>The id of the first cluster.</summary>
    public string ClusterId => ClusterIds[0];

    public List<string> ClusterIds { get; } = [];

    /// <summary>The members of cluster <paramref name="number"/> (1-based).</summary>
    public List<HaMember> Cluster(int number) => Members.Where(m => m.ClusterNumber == number).ToList();

    /// <summary>
    /// <paramref name="clusters"/> clusters of <paramref name="members"/> operators each (the first cluster's members are
    /// member-1, member-2.. with member ids 1, 2..; the next cluster's c2-member-1.. continue the ids), the table assigned
    /// to every cluster; with <paramref name="rest"/> each member runs a REST server for PUTs. Without
    /// <paramref name="master"/> each node's ledger gets the policies inserted locally.
    /// </summary>
    public static async Task<HaCluster> StartAsync(int members = 2, bool query = false, bool consumer = true, int clusters = 1, bool rest = false,
        bool master = false)
    {
        var cluster = new HaCluster { _consumer = consumer, _rest = rest };
        try
        {
            if (master) await cluster.StartMasterAsync();
            await cluster.BuildAsync(members, query, clusters);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static string ClusterName(int number) => number == 1 ? "ha-cluster" : $"ha-cluster-{number}";

    private async Task BuildAsync(int count, bool query, int clusters)
    {
        for (var c = 1; c <= clusters; c++)
        for (var i = 1; i <= count; i++)
        {
            var home = Directory.CreateTempSubdirectory("edgenode-ha-").FullName;
            _homes.Add(home);
            var node = new TestNode(home);
            _nodes.Add(node);
            var name = c == 1 ? $"member-{i}" : $"c{c}-member-{i}";
            Members.Add(new HaMember(node, home, name, FreePort.Get(), _rest ? FreePort.Get() : 0, (c - 1) * count + i, c));
        }
        if (query)
        {
            Query = new TestNode();
            _nodes.Add(Query);
        }
        var first = Master ?? Members[0].Node;
        for (var c = 1; c <= clusters; c++)
        {
            await InsertAsync(first, HaPolicies.Cluster(ClusterName(c)));
            ClusterIds.Add((await first.OkAsync($"blockchain get cluster where name = {ClusterName(c)} bring [cluster][id]")).Trim());
        }
        var policies = Enumerable.Range(1, clusters).Select(c => HaPolicies.Cluster(ClusterName(c))).ToList();
        policies.Add(HaPolicies.TablePolicy());
        policies.AddRange(Enumerable.Range(1, clusters).Select(c => HaPolicies.TableCluster(ClusterIds[c - 1], ClusterName(c))));
        policies.AddRange(Members.Select(m =>
            HaPolicies.Operator(m.Name, m.Port, ClusterIds[m.ClusterNumber - 1], m.Member, main: m.Member == (m.ClusterNumber - 1) * count + 1)));
        foreach (var node in Master is null ? _nodes : [Master])
        foreach (var policy in policies.Skip(node == first ? clusters : 0))
            await InsertAsync(node, policy);
        foreach (var member in Members) await StartMemberAsync(member);
        if (Query is not null)
        {
            await Query.OkAsync("connect dbms system_query where type = sqlite and memory = true");
            foreach (var command in HaMemberScript.BeforeLedger(FreePort.Get(), _master).Skip(1)) await Query.OkAsync(command);
            await SyncLedgerAsync(Query);
        }
    }

    private async Task StartMasterAsync()
    {
        Master = new TestNode();
        _nodes.Add(Master);
        var port = FreePort.Get();
        _master = $"127.0.0.1:{port}";
        await Master.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await Master.OkAsync("connect dbms blockchain where type = sqlite");
        await Master.OkAsync("create table ledger where dbms = blockchain");
    }

    /// <summary>With a master: waits until the node's ledger (synced from it every second) holds the last policy inserted.</summary>
    private async Task SyncLedgerAsync(TestNode node)
    {
        if (_master is null) return;
        var last = Members[^1].Name;
        await Eventually.HoldsAsync(async () => await node.RunAsync(HaMemberScript.OperatorId(last)) is { IsError: false } found && found.Text.Trim().Length > 0,
            $"the node's ledger has the master's policies (operator {last})");
    }

    /// <summary>What a member's start script runs (<see cref="HaMemberScript"/>): ledger sync, databases, TCP (and REST) server, operator, distributor, consumer.</summary>
    private async Task StartMemberAsync(HaMember member)
    {
        foreach (var command in HaMemberScript.BeforeLedger(member.Port, _master)) await member.OkAsync(command);
        await SyncLedgerAsync(member.Node);
        foreach (var command in HaMemberScript.AfterLedger(member.Name, _rest ? member.RestPort : 0, _consumer)) await member.OkAsync(command);
    }

    /// <summary>Stops a member's node (every process and server of it); its home stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync(HaMember member)
    {
        _nodes.Remove(member.Node);
        await member.Node.DisposeAsync();
    }

    /// <summary>A new node on the stopped member's home, started as its start script starts it.</summary>
    public async Task RestartAsync(HaMember member)
    {
        member.Node = new TestNode(member.Home);
        _nodes.Add(member.Node);
        await StartMemberAsync(member);
    }

    private Task<string> InsertAsync(TestNode node, string policy)
    {
        node.Node.Dictionary.Set("new_policy", policy);
        return node.OkAsync("blockchain insert where policy = !new_policy and local = true" + (node == Master ? $" and master = {_master}" : ""));
    }

    /// <summary>Waits until every member (of <paramref name="members"/>, default all) holds the same rows, <paramref name="rows"/> of them.</summary>
    public async Task WaitInSyncAsync(long rows, int seconds = 60, IReadOnlyList<HaMember>? members = null)
    {
        members ??= Members;
        await WaitUntilAsync(async () =>
        {
            foreach (var member in members)
                if (await member.CountAsync() != rows) return false;
            return true;
        }, $"{rows} rows on every member", seconds);
        var first = await members[0].RowsAsync();
        foreach (var member in members.Skip(1)) Assert.Equal(first, await member.RowsAsync());
    }

    /// <summary>Waits for a condition of the cluster; when it does not hold in time, fails with what each member says.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var explanation = new List<string>();
                foreach (var member in Members.Where(m => _nodes.Contains(m.Node))) explanation.Add(await member.ExplainAsync());
                Assert.Fail($"{what}: not true within {seconds} seconds\n{string.Join("\n", explanation)}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60) => WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        foreach (var home in _homes)
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
                // a file may still be held for a moment; the temp dir is cleaned by the OS eventually
            }
        }
    }
}
