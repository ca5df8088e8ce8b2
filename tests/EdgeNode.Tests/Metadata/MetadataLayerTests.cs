using EdgeNode.Core.Metadata;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

public sealed class MetadataLayerTests : IAsyncLifetime
{
    private readonly TestNode _node = new();
    private IMetadata _metadata = null!;
    private string _c1 = "";
    private string _c2 = "";

    public async ValueTask InitializeAsync()
    {
        _metadata = _node.Node.Services.Get<IMetadata>();
        await InsertOkAsync(_node, "{\"cluster\": {\"company\": \"acme\", \"name\": \"c1\"}}");
        await InsertOkAsync(_node, "{\"cluster\": {\"company\": \"acme\", \"name\": \"c2\"}}");
        _c1 = await _node.OkAsync("blockchain get cluster where name = c1 bring [cluster][id]");
        _c2 = await _node.OkAsync("blockchain get cluster where name = c2 bring [cluster][id]");
        await Operator("a1", "10.0.0.1", _c1, main: true);
        await Operator("a2", "10.0.0.2", _c1);
        await Operator("b1", "10.0.1.1", _c2);
        await Operator("b2", "10.0.1.2", _c2, localIp: "192.168.0.2");
        await InsertOkAsync(_node, "{\"table\": {\"name\": \"ping\", \"dbms\": \"lsl\", \"create\": \"CREATE TABLE ping(x int);\"}}");
        foreach (var cluster in new[] { _c1, _c2 })
            await InsertOkAsync(_node, $"{{\"cluster\": {{\"parent\": \"{cluster}\", \"name\": \"x\", \"company\": \"acme\", \"table\": [{{\"dbms\": \"lsl\", \"name\": \"ping\"}}]}}}}");
    }

    private Task Operator(string name, string ip, string cluster, bool main = false, string? localIp = null) =>
        InsertOkAsync(_node, $"{{\"operator\": {{\"name\": \"{name}\", \"company\": \"acme\", \"ip\": \"{ip}\", " +
                             (localIp is null ? "" : $"\"local_ip\": \"{localIp}\", ") +
                             $"\"port\": 32148, \"cluster\": \"{cluster}\", \"main\": {(main ? "true" : "false")}}}}}");

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void Queries_go_to_one_operator_per_cluster_the_main_one_first()
    {
        var first = _metadata.GetQueryTargets("lsl", "ping");
        Assert.Equal(2, first.Count);
        Assert.Equal("a1", first[0].Name);
        Assert.True(first[0].IsMain);
        Assert.Equal(_c1, first[0].ClusterId);
        Assert.Equal("10.0.0.1:32148", first[0].IpPort);
        var second = _metadata.GetQueryTargets("LSL", "Ping", "ACME");
        Assert.Equal("a1", second[0].Name);
        Assert.NotEqual(first[1].Name, second[1].Name); // round robin between b1 and b2 (no main in c2)
        Assert.Empty(_metadata.GetQueryTargets("lsl", "pong"));
        Assert.Empty(_metadata.GetQueryTargets("lsl", "ping", "other company"));
    }

