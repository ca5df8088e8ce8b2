namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// A cluster of operators in one process, each a real node built as the executable builds it (TCP servers on free ports of
/// 127.0.0.1, SQLite), holding the same ledger: the cluster, its operators (member 1 is main), the table and its
/// assignment to the cluster. Each member runs its operator with <c>distributor = true</c>, the distributor and the
/// consumer (a pass every second). A query node with the same ledger is added on request.
/// </summary>
internal sealed class HaCluster : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];

    public List<HaMember> Members { get; } = [];

    public TestNode? Query { get; private set; }

    public string ClusterId { get; private set; } = "";

    public static async Task<HaCluster> StartAsync(int members = 2, bool query = false, bool consumer = true)
    {
        var cluster = new HaCluster();
        try
        {
            await cluster.BuildAsync(members, query, consumer);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(int count, bool query, bool consumer)
    {
        var ports = Enumerable.Range(0, count).Select(_ => FreePort.Get()).ToList();
        var nodes = Enumerable.Range(0, count).Select(_ => new TestNode()).ToList();
        _nodes.AddRange(nodes);
        if (query)
        {
            Query = new TestNode();
            _nodes.Add(Query);
        }
        await InsertAsync(nodes[0], HaPolicies.Cluster("ha-cluster"));
        ClusterId = (await nodes[0].OkAsync("blockchain get cluster where name = ha-cluster bring [cluster][id]")).Trim();
        var policies = new List<string> { HaPolicies.Cluster("ha-cluster"), HaPolicies.TablePolicy(), HaPolicies.TableCluster(ClusterId, "ha-cluster") };
        policies.AddRange(ports.Select((port, i) => HaPolicies.Operator($"member-{i + 1}", port, ClusterId, i + 1, main: i == 0)));
        foreach (var node in _nodes)
        foreach (var policy in policies.Skip(node == nodes[0] ? 1 : 0))
            await InsertAsync(node, policy);
        for (var i = 0; i < count; i++)
        {
            var node = nodes[i];
            var id = (await node.OkAsync($"blockchain get operator where name = member-{i + 1} bring [operator][id]")).Trim();
            var member = new HaMember(node, $"member-{i + 1}", ports[i], i + 1, id);
            await member.OkAsync("create work directories");
            await member.OkAsync("connect dbms almgm where type = sqlite");
            await member.OkAsync("create table tsd_info where dbms = almgm");
            await member.OkAsync($"connect dbms {HaPolicies.Dbms} where type = sqlite");
            await member.StartTcpAsync();
            await member.OkAsync($"run operator where policy = {id} and create_table = true and update_tsd_info = true and archive_json = true and distributor = true");
            await member.OkAsync("run data distributor");
            if (consumer) await member.OkAsync("run data consumer where start_date = -1d and time = 1 second");
            Members.Add(member);
        }
        if (Query is not null)
        {
            await Query.OkAsync("connect dbms system_query where type = sqlite and memory = true");
            await Query.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");
        }
    }

    private static Task<string> InsertAsync(TestNode node, string policy)
    {
        node.Node.Dictionary.Set("new_policy", policy);
        return node.OkAsync("blockchain insert where policy = !new_policy and local = true");
    }

    /// <summary>Waits until every member holds the same rows, <paramref name="rows"/> of them.</summary>
    public async Task WaitInSyncAsync(long rows, int seconds = 60)
    {
        await WaitUntilAsync(async () =>
        {
            foreach (var member in Members)
                if (await member.CountAsync() != rows) return false;
            return true;
        }, $"{rows} rows on every member", seconds);
        var first = await Members[0].RowsAsync();
        foreach (var member in Members.Skip(1)) Assert.Equal(first, await member.RowsAsync());
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
                foreach (var member in Members) explanation.Add(await member.ExplainAsync());
                Assert.Fail($"{what}: not true within {seconds} seconds\n{string.Join("\n", explanation)}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60) => WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }
}
