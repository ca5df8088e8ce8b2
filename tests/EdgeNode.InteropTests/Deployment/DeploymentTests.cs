using System.Text.Json;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// EdgeLake's docker-compose env files and deployment scripts run unchanged on EdgeNode: a master, two operators (two
/// clusters) and a query node deployed with <c>deploy-node.sh</c> (<see cref="DeploymentNetworks"/>), all on EdgeNode and,
/// in the mixed deployment, with the master and one operator on EdgeLake. Each node runs the scripts without an error,
/// runs the processes EdgeLake runs for its type, publishes the policies EdgeLake publishes (same shape, same ids), the
/// query node counts the rows PUT into both operators, and each operator's scheduler holds the partition-drop task.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class DeploymentTests(DeploymentNetworks networks)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(180);

    /// <summary>Between two looks at a node that is still syncing (each look is a query it logs).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>What EdgeLake runs on a master and on a query node deployed from these files (the operator adds three).</summary>
    private static readonly string[] NodeProcesses = ["Blockchain Sync", "Query Pool", "REST", "Scheduler", "TCP"];

    private static readonly string[] OperatorProcesses = [.. NodeProcesses, "Blobs Archiver", "Operator", "Streamer"];

    /// <summary>Attributes a ledger sets per copy (date, global/local) or per insert (an operator's member id).</summary>
    private static readonly HashSet<string> PerCopy = ["date", "ledger", "member"];

    /// <summary>JSON with its characters as they are ('!' and quotes of the scripts unescaped) for the EdgeLake command line.</summary>
    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Deployments => new("edgenode", "mixed");

    private DeployedNetwork Network(string deployment) => deployment == "mixed" ? networks.Mixed : networks.EdgeNode;

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task Every_node_runs_the_deployment_scripts_without_an_error(string deployment)
    {
        PeerFolder.Require();
        foreach (var node in Network(deployment).Nodes)
        {
            var errors = await node.ScriptErrorsAsync();
            Assert.True(errors.Count == 0, $"{node.Program} {node.Name} ({node.NodeType}) reported:\n{string.Join('\n', errors)}");
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task Each_node_runs_the_processes_EdgeLake_runs_for_its_type(string deployment)
    {
        PeerFolder.Require();
        foreach (var node in Network(deployment).Nodes)
        {
            var expected = node.NodeType == "operator" ? OperatorProcesses : NodeProcesses;
            var running = await node.RunningAsync();
            Assert.True(running.SetEquals(expected),
                $"{node.Program} {node.Name} ({node.NodeType}) runs [{string.Join(", ", running)}], expected [{string.Join(", ", expected.Order())}]");
            Assert.Equal("Not declared", await node.StatusOfAsync("Video Processes"));
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task The_query_node_counts_the_rows_put_into_both_operators(string deployment)
    {
        PeerFolder.Require();
        var query = Network(deployment).Query;
        var expected = DeployedNetwork.RowsFor(1).Count + DeployedNetwork.RowsFor(2).Count;
        var last = "";
        await Eventually.HoldsAsync(async () =>
        {
            last = await query.Rest.QueryAsync(DeployedNetwork.Dbms, "format = json", $"select count(*) from {DeployedNetwork.Table}");
            if (last.Contains($"\"count(*)\":{expected}}}", StringComparison.Ordinal) || last.Contains($"\"count(*)\": {expected}}}", StringComparison.Ordinal))
                return true;
            await Task.Delay(Poll, TestContext.Current.CancellationToken); // the table policy reaches the query node with its next sync
            return false;
        }, $"the {deployment} query node counts {expected} rows; last answer: {last}", Settle);
        Assert.Contains("\"Nodes\": 2", last, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task Each_operator_schedules_the_partition_drop_task(string deployment)
    {
        PeerFolder.Require();
        foreach (var node in Network(deployment).Operators)
        {
            var scheduler = await node.Rest.GetAsync("get scheduler 1");
            Assert.Contains("Scheduler Status: Running", scheduler, StringComparison.Ordinal);
            Assert.Contains("|Drop Partitions", scheduler, StringComparison.Ordinal);
            Assert.Contains("drop partition where dbms = !default_dbms and table = !table_name and keep = !partition_keep", scheduler,
                StringComparison.Ordinal);
            Assert.Contains("delete archive where days = !archive_delete", scheduler, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every policy the EdgeNode deployment publishes has the id EdgeLake computes for it (asked of the mixed deployment's
    /// EdgeLake master), the attributes (in order, with their values) of the policy of the same type and name in the mixed
    /// deployment, and the attribute order of the policies EdgeLake itself published there.
    /// </summary>
    [Fact]
    public async Task EdgeNode_publishes_the_policies_EdgeLake_publishes_with_the_same_shape_and_ids()
    {
        PeerFolder.Require();
        var edgeNode = await LedgerAsync(networks.EdgeNode);
        var mixed = await LedgerAsync(networks.Mixed);
        var edgeLakeMaster = networks.Mixed.Master;
        foreach (var (key, policy) in edgeNode)
        {
            Assert.True(mixed.TryGetValue(key, out var counterpart), $"the mixed deployment has no {key} policy; it has {string.Join(", ", mixed.Keys)}");
            var body = Body(policy);
            Assert.Equal(Keys(counterpart), Keys(policy));
            if (key.Type != "table")
                foreach (var attribute in body.EnumerateObject().Where(a => !PerCopy.Contains(a.Name)))
                    Assert.True(JsonElement.DeepEquals(attribute.Value, Body(counterpart).GetProperty(attribute.Name)),
                        $"{key}: '{attribute.Name}' is {attribute.Value} on EdgeNode, {Body(counterpart).GetProperty(attribute.Name)} in the mixed deployment");
            // the policies EdgeLake published itself (a query node's policy has the master's attributes)
            var family = key.Type == "query" ? "master" : key.Type;
            foreach (var (edgeLakeKey, edgeLakes) in mixed.Where(p => IsEdgeLakes(p.Key) && p.Key.Type == family && p.Key.Child == key.Child))
                Assert.True(Keys(edgeLakes).Where(k => k != "member").SequenceEqual(Keys(policy).Where(k => k != "member")),
                    $"{key} has the attributes [{string.Join(", ", Keys(policy))}], EdgeLake's {edgeLakeKey} [{string.Join(", ", Keys(edgeLakes))}]");
            var edgeLakeId = await EdgeLakeIdAsync(edgeLakeMaster, policy);
            Assert.True(edgeLakeId == body.GetProperty("id").GetString(), $"{key}: EdgeLake gives it the id {edgeLakeId}: {policy}");
        }
    }

    /// <summary>
    /// In the mixed deployment, EdgeLake's master takes each policy EdgeNode's nodes publish once: it refuses none as a
    /// copy it holds (a node that pushed a policy again when a ledger written before the policy came lacked it), except
    /// the retry of a push its sender saw fail. The table policy is left out: both operators create the table, and the
    /// second copy is refused whoever sends it.
    /// </summary>
    [Fact]
    public async Task EdgeLakes_master_gets_each_policy_of_the_edgenode_nodes_once()
    {
        PeerFolder.Require();
        var mixed = await LedgerAsync(networks.Mixed);
        var queue = await networks.Mixed.Master.EchoQueueTextAsync();
        // what the EdgeNode nodes logged of their exchanges with the master, to tell a retry from a second push
        var masterLines = string.Join('\n', networks.Mixed.Nodes.Where(n => !n.OnEdgeLake)
            .SelectMany(n => n.Errors.Split('\n').Where(l => l.Contains("Master ", StringComparison.Ordinal) || l.Contains("master", StringComparison.Ordinal))
                .Select(l => $"{n.Name}: {l}")));
        // a refused copy is allowed only as the retry of a push the node saw fail (logged, queued for the next sync): the
        // first copy got there after all (on a busy machine EdgeLake's master answered another message's error meanwhile)
        foreach (var (key, policy) in mixed.Where(p => !IsEdgeLakes(p.Key) && p.Key.Type != "table"))
            Assert.False(queue.Contains(Body(policy).GetProperty("id").GetString()!, StringComparison.Ordinal)
                         && !masterLines.Contains($"did not take 'blockchain push {{\"{key.Type}\"", StringComparison.Ordinal),
                $"EdgeLake's master refused the {key} policy an EdgeNode node sent, and no EdgeNode node had seen its first push fail: " +
                $"{queue}\nEdgeNode nodes on the master:\n{masterLines}");
    }

    /// <summary>The policies EdgeLake's nodes of the mixed deployment published (the others are EdgeNode's).</summary>
    private static bool IsEdgeLakes(PolicyKey key) =>
        key is { Type: "master" } or { Type: "operator", Name: "edgelake-operator" } or { Type: "cluster", Name: "new-company-cluster1" }
            or { Type: "config", Name: "master-new_company-configs" or "operator-new_company-configs" };

    /// <summary>A policy's type and name; an operator's cluster of one table has its cluster's name and a parent.</summary>
    private readonly record struct PolicyKey(string Type, string Name, bool Child = false)
    {
        public static PolicyKey Of(JsonElement policy) =>
            new(PolicyType(policy), Body(policy).GetProperty("name").GetString()!, Body(policy).TryGetProperty("parent", out _));

        public override string ToString() => $"{Type} '{Name}'" + (Child ? " (table cluster)" : "");
    }

    /// <summary>The master's ledger once it holds the policies of all four nodes, the table the operators created and their table clusters.</summary>
    private static async Task<Dictionary<PolicyKey, JsonElement>> LedgerAsync(DeployedNetwork network)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var ledger = (await network.PoliciesAsync()).GroupBy(PolicyKey.Of).ToDictionary(g => g.Key, g => g.Last());
            if (ledger.Keys.Count(k => k.Type == "config") == 3 && ledger.Keys.Count(k => k.Type == "operator") == 2
                && ledger.Keys.Count(k => k is { Type: "cluster", Child: false }) == 2 && ledger.ContainsKey(new PolicyKey("table", DeployedNetwork.Table))
                && ledger.Keys.Count(k => k is { Type: "cluster", Child: true }) == 2 // each operator's, once its first rows created the table
                && ledger.ContainsKey(new PolicyKey("master", "edgelake-master")) && ledger.ContainsKey(new PolicyKey("query", "edgelake-query")))
                return ledger;
            Assert.True(DateTime.UtcNow < deadline,
                $"the {network.Name} master does not hold every node's policies within {Settle.TotalSeconds:0} s; it has {string.Join(", ", ledger.Keys)}");
            await Task.Delay(Poll, TestContext.Current.CancellationToken);
        }
    }

    private static string PolicyType(JsonElement policy) => policy.EnumerateObject().First().Name;

    private static JsonElement Body(JsonElement policy) => policy.EnumerateObject().First().Value;

    private static List<string> Keys(JsonElement policy) => Body(policy).EnumerateObject().Select(a => a.Name).ToList();

    /// <summary>The id EdgeLake gives the policy's attributes (without those a ledger adds): it prepares it in a variable.</summary>
    private static async Task<string?> EdgeLakeIdAsync(DeployedNode edgeLake, JsonElement policy)
    {
        // the attributes before "id" were the policy when its id was computed; the rest came after (date, member, a table
        // cluster's status); an operator computes a table cluster's id before it marks each of its tables active
        var attributes = new Dictionary<string, object>();
        foreach (var attribute in Body(policy).EnumerateObject().TakeWhile(a => a.Name != "id"))
            attributes[attribute.Name] = attribute.Name == "table" && attribute.Value.ValueKind == JsonValueKind.Array
                ? attribute.Value.EnumerateArray().Select(t => t.EnumerateObject().Where(a => a.Name != "status").ToDictionary(a => a.Name, a => a.Value)).ToList()
                : attribute.Value;
        var content = JsonSerializer.Serialize(new Dictionary<string, object> { [PolicyType(policy)] = attributes }, AsWritten);
        await edgeLake.Rest.PostAsync($"deployment_test_policy = {content}");
        await edgeLake.Rest.PostAsync("blockchain prepare policy !deployment_test_policy");
        using var prepared = JsonDocument.Parse(await edgeLake.Rest.GetAsync("get !deployment_test_policy"));
        return Body(prepared.RootElement).GetProperty("id").GetString();
    }
}
