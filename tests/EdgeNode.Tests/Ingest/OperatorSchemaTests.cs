using System.Text.Json.Nodes;

namespace EdgeNode.Tests.Ingest;

public sealed class OperatorSchemaTests
{
    private static string Types(string getColumns) =>
        string.Join(";", getColumns.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => l.Contains('|', StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal))
            .Select(l => string.Join(" ", l.Split('|', StringSplitOptions.TrimEntries).Take(2))));

    [Fact]
    public async Task Every_inferred_type_becomes_its_column_and_every_value_loads()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.kinds.0.0.0.json", OperatorNode.Rows(
            "{\"Flag\": true, \"count\": 12, \"big\": 123456789012, \"price\": 10.25, \"ratio\": 0.123456789, \"reading-time\": \"2026-11-28T02:00:00+02:00\", " +
            "\"day\": \"2026-11-28\", \"at\": \"12:30:45\", \"device.id\": \"9b2c1f3e-4d5a-4b6c-8d7e-0f1a2b3c4d5e\", \"ip\": \"10.0.0.1\", \"epoch_time\": \"1795831211\", " +
            "\"num_text\": \"42\", \"float_text\": \"4.5\", \"code\": \"abc\", \"note\": \"a longer note text\", \"tags\": [1, 2], \"meta\": {\"k\": \"v\"}, " +
            "\"nothing\": null, \"2024\": 7}",
            "{\"Flag\": false, \"count\": 13, \"big\": 1, \"price\": 3, \"ratio\": 1.5, \"reading-time\": \"2026-11-28 05:00:00\", \"day\": \"2026-11-29\", " +
            "\"at\": \"01:00:00\", \"device.id\": \"9b2c1f3e-4d5a-4b6c-8d7e-0f1a2b3c4d5f\", \"ip\": \"10.0.0.2\", \"epoch_time\": \"1795831212\", \"num_text\": \"43\", " +
            "\"float_text\": \"5\", \"code\": \"abcdefgh\", \"note\": \"x\", \"tags\": [], \"meta\": {}, \"nothing\": null, \"2024\": 8}"));
        await node.WaitForRowsAsync("kinds", 2);
        var columns = Types(await node.Node.OkAsync("get columns where dbms = test and table = kinds"));
        Assert.Equal("row_id integer;insert_timestamp timestamp without time zone;tsd_name char(3);tsd_id int;flag boolean;" +
                     "count int;big bigint;price decimal;ratio float;reading_time timestamp without time zone;day date;at time;device_id uuid;ip cidr;" +
                     "epoch_time timestamp without time zone;num_text int;float_text float;code char(8);note character varying;tags character varying;" +
                     "meta character varying;nothing character varying;" +
                     "_2024 int", columns);
        var create = JsonNode.Parse(await node.Node.OkAsync("blockchain get table where name = kinds"))!.AsArray()[0]!["table"]!["create"]!.GetValue<string>();
        Assert.Contains("CREATE INDEX kinds_device_id_index ON kinds(device_id); CREATE INDEX kinds_epoch_time_index ON kinds(epoch_time); " +
                        "CREATE INDEX kinds_reading_time_index ON kinds(reading_time);", create, StringComparison.Ordinal);
        var rows = await node.QueryAsync("select * from kinds order by count");
        var first = rows[0]!;
        Assert.True(first["flag"]!.GetValue<bool>());
        Assert.Equal(123456789012, first["big"]!.GetValue<long>());
        Assert.Equal("2026-11-28 00:00:00.000000", first["reading_time"]!.GetValue<string>()); // +02:00 converted to UTC
        Assert.Equal("2026-11-28", first["day"]!.GetValue<string>());
        Assert.Equal("12:30:45", first["at"]!.GetValue<string>());
        Assert.Equal("2026-11-28 02:00:11.000000", first["epoch_time"]!.GetValue<string>());
        Assert.Equal(42, first["num_text"]!.GetValue<int>());
        Assert.Equal("[1, 2]", first["tags"]!.GetValue<string>());
        Assert.Equal("{\"k\": \"v\"}", first["meta"]!.GetValue<string>());
        Assert.Equal("", first["nothing"]!.GetValue<string>()); // NULL, as EdgeLake prints it in JSON
        Assert.Equal(7, first["_2024"]!.GetValue<int>());
        Assert.Equal("abcdefgh", rows[1]!["code"]!.GetValue<string>());
        Assert.Equal(1.5, rows[1]!["ratio"]!.GetValue<double>());
    }

    [Fact]
    public async Task Schema_drift_changes_the_local_table_and_leaves_the_published_table_policy_as_it_is()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.drift.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:00Z\", \"n\": 1, \"site\": \"abcd\"}"));
        await node.WaitForRowsAsync("drift", 1);
        var published = await node.Node.OkAsync("blockchain get table where name = drift");
        var columns = await node.Node.OkAsync("get columns where dbms = test and table = drift");
        node.Drop("test.drift.0.0.0.json", OperatorNode.Rows(
            "{\"ts\": \"2026-11-28T02:00:01Z\", \"n\": 2.5, \"site\": \"abcde\", \"extra\": true}",
            "{\"ts\": \"2026-11-28T02:00:02Z\", \"n\": 3000000000, \"site\": \"a site name longer than eight\"}"));
        await node.WaitForRowsAsync("drift", 3);
        var rows = await node.QueryAsync("select n, site, extra from drift order by ts");
        Assert.Equal(1, rows[0]!["n"]!.GetValue<double>());
        Assert.Equal(2.5, rows[1]!["n"]!.GetValue<double>());
        Assert.Equal(3000000000, rows[2]!["n"]!.GetValue<double>());
        Assert.Equal("abcde", rows[1]!["site"]!.GetValue<string>());
        Assert.Equal("a site name longer than eight", rows[2]!["site"]!.GetValue<string>());
        Assert.True(rows[1]!["extra"]!.GetValue<bool>());
        // the policy (one, as published, global on its ledger) and what the network reads from it did not change
        Assert.Equal(published, await node.Node.OkAsync("blockchain get table where name = drift"));
        var create = Assert.Single(JsonNode.Parse(published)!.AsArray())!["table"]!["create"]!.GetValue<string>();
        Assert.Contains("site char(4)", create, StringComparison.Ordinal);
        Assert.DoesNotContain("extra", create, StringComparison.Ordinal);
        Assert.Equal(columns, await node.Node.OkAsync("get columns where dbms = test and table = drift"));
        Assert.EndsWith("n int;site char(4)", Types(columns), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_master_down_a_schema_change_queues_nothing_after_the_first_table_policy()
    {
        await using var node = await OperatorNode.StartAsync("master_node = 127.0.0.1:1");
        node.Drop("test.drift.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:00Z\", \"n\": 1}"));
        await node.WaitForRowsAsync("drift", 1);
        node.Drop("test.drift.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:01Z\", \"n\": 2, \"extra\": \"new\"}"));
        await node.WaitForRowsAsync("drift", 2);
        var pending = Path.Combine(Path.GetDirectoryName(node.Ledger)!, "blockchain.pending");
        var commands = File.ReadAllLines(pending).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!["command"]!.GetValue<string>()).ToList();
        var table = Assert.Single(commands, c => c.Contains("\"table\": {\"name\": \"drift\"", StringComparison.Ordinal));
        Assert.StartsWith("blockchain push {\"table\": {\"name\": \"drift\"", table, StringComparison.Ordinal);
        Assert.DoesNotContain("extra", table, StringComparison.Ordinal);
        Assert.DoesNotContain(commands, c => c.StartsWith("blockchain replace policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_that_cannot_widen_its_column_sends_its_row_to_the_error_dir_and_the_other_rows_and_files_keep_loading()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.clash.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": 1.5}"));
        await node.WaitForRowsAsync("clash", 1);
        node.Drop("test.clash.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:01Z\", \"v\": 2}", "{\"ts\": \"2026-11-28T02:00:02Z\", \"v\": \"high\"}"));
        var errors = await node.WaitForFilesAsync(node.ErrDir, 2);
        node.Drop("test.clash.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:03Z\", \"v\": 4.5}"));
        await node.WaitForRowsAsync("clash", 3); // the refused row's neighbour loaded, and the next file
        var data = Assert.Single(errors, f => f.EndsWith(".json", StringComparison.Ordinal));
        // the refused row alone, in a file of its own (its own hash, so that 'reprocess error files' can load it once fixed)
        Assert.Matches(@"^test\.clash\.0\.[0-9a-f]{32}\.0\.err_71\.0\.json$", Path.GetFileName(data));
        Assert.Contains("\"high\"", File.ReadAllText(data), StringComparison.Ordinal);
        Assert.Equal(1, File.ReadAllLines(data).Count(l => l.Trim().Length > 0));
        var reason = File.ReadAllText(Assert.Single(errors, f => f.EndsWith(".reason.txt", StringComparison.Ordinal)));
        Assert.Contains("error: 71 ", reason, StringComparison.Ordinal);
        Assert.Contains("value 'high' does not fit column 'v' (decimal)", reason, StringComparison.Ordinal);
        Assert.Contains("columns are widened only within numbers", reason, StringComparison.Ordinal);
        Assert.EndsWith("decimal", Types(await node.Node.OkAsync("get columns where dbms = test and table = clash")), StringComparison.Ordinal);
        var json = JsonNode.Parse(await node.Node.OkAsync("get operator error where format = json"))!.AsArray()[0]!.AsArray();
        Assert.Equal(1, json[0]!["counter"]!.GetValue<int>());
        Assert.Equal(71, json[0]!["last error"]!.GetValue<int>());
        Assert.Equal("clash", json[0]!["table name"]!.GetValue<string>());
        // the file loaded (one of its rows): its TSD entry is a load; the refused row is in the error log and the error dir
        Assert.Contains("1 of 2 rows refused", await node.Node.OkAsync("get error log"), StringComparison.Ordinal);
    }
}
