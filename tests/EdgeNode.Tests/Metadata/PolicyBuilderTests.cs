using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

public sealed class PolicyBuilderTests
{
    [Fact]
    public async Task Create_policy_with_defaults_builds_the_policies_of_the_deployment_scripts()
    {
        await using var node = new TestNode();
        node.Node.Dictionary.Set("hostname", "vm");
        node.Node.Dictionary.Set("anylog_server_port", "32148");
        node.Node.Dictionary.Set("anylog_rest_port", "32149");
        await node.OkAsync("cluster = create policy cluster with defaults where company = \"Baseline Co\" and name = baseline-cluster");
        Assert.Equal(ClusterPolicy, node.Var("cluster"));
        await node.OkAsync("blockchain insert where policy = !cluster and local = true");
        await node.OkAsync("cluster_id = blockchain get cluster where name = baseline-cluster bring [cluster][id]");
        await node.OkAsync("operator = create policy operator with defaults where name = el-baseline and company = \"Baseline Co\" and cluster = !cluster_id and main = true");
        Assert.Equal(Operator, node.Var("operator"));
        await node.OkAsync("blockchain insert where policy = !operator and local = true");
        Assert.Equal(OperatorId, await node.OkAsync("blockchain get operator bring [operator][id]"));
    }

    [Fact]
    public async Task Create_policy_without_defaults_keeps_the_pairs_as_given()
    {
        await using var node = new TestNode();
        Assert.Equal("{\"tag\": {\"name\": \"t1\", \"parent\": \"p\", \"port\": 5, \"list\": [1, 2]}}",
            await node.OkAsync("create policy tag where name = t1 and parent = p and port = 5 and list = [1, 2]"));
        Assert.Equal(ErrorCode.CommandStructure, (await node.RunAsync("create policy tag with where name = t")).Code);
        Assert.Equal(ErrorCode.UndefinedVariable, (await node.RunAsync("create policy tag where name = !nothing")).Code);
    }

    [Fact]
    public async Task Set_policy_builds_nested_json_with_typed_values()
    {
        await using var node = new TestNode();
        node.Node.Dictionary.Set("node_port", "32148");
        node.Node.Dictionary.Set("x", "true");
        await node.OkAsync("set policy p [operator] = {}");
        await node.OkAsync("set policy p [operator][name] = !node_name");
        await node.OkAsync("set policy p [operator][port] = !node_port.int");
        await node.OkAsync("set policy p [operator][main] = !x.bool");
        await node.OkAsync("set policy p [operator][text] = \"32148\"");
        await node.OkAsync("set policy p [operator][tables] = [{\"dbms\": \"d\"}]");
        await node.OkAsync("set policy p [operator][nested][deep] = two words");
        Assert.Equal("{\"operator\": {\"name\": \"edgenode\", \"port\": 32148, \"main\": true, \"text\": \"32148\", \"tables\": [{\"dbms\": \"d\"}], \"nested\": {\"deep\": \"two words\"}}}",
            node.Var("p"));
        Assert.Equal(ErrorCode.CommandStructure, (await node.RunAsync("set policy p name = x")).Code);
        node.Node.Dictionary.Set("text", "plain");
        Assert.Equal(ErrorCode.JsonError, (await node.RunAsync("set policy text [a] = 1")).Code);
    }

    [Fact]
    public async Task Config_from_policy_runs_its_script_with_values_resolved_at_run_time()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, "{\"config\": {\"name\": \"cfg\", \"company\": \"acme\", \"script\": [\"set configured = !company_name\", \"set step = 2\"]}}");
        var id = await node.OkAsync("blockchain get config bring [config][id]");
        node.Node.Dictionary.Set("company_name", "set later");
        await node.OkAsync($"config from policy where id = {id}");
        Assert.Equal("set later", node.Var("configured"));
        Assert.Equal("2", node.Var("step"));
        Assert.Contains($"Script from policy {id} processed", node.Output.ToString(), StringComparison.Ordinal);
        var listed = await node.OkAsync("get config policies");
        Assert.Contains($"{id}|cfg        |    0|       |", listed, StringComparison.Ordinal);
        Assert.StartsWith("\r\nPolicy ID                        Policy_name Error Message \r\n", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_from_policy_reports_the_failing_command_and_an_unknown_id()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, "{\"config\": {\"name\": \"bad\", \"script\": [\"set a = 1\", \"no such command here\", \"set b = 2\"]}}");
        var id = await node.OkAsync("blockchain get config bring [config][id]");
        var result = await node.RunAsync($"config from policy where id = {id}");
        Assert.True(result.IsError);
        Assert.Contains("'no such command here' failed", result.Text, StringComparison.Ordinal);
        Assert.Null(node.Var("b"));
        Assert.Contains("|    2|", await node.OkAsync("get config policies"), StringComparison.Ordinal);
        Assert.Equal(ErrorCode.PolicyNotFound, (await node.RunAsync("config from policy where id = nothing")).Code);
    }

    [Fact]
    public async Task A_config_policy_with_ports_starts_the_servers_it_names()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, "{\"config\": {\"name\": \"srv\", \"ip\": \"!overlay_ip\", \"port\": \"!anylog_server_port.int\"}}");
        var id = await node.OkAsync("blockchain get config bring [config][id]");
        var missing = await node.RunAsync($"config from policy where id = {id}");
        Assert.Equal(ErrorCode.UndefinedVariable, missing.Code);
        Assert.Contains("'port'", missing.Text, StringComparison.Ordinal);
        node.Node.Dictionary.Set("anylog_server_port", "32999");
        var started = await node.RunAsync($"config from policy where id = {id}");
        // the TCP server command belongs to the network module; the policy asks for it with the resolved values
        Assert.Contains($"Configure TCP Server from policy {id}", node.Output.ToString(), StringComparison.Ordinal);
        if (started.IsError) Assert.Contains("run tcp server where external_ip = 127.0.0.1 and external_port = 32999", started.Text, StringComparison.Ordinal);
    }
}
