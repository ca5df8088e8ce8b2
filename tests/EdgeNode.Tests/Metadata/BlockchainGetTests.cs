using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

public sealed class BlockchainGetTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public async ValueTask InitializeAsync()
    {
        await InsertOkAsync(_node, Cluster);
        await InsertOkAsync(_node, Operator);
        await InsertOkAsync(_node, "{\"cluster\": {\"company\": \"acme\", \"name\": \"c2\"}}");
        var c2 = await _node.OkAsync("blockchain get cluster where company = acme bring [cluster][id]");
        await InsertOkAsync(_node, $"{{\"operator\": {{\"name\": \"op-b\", \"company\": \"acme\", \"ip\": \"10.0.0.2\", \"local_ip\": \"192.168.1.2\", \"port\": 32148, \"rest_port\": 32149, \"cluster\": \"{c2}\"}}}}");
        await InsertOkAsync(_node, $"{{\"operator\": {{\"name\": \"op-c\", \"company\": \"acme\", \"ip\": \"10.0.0.3\", \"port\": 32150, \"rest_port\": 32151, \"cluster\": \"{c2}\", \"main\": false}}}}");
        await InsertOkAsync(_node, "{\"query\": {\"name\": \"q1\", \"company\": \"acme\", \"ip\": \"10.0.0.9\", \"port\": 32348}}");
        await InsertOkAsync(_node, $"{{\"cluster\": {{\"parent\": \"{c2}\", \"name\": \"c2\", \"company\": \"acme\", \"table\": [{{\"dbms\": \"lsl\", \"name\": \"ping\"}}, {{\"dbms\": \"lsl\", \"name\": \"pong\"}}]}}}}");
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private Task<string> Ok(string line) => _node.OkAsync(line);

    [Fact]
    public async Task Bring_table_prints_what_edgelake_printed()
    {
        var output = await Ok("blockchain get operator where company = \"Baseline Co\" bring.table [*] [*][name] [*][ip] [*][port]");
        Assert.Equal(File.ReadAllText(ReferenceOutputs.File("blockchain_get_operator_table.txt")).TrimEnd('\n', '\r'), output.TrimEnd('\n', '\r'));
    }

    [Fact]
    public async Task Get_of_several_types_with_bring_table_names_each_policy()
    {
        var output = await Ok("blockchain get (operator, query) where company = acme bring.table [*] [*][name] [*][ip]");
        Assert.Equal(Crlf("\nPolicy   Name Ip       \n--------|----|--------|\noperator|op-b|10.0.0.2|\noperator|op-c|10.0.0.3|\nquery   |q1  |10.0.0.9|\n"), output);
    }

    [Fact]
    public async Task Plain_bring_joins_keys_and_literals_per_policy_and_policies_by_the_separator()
    {
        Assert.Equal("10.0.0.2:32148,10.0.0.3:32150", await Ok("blockchain get operator where company = acme bring [operator][ip] : [operator][port] separator = ,"));
        Assert.Equal("op-b op-c ", await Ok("blockchain get operator where company = acme bring [operator][name] \" \""));
        Assert.Equal("op-b\nop-c", await Ok("blockchain get operator where company = acme bring [operator][name] separator = \\n"));
    }

    [Fact]
    public async Task Bring_variants_first_recent_last_unique_count_list_min_max()
    {
        Assert.Equal("op-b", await Ok("blockchain get operator where company = acme bring.first [operator][name]"));
        Assert.Equal("op-c", await Ok("blockchain get operator where company = acme bring.recent [operator][name]"));
        // bring.last is EdgeLake's alias of bring.recent; nothing matching is an empty list
        Assert.Equal("op-c", await Ok("blockchain get operator where company = acme bring.last [operator][name]"));
        Assert.Equal(await Ok("blockchain get operator where company = acme bring.recent"), await Ok("blockchain get operator where company = acme bring.last"));
        Assert.Equal("[]", await Ok("blockchain get operator where company = nobody bring.last"));
        Assert.Equal("acme", await Ok("blockchain get (operator, query) where company = acme bring.unique [*][company]"));
        Assert.Equal("3", await Ok("blockchain get operator bring.count"));
        Assert.Equal("3", await Ok("blockchain get * where company = acme bring.unique.count [*][port]"));
        Assert.Equal("1", await Ok("blockchain get operator where company = acme bring.unique.count [*][company]"));
        Assert.Equal("[\"op-b\", \"op-c\"]", await Ok("blockchain get operator where company = acme bring.list [operator][name]"));
        Assert.Equal("32148", await Ok("blockchain get operator bring.min [operator][port]"));
        Assert.Equal("32150", await Ok("blockchain get operator bring.max [operator][port]"));
    }

    [Fact]
    public async Task Bring_json_reduces_policies_to_the_keys()
    {
        Assert.Equal("[{\"operator\": {\"name\": \"op-b\", \"port\": 32148}}, {\"operator\": {\"name\": \"op-c\", \"port\": 32150}}]",
            await Ok("blockchain get operator where company = acme bring.json [operator][name] [operator][port]"));
    }

    [Fact]
    public async Task Missing_values_drop_the_policy_unless_bring_null()
    {
        Assert.Equal("op-b", await Ok("blockchain get operator where company = acme bring [operator][name] [operator][local_ip] separator = ,")
            .ContinueWith(t => t.Result.Split(',')[0][..4], TestContext.Current.CancellationToken));
        Assert.Equal("op-b:192.168.1.2,op-c:", await Ok("blockchain get operator where company = acme bring.null [operator][name] : [operator][local_ip] separator = ,"));
        Assert.Equal("op-b:192.168.1.2", await Ok("blockchain get operator where company = acme bring [operator][name] : [operator][local_ip] separator = ,"));
    }

    [Fact]
    public async Task Bring_ip_port_uses_the_local_ip_behind_the_same_external_ip()
    {
        Assert.Equal("127.0.0.1:32148,10.0.0.2:32148,10.0.0.3:32150", await Ok("blockchain get operator bring.ip_port"));
        _node.Node.Dictionary.Set("external_ip", "10.0.0.2");
        Assert.Equal("192.168.1.2:32148", await Ok("blockchain get operator where name = op-b bring.ip_port"));
    }

    [Fact]
    public async Task Bring_table_sort_orders_rows_by_column()
    {
        var output = await Ok("blockchain get operator bring.table.sort(1) [operator][name] [operator][port]");
        Assert.Equal(["el-baseline", "op-b", "op-c"], Rows(output).Select(r => r[0]));
        output = await Ok("blockchain get operator bring.table.sort(1,0) [operator][name] [operator][port]");
        Assert.Equal(["el-baseline", "op-b", "op-c"], Rows(output).Select(r => r[0]));
        var bad = await _node.RunAsync("blockchain get operator bring.table.sort(5) [operator][name]");
        Assert.Contains("column 5", bad.Text, StringComparison.Ordinal);
    }

    private static List<string[]> Rows(string table) =>
        table.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).ToList();

    [Fact]
    public async Task Where_accepts_bracket_keys_comparisons_or_not_and_groups()
    {
        Assert.Equal("op-b,q1", await Ok("blockchain get * where [name] == op-b or [name] == q1 bring [*][name] separator = ,"));
        Assert.Equal("op-c", await Ok("blockchain get operator where [operator][port] > 32148 bring [operator][name]"));
        Assert.Equal("el-baseline,op-c", await Ok("blockchain get operator where [port] >= 32150 or ([company] == \"Baseline Co\" and not [name] = x) bring [*][name] separator = ,"));
        Assert.Equal("op-b,op-c", await Ok("blockchain get operator where name = (op-b, op-c) bring [*][name] separator = ,"));
        Assert.Equal("el-baseline,op-c", await Ok("blockchain get operator where local_ip != 192.168.1.2 bring [*][name] separator = ,"));
        Assert.Equal("op-b", await Ok("blockchain get operator where local_ip = * bring [*][name]"));
        Assert.Equal("op-b,op-c", await Ok("blockchain get operator where name startswith op bring [*][name] separator = ,"));
    }

    [Fact]
    public async Task A_list_attribute_matches_when_any_entry_does()
    {
        var parent = await Ok("blockchain get cluster where company = acme and parent = * bring [cluster][parent]");
        Assert.Equal(parent, await Ok("blockchain get cluster where table[dbms] = lsl and table[name] = pong bring [cluster][parent]"));
        Assert.Equal(parent, await Ok("blockchain get cluster where [cluster][table][name] == ping bring [cluster][parent]"));
        Assert.Equal("ping,pong", await Ok("blockchain get cluster where parent = * bring [cluster][table][name]"));
        Assert.Equal("[]", await Ok("blockchain get cluster where table[name] = nothing"));
    }

    [Fact]
    public async Task Children_parents_extend_and_paths_follow_parent_links()
    {
        Assert.Equal("c2", await Ok("blockchain get cluster where company = acme and parent = * bring.parents [cluster][name]"));
        Assert.Equal("ping,pong", await Ok("blockchain get cluster where name = c2 and parent != * bring.children [cluster][table][name]"));
        Assert.Equal("2", await Ok("blockchain get cluster where company = acme and parent != * bring.extend.count"));
        Assert.Equal("c2/c2", await Ok("blockchain get cluster where company = acme and parent = * bring.paths"));
    }

    [Fact]
    public async Task From_a_variable_applies_bring_to_the_policies_it_holds()
    {
        await Ok("ops = blockchain get operator where company = acme");
        Assert.Equal("10.0.0.2:32148,10.0.0.3:32150", await Ok("from !ops bring [operator][ip] : [operator][port] separator = ,"));
        await Ok("one = blockchain get query");
        Assert.Equal("q1", await Ok("from !one bring [query][name]"));
    }

    [Fact]
    public async Task Without_bring_the_output_is_a_json_list_as_json_dumps_prints_it()
    {
        var result = await _node.RunAsync("blockchain get query");
        Assert.Equal(OutputFormat.Json, result.Format);
        Assert.StartsWith("[{\"query\": {\"name\": \"q1\", \"company\": \"acme\", \"ip\": \"10.0.0.9\", \"port\": 32348, \"id\": \"", result.Text, StringComparison.Ordinal);
        Assert.Equal("[]", await Ok("blockchain get master"));
        Assert.Equal("", await Ok("blockchain get master bring [master][ip]"));
    }

    [Theory]
    [InlineData("blockchain get", "needs a policy type")]
    [InlineData("blockchain get where name = x", "needs a policy type")]
    [InlineData("blockchain get operator name = x", "unexpected 'name'")]
    [InlineData("blockchain get operator where name x", "after 'name'")]
    [InlineData("blockchain get operator where name =", "missing value")]
    [InlineData("blockchain get operator where name = a and", "missing condition")]
    [InlineData("blockchain get operator bring.tabel [operator][name]", "unknown bring variant 'tabel'")]
    [InlineData("blockchain get operator bring [operator][name", "unbalanced '['")]
    [InlineData("blockchain get operator bring.sort(1) [operator][name]", "sort(..) applies to bring.table")]
    [InlineData("blockchain get operator where company = !undeclared_company", "variable '!undeclared_company' at position 40 is not declared")]
    public async Task Errors_name_the_bad_part_of_the_command(string line, string expected)
    {
        var result = await _node.RunAsync(line);
        Assert.True(result.IsError, line);
        Assert.Contains(expected, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_ledger_prints_back_exactly_as_edgelake_printed_it()
    {
        await using var node = new TestNode();
        WriteLedgerFromReference(node, "blockchain_get_all_final.txt");
        Assert.Equal(File.ReadAllText(ReferenceOutputs.File("blockchain_get_all_final.txt")).TrimEnd('\n', '\r'), await node.OkAsync("blockchain get *"));
        Assert.Equal(File.ReadAllText(ReferenceOutputs.File("get_data_nodes_final.txt")), await node.OkAsync("get data nodes"));
    }

    [Fact]
    public async Task Columns_come_from_the_table_policy_on_a_node_without_the_database_as_edgelake_prints_them()
    {
        await using var node = new TestNode();
        WriteLedgerFromReference(node, "blockchain_get_all_final.txt");
        Assert.Equal(File.ReadAllText(ReferenceOutputs.File("get_columns.txt")), await node.OkAsync("get columns where dbms = test and table = rand_data"));
        Assert.Equal("{\"row_id\": \"integer\", \"insert_timestamp\": \"timestamp without time zone\", \"tsd_name\": \"char(3)\", \"tsd_id\": \"int\", " +
                     "\"timestamp\": \"timestamp without time zone\", \"value\": \"decimal\"}",
            await node.OkAsync("get columns where dbms = test and table = rand_mqtt and format = json"));
        Assert.Equal("[{\"column\": \"timestamp\"}, {\"column\": \"value\"}]",
            await node.OkAsync("get columns where dbms = test and table = rand_data and format = list and sys_col = false"));
        Assert.Equal("[{\"name\": \"value\", \"type\": \"decimal\"}]",
            await node.OkAsync("get columns where dbms = test and table = rand_data and format = mcp and type = decimal"));
        var missing = await node.RunAsync("get columns where dbms = test and table = nowhere");
        Assert.Equal(EdgeNode.Core.Commands.ErrorCode.TableNotFound, missing.Code);
        Assert.Contains("no table policy declares test.nowhere", missing.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_nodes_in_json_name_the_table_on_every_row()
    {
        await using var node = new TestNode();
        WriteLedgerFromReference(node, "blockchain_get_all_final.txt");
        var rows = JsonNode.Parse(await node.OkAsync("get data nodes where format = json"))!.AsArray();
        Assert.Equal(["rand_data", "rand_mqtt", "rand_broker"], rows.Select(r => r!["Table"]!.GetValue<string>()));
        Assert.Equal(9, rows[0]!["Member ID"]!.GetValue<long>());
        Assert.Single(JsonNode.Parse(await node.OkAsync("get data nodes where table = rand_mqtt and format = json"))!.AsArray());
    }
}
