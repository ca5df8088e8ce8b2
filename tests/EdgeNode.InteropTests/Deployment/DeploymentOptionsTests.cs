using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// The options of EdgeLake's env files on EdgeNode (<see cref="DeployedOptions"/>): PostgreSQL, the MQTT client, node
/// monitoring, aggregations and MCP off work as on EdgeLake, HA as on AnyLog; video streaming, OPC-UA and Nebula, which EdgeNode does not
/// have, leave the deployment going as EdgeLake's scripts go when they are off, their processes not declared.
/// </summary>
public sealed class DeploymentOptionsTests(DeployedOptions deployed) : IClassFixture<DeployedOptions>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    /// <summary>The video script (video_ai.al) catches these itself (on error goto): EdgeLake without its video libraries fails them too.</summary>
    private static readonly string[] VideoCommands = ["[import function ", "[set function params "];

    [Fact]
    public async Task The_operator_runs_on_postgresql_with_its_mqtt_client_and_without_the_features_edgenode_lacks()
    {
        PeerFolder.Require();
        var node = deployed.Operator;
        var running = await node.RunningAsync();
        // ENABLE_HA: the config policy runs the data distributor and consumer before the operator (AnyLog's commands;
        // EdgeLake 1.4 stops at that line); they wait for the operator and then work for it
        string[] expected = ["Blobs Archiver", "Blockchain Sync", "Consumer", "Distributor", "MQTT", "Operator", "Query Pool", "REST", "Scheduler",
            "Streamer", "TCP"];
        Assert.True(running.SetEquals(expected), $"the operator runs [{string.Join(", ", running)}]");
        foreach (var absent in (string[])["Video Processes", "PLC Client", "MCP"]) Assert.Equal("Not declared", await node.StatusOfAsync(absent));
        Assert.Contains("Running: distributor flag enabled", await node.Rest.GetAsync("test cluster setup"), StringComparison.Ordinal);
        var databases = await node.Rest.GetAsync("get databases");
        Assert.Matches(@"almgm\s*\|psql", databases);
        Assert.Matches(@"new_company\s*\|psql", databases);
        var errors = (await node.ScriptErrorsAsync()).Where(e => !VideoCommands.Any(v => e.Contains(v, StringComparison.Ordinal))).ToList();
        Assert.True(errors.Count == 0, $"the operator reported:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public async Task Rows_from_the_mqtt_broker_and_from_rest_are_stored_in_postgresql()
    {
        PeerFolder.Require();
        var node = deployed.Operator;
        await deployed.PublishAsync($"{{\"dbms\": \"new_company\", \"table\": \"{DeployedOptions.MqttTable}\", \"value\": 3.5, \"timestamp\": \"2026-01-15T08:30:00Z\"}}");
        await node.Rest.PutRowsAsync(DeployedNetwork.Dbms, "options_readings", "[" + string.Join(", ", DeployedNetwork.RowsFor(1)) + "]");
        foreach (var (table, rows) in new[] { (DeployedOptions.MqttTable, 1), ("options_readings", 2) })
        {
            var last = "";
            await Eventually.HoldsAsync(async () =>
            {
                await node.Rest.PostAsync("flush buffers");
                last = await node.Rest.GetAsync($"sql {DeployedNetwork.Dbms} format = json \"select count(*) from {table}\"");
                if (last.Contains($"\"count(*)\":{rows}}}", StringComparison.Ordinal) || last.Contains($"\"count(*)\": {rows}}}", StringComparison.Ordinal))
                    return true;
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
                return false;
            }, $"{rows} rows in {table}; last answer: {last}", Settle);
        }
    }

    [Fact]
    public async Task Node_monitoring_is_scheduled_on_the_operator()
    {
        PeerFolder.Require();
        var scheduler = await deployed.Operator.Rest.GetAsync("get scheduler 1");
        foreach (var task in (string[])["|Drop Partitions", "|Monitoring - Drop Partitions", "get stats where service = operator and topic = summary",
                     "monitor operators where info = !node_insight", "stream !node_insight where dbms = monitoring and table = node_insight"])
            Assert.Contains(task, scheduler, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generic_node_runs_the_message_broker_its_env_file_declares()
    {
        PeerFolder.Require();
        var node = deployed.Generic;
        var running = await node.RunningAsync();
        string[] expected = ["MSG Broker", "Query Pool", "REST", "Scheduler", "TCP"];
        Assert.True(running.SetEquals(expected), $"the generic node runs [{string.Join(", ", running)}]");
        var errors = await node.ScriptErrorsAsync();
        Assert.True(errors.Count == 0, $"the generic node reported:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public async Task The_docker_examples_entry_point_deploys_a_query_node_from_the_env_files()
    {
        PeerFolder.Require();
        var node = deployed.ImageQuery;
        var running = await node.RunningAsync();
        string[] expected = ["Blockchain Sync", "Query Pool", "REST", "Scheduler", "TCP"];
        Assert.True(running.SetEquals(expected), $"the query node runs [{string.Join(", ", running)}]");
        var errors = await node.ScriptErrorsAsync();
        Assert.True(errors.Count == 0, $"the query node reported:\n{string.Join('\n', errors)}");
        Assert.True(File.Exists(Path.Combine(node.Home, "EdgeLake", "blockchain", "blockchain.json")),
            "the node keeps its ledger under ANYLOG_PATH/EdgeLake, where the image's volumes are");
    }
}
