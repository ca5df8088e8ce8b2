using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

public sealed class BlockchainInsertTests
{
    [Fact]
    public async Task Policies_inserted_as_the_deployment_scripts_write_them_get_edgelakes_ids_and_shape()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        await InsertOkAsync(node, Operator);
        var policies = JsonNode.Parse(await node.OkAsync("blockchain get *"))!.AsArray();
        Assert.Equal([ClusterId, OperatorId], policies.Select(p => p!.AsObject().First().Value!["id"]!.GetValue<string>()));
        var op = policies[1]!["operator"]!.AsObject();
        Assert.Equal(["name", "company", "hostname", "ip", "port", "rest_port", "cluster", "main", "loc", "country", "state", "city", "id", "date", "member", "ledger"],
            op.Select(kv => kv.Key));
        Assert.InRange(op["member"]!.GetValue<long>(), 1, 255);
        Assert.Equal("local", op["ledger"]!.GetValue<string>());
        LedgerFileTests.AssertSpecLedger(node.Var("blockchain_file")!);
    }

    [Fact]
    public async Task A_child_cluster_gets_its_id_before_the_statuses_are_added()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        await InsertOkAsync(node, "{\"cluster\": {\"parent\": \"0308c4344e75f77092d7b396812545e4\", \"name\": \"baseline-cluster\", \"company\": \"Baseline Co\", " +
                                   "\"table\": [{\"dbms\": \"test\", \"name\": \"rand_data\"}], \"source\": \"Node at 127.0.0.1:32148\"}}");
        var child = JsonNode.Parse(await node.OkAsync("blockchain get cluster where parent = " + ClusterId))!.AsArray().Single()!["cluster"]!;
        Assert.Equal("66ca4d9a61036e7f1561b7869785a853", child["id"]!.GetValue<string>());
        Assert.Equal("active", child["table"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(["parent", "name", "company", "table", "source", "id", "date", "status", "ledger"], child.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public async Task An_operator_without_a_valid_cluster_is_refused_with_error_87()
    {
        await using var node = new TestNode();
        var none = await InsertAsync(node, "{\"operator\": {\"name\": \"op\", \"company\": \"c\", \"ip\": \"10.0.0.1\", \"port\": 32148}}");
        Assert.Equal(ErrorCode.OperatorClusterMissing, none.Code);
        Assert.Equal(87, (int)none.Code);
        var unknown = await InsertAsync(node, "{\"operator\": {\"name\": \"op\", \"company\": \"c\", \"ip\": \"10.0.0.1\", \"port\": 32148, \"cluster\": \"nope\"}}");
        Assert.Equal(ErrorCode.OperatorClusterMissing, unknown.Code);
        Assert.Contains("'nope'", unknown.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(node.Var("blockchain_file")));
    }

    [Fact]
    public async Task Operator_ip_port_and_name_are_unique_and_a_policy_goes_in_once()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        await InsertOkAsync(node, Operator);
        var again = await InsertAsync(node, Operator);
        Assert.Equal(ErrorCode.DuplicatePolicy, again.Code);
        var samePort = await InsertAsync(node, Operator.Replace("el-baseline", "other", StringComparison.Ordinal));
        Assert.Equal(ErrorCode.DuplicatePolicy, samePort.Code);
        Assert.Contains("127.0.0.1:32148", samePort.Text, StringComparison.Ordinal);
        var sameName = await InsertAsync(node, Operator.Replace("32148", "32150", StringComparison.Ordinal));
        Assert.Equal(ErrorCode.DuplicatePolicy, sameName.Code);
        Assert.Contains("el-baseline", sameName.Text, StringComparison.Ordinal);
        Assert.Equal("2", await node.OkAsync("blockchain get * bring.count"));
    }

    [Fact]
    public async Task Missing_attributes_and_bad_json_are_named()
    {
        await using var node = new TestNode();
        var table = await InsertAsync(node, "{\"table\": {\"name\": \"t\"}}");
        Assert.Equal(ErrorCode.PolicyError, table.Code);
        Assert.Contains("'dbms'", table.Text, StringComparison.Ordinal);
        var json = await node.RunAsync("blockchain insert where policy = {\"a\": 1 and local = true");
        Assert.True(json.IsError);
        var notPolicy = await InsertAsync(node, "{\"a\": {}, \"b\": {}}");
        Assert.Equal(ErrorCode.JsonError, notPolicy.Code);
        Assert.Contains("one root key", notPolicy.Text, StringComparison.Ordinal);
        var undefined = await node.RunAsync("blockchain insert where policy = !nothing and local = true");
        Assert.Equal(ErrorCode.UndefinedVariable, undefined.Code);
        var platform = await InsertAsync(node, ClusterPolicy, " and blockchain = ethereum");
        Assert.Equal(ErrorCode.NotSupported, platform.Code);
    }

    [Fact]
    public async Task Defaults_fill_a_node_policy_after_its_id()
    {
        await using var node = new TestNode();
        node.Node.Dictionary.Set("external_ip", "203.0.113.5");
        await InsertOkAsync(node, "{\"query\": {\"name\": \"q1\", \"company\": \"acme\"}}");
        var query = JsonNode.Parse(await node.OkAsync("blockchain get query"))!.AsArray().Single()!["query"]!.AsObject();
        Assert.Equal(ReferencePolicyId.Of("{\"query\": {\"name\": \"q1\", \"company\": \"acme\"}}"), query["id"]!.GetValue<string>());
        Assert.Equal("203.0.113.5", query["ip"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", query["local_ip"]!.GetValue<string>());
        Assert.Equal(32348, query["port"]!.GetValue<long>());
        Assert.Equal(32349, query["rest_port"]!.GetValue<long>());
    }

    [Fact]
    public async Task Prepare_adds_id_and_date_and_get_id_prints_the_id()
    {
        await using var node = new TestNode();
        node.Node.Dictionary.Set("p", ClusterPolicy);
        Assert.Equal(ClusterId, await node.OkAsync("blockchain get id !p"));
        await node.OkAsync("prepared = blockchain prepare policy !p");
        var prepared = JsonNode.Parse(node.Var("prepared")!)!["cluster"]!;
        Assert.Equal(ClusterId, prepared["id"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", prepared["date"]!.GetValue<string>());
        node.Node.Dictionary.Set("bad", "{\"operator\": {\"name\": \"x\", \"company\": \"c\"}}");
        Assert.Equal(ErrorCode.OperatorClusterMissing, (await node.RunAsync("blockchain prepare policy !bad")).Code);
        Assert.False(File.Exists(node.Var("blockchain_file")), "prepare does not write the ledger");
    }

    [Fact]
    public async Task Add_appends_without_validation_and_refuses_a_known_id()
    {
        await using var node = new TestNode();
        await node.OkAsync("blockchain add {\"tag\": {\"name\": \"t1\"}}");
        var tag = JsonNode.Parse(await node.OkAsync("blockchain get tag"))!.AsArray().Single()!["tag"]!;
        Assert.Equal(ReferencePolicyId.Of("{\"tag\": {\"name\": \"t1\"}}"), tag["id"]!.GetValue<string>());
        Assert.Equal(ErrorCode.DuplicatePolicy, (await node.RunAsync("blockchain add {\"tag\": {\"name\": \"t1\"}}")).Code);
    }
}
