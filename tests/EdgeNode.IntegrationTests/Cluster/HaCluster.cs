namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// A cluster of operators in one process, each a real node built as the executable builds it (TCP server on a free port
/// of 127.0.0.1, SQLite, each in a home of its own), holding the same ledger: the cluster, its operators (the first is
/// main), the table and its assignment to the cluster. Each member runs its start script (<see cref="HaMemberScript"/>:
/// operator with <c>distributor = true</c>, distributor, consumer with a pass every second). A query node with the same
/// ledger is added on request. (Issue 19's network of processes, killed and restarted: <see cref="HaProcessNetwork"/>.)
/// </summary>
internal sealed class HaCluster : IAsyncDisposable
{
    private const string Name = "ha-cluster";
    private readonly List<TestNode> _nodes = [];
    private readonly List<string> _homes = [];
    private bool _consumer;
    private bool _edgeLakeOrder;

    public List<HaMember> Members { get; } = [];

    public TestNode? Query { get; private set; }

    public string ClusterId { get; private set; } = "";

    /// <summary>
    /// <paramref name="members"/> operators member-1, member-2.. with member ids 1, 2..; <paramref name="edgeLakeOrder"/>: each
    /// starts its distributor and consumer before its operator, as EdgeLake's deployment scripts do.
    /// </summary>
    public static async Task<HaCluster> StartAsync(int members = 2, bool query = false, bool consumer = true, bool edgeLakeOrder = false)
    {
        var cluster = new HaCluster { _consumer = consumer, _edgeLakeOrder = edgeLakeOrder };
        try
        {
            await cluster.BuildAsync(members, query);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(int count, bool query)
    {
        for (var i = 1; i <= count; i++)
        {
            var home = Directory.CreateTempSubdirectory("edgenode-ha-").FullName;
            _homes.Add(home);
            var node = new TestNode(home);
            _nodes.Add(node);
            Members.Add(new HaMember(node, $"member-{i}", FreePort.Get(), i));
        }
        if (query)
        {
            Query = new TestNode();
            _nodes.Add(Query);
        }
        var first = Members[0].Node;
        await InsertAsync(first, HaPolicies.Cluster(Name));
        ClusterId = (await first.OkAsync($"blockchain get cluster where name = {Name} bring [cluster][id]")).Trim();
        List<string> policies = [HaPolicies.Cluster(Name), HaPolicies.TablePolicy(), HaPolicies.TableCluster(ClusterId, Name)];
        policies.AddRange(Members.Select(m => HaPolicies.Operator(m.Name, m.Port, ClusterId, m.Member, main: m.Member == 1)));
        foreach (var node in _nodes)
        foreach (var policy in policies.Skip(node == first ? 1 : 0))
            await InsertAsync(node, policy);
        foreach (var member in Members)
        {
            foreach (var command in HaMemberScript.BeforeLedger(member.Port, master: null)) await member.OkAsync(command);
            foreach (var command in HaMemberScript.AfterLedger(member.Name, restPort: 0, _consumer, _edgeLakeOrder)) await member.OkAsync(command);
        }
        if (Query is not null)
        {
            await Query.OkAsync("connect dbms system_query where type = sqlite and memory = true");
            await Query.OkAsync(HaMemberScript.TcpServer(FreePort.Get()));
        }
    }

    private static Task<string> InsertAsync(TestNode node, string policy)
    {
        node.Node.Dictionary.Set("new_policy", policy);
        return node.OkAsync("blockchain insert where policy = !new_policy and local = true");
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
