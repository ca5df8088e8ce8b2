using System.Text.Json.Nodes;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Tests.Ingest;

public sealed class OperatorLoadTests
{
    private static readonly string ReferenceRows = OperatorNode.Rows(
        "{\"timestamp\": \"2026-11-28T02:00:00.000000Z\", \"value\": 1.5}",
        "{\"timestamp\": \"2026-11-28T02:00:01.000000Z\", \"value\": 2.5}",
        "{\"timestamp\": \"2026-11-28T02:00:02.000000Z\", \"value\": 3.25}");

    [Fact]
    public async Task A_json_file_creates_the_table_loads_its_rows_and_is_archived_under_its_tsd_name()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and archive_json = true and compress_json = true");
        node.Drop("test.rand_data.0.0.0.json", ReferenceRows);
        await node.WaitForRowsAsync("rand_data", 3);
        var archived = await node.WaitForFilesAsync(node.ArchiveDir, 1);
        var hash = DataFileName.ComputeHash("test", "rand_data", System.Text.Encoding.UTF8.GetBytes(ReferenceRows));
        var name = Path.GetFileName(archived[0]);
        Assert.StartsWith($"test.rand_data.0.{hash}.0.{node.Member}.1.", name, StringComparison.Ordinal);
        Assert.EndsWith(".json.gz", name, StringComparison.Ordinal);
        var rows = await node.QueryAsync("select tsd_name, tsd_id, timestamp, value from rand_data order by timestamp");
        Assert.Equal("2026-11-28 02:00:00.000000", rows[0]!["timestamp"]!.GetValue<string>());
        Assert.Equal(3.25, rows[2]!["value"]!.GetValue<double>());
        var tsd = await node.Node.OkAsync("time file get where format = json");
        Assert.Contains(hash, tsd, StringComparison.Ordinal);
        // the gzipped copy lands in the archive before the file leaves the watch dir
        await Eventually.HoldsAsync(() => Directory.GetFiles(node.WatchDir).Length == 0, "the file leaves the watch dir");
    }

    [Fact]
    public async Task The_operator_publishes_the_table_policy_and_the_cluster_child_policy_of_the_reference()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.rand_data.0.0.0.json", ReferenceRows);
        await node.WaitForRowsAsync("rand_data", 3);
        var table = JsonNode.Parse(await node.Node.OkAsync("blockchain get table where dbms = test and name = rand_data"))!.AsArray().Single()!["table"]!;
        Assert.Equal("c80630a8739acd02220bb1604b2dd93e", table["id"]!.GetValue<string>());
        Assert.Equal(
            "CREATE TABLE IF NOT EXISTS rand_data(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  tsd_name CHAR(3),  " +
            "tsd_id INT,  timestamp timestamp not null default now(),  value decimal ); CREATE INDEX rand_data_timestamp_index ON rand_data(timestamp); " +
            "CREATE INDEX rand_data_tsd_index ON rand_data(tsd_name, tsd_id); CREATE INDEX rand_data_insert_timestamp_index ON rand_data(insert_timestamp);",
            table["create"]!.GetValue<string>());
        Assert.Equal("Processing JSON file", table["source"]!.GetValue<string>());
        var clusters = JsonNode.Parse(await node.Node.OkAsync($"blockchain get cluster where parent = {OperatorNode.ClusterId}"))!.AsArray();
        var child = clusters.Single()!["cluster"]!;
        Assert.Equal("66ca4d9a61036e7f1561b7869785a853", child["id"]!.GetValue<string>());
        Assert.Equal("baseline-cluster", child["name"]!.GetValue<string>());
        Assert.Equal("Baseline Co", child["company"]!.GetValue<string>());
        Assert.Equal("[{\"dbms\": \"test\", \"name\": \"rand_data\", \"status\": \"active\"}]", EdgeNode.Core.Output.PyJson.Serialize(child["table"]));
        Assert.StartsWith("Node at ", child["source"]!.GetValue<string>(), StringComparison.Ordinal);
        var columns = await node.Node.OkAsync("get columns where dbms = test and table = rand_data");
        Assert.Contains("timestamp       |timestamp without time zone|", columns, StringComparison.Ordinal);
        Assert.Contains("value           |decimal                    |", columns, StringComparison.Ordinal);

        // a second file of the table publishes nothing more
        node.Drop("test.rand_data.0.0.0.json", OperatorNode.Rows("{\"timestamp\": \"2026-11-28T02:00:03Z\", \"value\": 4}"));
        await node.WaitForRowsAsync("rand_data", 4);
        Assert.Single(JsonNode.Parse(await node.Node.OkAsync("blockchain get (table, cluster) where dbms = test"))!.AsArray());
        Assert.Equal(2, JsonNode.Parse(await node.Node.OkAsync($"blockchain get cluster where parent = {OperatorNode.ClusterId} or name = baseline-cluster"))!.AsArray().Count);
    }

    [Fact]
    public async Task Get_operator_shows_files_partitions_inserts_and_errors_as_EdgeLake()
    {
        await using var node = await OperatorNode.StartAsync();
        await node.Node.OkAsync("partition test rand_data using insert_timestamp by 14 days");
        node.Drop("test.rand_data.0.0.0.json", ReferenceRows);
        await node.WaitForRowsAsync("rand_data", 3);
        // the JSON section is counted last (after the SQL section and the inserts), once the file left the watch dir
        await OperatorNode.WaitUntilAsync(async () => (await node.Node.OkAsync("get operator json")).Contains("|    1|", StringComparison.Ordinal), "the file counted");
        var text = (await node.Node.OkAsync("get operator")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.StartsWith("\n\nStats: OPERATOR JSON\nDBMS Table     Files Immediate Timestamp  Elapsed_time \n----|---------|-----|---------|----------|------------|\ntest|rand_data|    1|        0|",
            text, StringComparison.Ordinal);
        Assert.Matches(@"\ntest\|rand_data\.\d{4}_\d\d_\d\d_d14_insert_timestamp\|    1\|        0\|\d{10}\|\d\d:\d\d:\d\d    \|\n", text);
        Assert.Contains("DBMS Table     First insert Last insert Batch inserts Immediate inserts DBMS Seconds \n", text, StringComparison.Ordinal);
        Assert.Matches(@"\ntest\|rand_data\|\d\d:\d\d:\d\d    \|\d\d:\d\d:\d\d   \|            3\|                0\| *\d+\.\d{3}\|\n", text);
        Assert.EndsWith("Stats: OPERATOR ERROR\nType        Counter Timestamp Elapsed time Dbms name Table name Last error Last error text \n" +
                        "-----------|-------|---------|------------|---------|----------|----------|---------------|\n" +
                        "JSON Errors|      0|        0|00:00:00    |         |          |         0|               |\n" +
                        "SQL Errors |      0|        0|00:00:00    |         |          |         0|               |\n", text, StringComparison.Ordinal);

        var json = JsonNode.Parse(await node.Node.OkAsync("get operator where format = json"))!.AsArray();
        Assert.Equal(4, json.Count);
        Assert.Equal(1, json[0]!["test"]!["rand_data"]![0]!.GetValue<int>());
        Assert.Equal(3, json[2]!["test"]!["rand_data"]![4]!.GetValue<int>());
        Assert.Equal("JSON Errors", json[3]![0]!["type"]!.GetValue<string>());
        var inserts = (await node.Node.OkAsync("get operator inserts")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.StartsWith("\n\nStats: OPERATOR INSERTS\n", inserts, StringComparison.Ordinal);
        Assert.DoesNotContain("OPERATOR JSON", inserts, StringComparison.Ordinal);
        var summary = await node.Node.OkAsync("get operator summary where format = json");
        Assert.Equal(3, JsonNode.Parse(summary)!["Total rows"]!.GetValue<int>());
        Assert.Equal(0, JsonNode.Parse(await node.Node.OkAsync("get operator summary where format = json"))!["New rows"]!.GetValue<int>());
        Assert.Matches(@"^Operator Pool with 1 threads: +\[0\] \(1\)$", await node.Node.OkAsync("get operator pool"));
        var processes = await node.Node.OkAsync("get processes");
        Assert.Contains("Operator       |Running     |Cluster Member: True, Using Master: False, Threads Pool: 1", processes, StringComparison.Ordinal);

        await node.Node.OkAsync("exit operator");
        Assert.Contains("Not declared", (await node.Node.OkAsync("get processes")).Split('\n').Single(l => l.Contains("Operator", StringComparison.Ordinal)),
            StringComparison.Ordinal);
        Assert.Contains("Not running", await node.Node.OkAsync("get operator config"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_operator_prints_empty_sections_as_the_reference()
    {
        await using var node = await OperatorNode.StartAsync();
        var expected = File.ReadAllText(ReferenceOutputs.File("get_operator.txt"));
        Assert.Equal(expected, await node.Node.OkAsync("get operator"));
        Assert.Equal(File.ReadAllText(ReferenceOutputs.File("get_operator_json.txt")), await node.Node.OkAsync("get operator where format = json"));
    }

    [Fact]
    public async Task Rows_are_split_into_the_partitions_of_their_time_column()
    {
        await using var node = await OperatorNode.StartAsync();
        await node.Node.OkAsync("partition test parted using ts by 1 day");
        node.Drop("test.parted.0.0.0.json", OperatorNode.Rows(
            "{\"ts\": \"2026-11-27T23:59:59Z\", \"v\": 1}", "{\"ts\": \"2026-11-28T00:00:00Z\", \"v\": 2}", "{\"ts\": \"2026-11-28T10:00:00Z\", \"v\": 3}"));
        await node.WaitForRowsAsync("parted", 3);
        Assert.Equal(["par_parted_2026_11_27_d01_ts", "par_parted_2026_11_28_d01_ts"], await node.Database().ListPartitionsAsync("parted", TestContext.Current.CancellationToken));
        Assert.Equal(2, (await node.QueryAsync("select count(*) as n from par_parted_2026_11_28_d01_ts"))[0]!["n"]!.GetValue<int>());
        await OperatorNode.WaitUntilAsync(async () => (await node.Node.OkAsync("get operator sql")).Contains("parted.2026_11_28_d01_ts", StringComparison.Ordinal),
            "the partitions in get operator sql");
        Assert.Contains("test|parted.2026_11_27_d01_ts|    1|", await node.Node.OkAsync("get operator sql"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_master_node_the_policies_are_also_queued_for_the_master_when_it_cannot_be_reached()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and master_node = 127.0.0.1:1");
        node.Drop("test.rand_data.0.0.0.json", ReferenceRows);
        await node.WaitForRowsAsync("rand_data", 3);
        var pending = Path.Combine(Path.GetDirectoryName(node.Ledger)!, "blockchain.pending");
        await OperatorNode.WaitUntilAsync(() => Task.FromResult(File.Exists(pending) && File.ReadAllText(pending).Contains("66ca4d9a61036e7f1561b7869785a853",
            StringComparison.Ordinal)), "the cluster policy queued for the master");
        var queued = File.ReadAllText(pending);
        var commands = queued.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, commands.Count);
        Assert.All(commands, c => Assert.Equal("127.0.0.1:1", c["master"]!.GetValue<string>()));
        Assert.StartsWith("blockchain push {\"table\": {\"name\": \"rand_data\"", commands[0]!["command"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Using Master: 127.0.0.1:1", await node.Node.OkAsync("get processes"), StringComparison.Ordinal);
    }
}