    [Fact]
    public async Task Operators_marked_not_responding_are_skipped_while_others_answer()
    {
        _metadata.SetOperatorStatus("10.0.0.1:32148", OperatorStatus.NotResponding);
        Assert.Equal("a2", _metadata.GetQueryTargets("lsl", "ping")[0].Name);
        _metadata.SetOperatorStatus("10.0.0.2:32148", OperatorStatus.NotResponding);
        var fallback = _metadata.GetQueryTargets("lsl", "ping")[0];
        Assert.Equal(OperatorStatus.NotResponding, fallback.Status);
        _metadata.SetOperatorStatus("10.0.0.1:32148", OperatorStatus.Active);
        Assert.Equal("a1", _metadata.GetQueryTargets("lsl", "ping")[0].Name);
        Assert.Contains("|not_responding|", await _node.OkAsync("get data nodes"), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_files_rotate_over_the_clusters_that_host_the_table()
    {
        var clusters = Enumerable.Range(0, 4).Select(_ => _metadata.GetNextDataTarget("lsl", "ping", "acme")!.ClusterId).ToList();
        Assert.Equal(2, clusters.Distinct().Count());
        Assert.NotEqual(clusters[0], clusters[1]);
        Assert.Null(_metadata.GetNextDataTarget("lsl", "nothing"));
    }

    [Fact]
    public void Cluster_membership_table_policies_and_policies_by_id()
    {
        Assert.True(_metadata.ClusterServes(_c1, "acme", "lsl", "ping"));
        Assert.False(_metadata.ClusterServes(_c1, "acme", "lsl", "pong"));
        Assert.False(_metadata.ClusterServes(_c1, "other", "lsl", "ping"));
        Assert.Equal(["a1", "a2"], _metadata.GetClusterMembers(_c1).Select(m => m.Name));
        Assert.Equal("CREATE TABLE ping(x int);", _metadata.GetTablePolicy("LSL", "PING")!.Text("create"));
        Assert.Null(_metadata.GetTablePolicy("lsl", "pong"));
        var op = _metadata.GetPolicies("operator")[0];
        Assert.Same(op, _metadata.GetPolicy(op.Id));
        Assert.Equal(_c1, op.Text("cluster"));
        Assert.NotNull(op.Integer("member"));
        Assert.True(op.Flag("main"));
    }

    [Fact]
    public void An_operator_behind_this_nodes_external_ip_is_reached_on_its_local_ip()
    {
        _node.Node.Dictionary.Set("external_ip", "10.0.1.2");
        var b2 = _metadata.GetClusterMembers(_c2).Single(m => m.Name == "b2");
        Assert.Equal("192.168.0.2:32148", b2.IpPort);
        Assert.Equal("10.0.1.2:32148", b2.ExternalIpPort);
    }

    [Fact]
    public async Task Changes_are_announced_and_the_layer_follows_them()
    {
        var changes = 0;
        _metadata.Changed += (_, _) => Interlocked.Increment(ref changes);
        await InsertOkAsync(_node, $"{{\"cluster\": {{\"parent\": \"{_c1}\", \"name\": \"x\", \"company\": \"acme\", \"table\": [{{\"dbms\": \"lsl\", \"name\": \"pong\"}}]}}}}");
        Assert.Equal(1, changes);
        Assert.True(_metadata.ClusterServes(_c1, "acme", "lsl", "pong"));
        Assert.Single(_metadata.GetQueryTargets("lsl", "pong"));
        Assert.Equal(32, _metadata.Version.Length);
    }

    [Fact]
    public async Task A_cluster_without_a_company_belongs_to_the_company_none_as_in_EdgeLake()
    {
        // this node refuses such a cluster policy, but a ledger synced from elsewhere may hold one
        await using var node = new TestNode();
        const string loose = "c0ffee00c0ffee00c0ffee00c0ffee00";
        var ledger = node.Var("blockchain_file")!;
        Directory.CreateDirectory(Path.GetDirectoryName(ledger)!);
        await File.WriteAllLinesAsync(ledger, [
            $"{{\"cluster\": {{\"name\": \"loose\", \"id\": \"{loose}\", \"table\": [{{\"dbms\": \"edge\", \"name\": \"solo\"}}]}}}}",
            $"{{\"operator\": {{\"name\": \"n1\", \"id\": \"c0ffee01c0ffee01c0ffee01c0ffee01\", \"ip\": \"10.0.2.1\", \"port\": 32148, \"cluster\": \"{loose}\"}}}}"],
            TestContext.Current.CancellationToken);
        var metadata = node.Node.Services.Get<IMetadata>();
        Assert.Contains("\r\nnone   |edge|solo |", await node.OkAsync("get data nodes"), StringComparison.Ordinal);
        Assert.Equal("none", metadata.GetDbmsCompany("edge")); // the publisher's company when it is given none
        Assert.Equal(loose, metadata.GetNextDataTarget("edge", "solo", "none")!.ClusterId); // run publisher where company = none
        Assert.Equal(loose, metadata.GetNextDataTarget("edge", "solo", "NONE")!.ClusterId);
        Assert.Null(metadata.GetNextDataTarget("edge", "solo", "acme"));
        Assert.True(metadata.ClusterServes(loose, "", "edge", "solo"));
    }
}
