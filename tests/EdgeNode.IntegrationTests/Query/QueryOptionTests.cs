using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>The options of a network query (statistics, time zone, extend, nodes, destinations, max_time) and the monitoring commands.</summary>
public sealed class QueryOptionTests(SqliteEquivalenceNetwork fixture) : IClassFixture<SqliteEquivalenceNetwork>
{
    private QueryNetwork Network => fixture.Network;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<string> RunAsync(string line) => fixture.RunAsync(line);

    [Fact]
    public async Task Statistics_count_the_rows_and_the_operators_that_answered()
    {
        var answer = await RunAsync("run client () sql test \"select device_name, count(*) from readings group by device_name\"");
        Assert.EndsWith("],\n\"Statistics\":[{\"Count\": 5,\"Time\":\"00:00:00\",\"Nodes\": 3}]}", QueryReplies.Untimed(answer), StringComparison.Ordinal);
        var table = await RunAsync("run client () sql test format = table \"select count(*) from readings\"");
        Assert.Equal("\ncount(*)\n-------- \n    3000 \n\n{\"Statistics\":[{\"Count\": 1,\n                \"Time\":\"00:00:00\",\n                \"Nodes\": 3}]}", QueryReplies.Untimed(table));
    }

    [Fact]
    public async Task Timestamps_print_in_the_time_zone_asked_for()
    {
        const string sql = "select timestamp, value from readings where reading < 30 order by timestamp";
        var zoned = AnswerComparer.Rows(await RunAsync($"run client () sql test timezone = America/New_York and stat = false \"{sql}\""), QueryOutputFormat.Json);
        var utc = AnswerComparer.Rows(await RunAsync($"sql {EquivalenceNetwork.Baseline} stat = false \"{sql}\""), QueryOutputFormat.Json);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var expected = utc.Select(row =>
        {
            var json = JsonNode.Parse(row)!;
            var time = DateTime.ParseExact((string)json["timestamp"]!, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            json["timestamp"] = TimeZoneInfo.ConvertTimeFromUtc(time, newYork).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            return json.ToJsonString();
        });
        Assert.Equal(expected, zoned);
        Assert.NotEqual(utc, zoned);

        var cast = await RunAsync("run client () sql test stat = false \"select min(timestamp)::timezone(Europe/Paris) as paris, min(timestamp) as utc from readings\"");
        Assert.Equal("{\"Query\": [{\"paris\": \"2022-01-01 01:00:00.000000\", \"utc\": \"2022-01-01 00:00:00.000000\"}]}", cast);
    }

    [Fact]
    public async Task Extend_adds_where_each_row_comes_from()
    {
        var answer = await RunAsync("run client () sql test extend = (@ip, @port, @node_name, @dbms_name) and stat = false \"select count(*) as n from readings\"");
        var rows = JsonNode.Parse(answer)!["Query"]!.AsArray();
        Assert.Equal(Network.Operators.Select(o => o.Address).Order(), rows.Select(r => $"{r!["ip"]}:{r["port"]}").Order());
        Assert.Equal(Network.Operators.Select(o => o.Name).Order(), rows.Select(r => (string)r!["node_name"]!).Order());
        Assert.All(rows, r => Assert.Equal("test", (string)r!["dbms_name"]!));
        Assert.Equal(3000, rows.Sum(r => (long)r!["n"]!));
        Assert.All(rows, r => Assert.Equal(["ip", "port", "node_name", "dbms_name", "n"], r!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task Nodes_all_asks_every_operator_of_each_cluster()
    {
        Assert.Contains("\"count(*)\":3000", await RunAsync("run client () sql test nodes = all \"select count(*) from readings\""), StringComparison.Ordinal);
        Assert.Equal(3, (await RunAsync("query destination")).Split('\n').Count(l => l.Contains("Completed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Answers_go_to_a_file_or_a_table_when_asked()
    {
        var file = Path.Combine(Network.QueryNode.Paths.DataDir, "answer.json");
        var written = await RunAsync($"run client () sql test dest = file and file = {file} and stat = false \"select device_name, count(*) from readings group by device_name\"");
        Assert.Equal($"5 rows written to {file}", written);
        Assert.Equal(await RunAsync("run client () sql test stat = false \"select device_name, count(*) from readings group by device_name\""),
            await File.ReadAllTextAsync(file, Cancel));

        var nowhere = await Network.QueryAsync("run client () sql test dest = file and file = /nonexistent/dir/answer.json \"select count(*) from readings\"",
            CommandSource.Rest, Cancel);
        Assert.Equal(ErrorCode.FileError, nowhere.Code);

        Assert.Equal("5 rows stored in system_query.per_device",
            await RunAsync("run client () sql test dest = dbms and table = per_device \"select device_name, count(*) as n from readings group by device_name\""));
        Assert.Contains("\"n\":", await RunAsync("sql system_query \"select device_name, n from per_device where device_name = 'dev-1'\""), StringComparison.Ordinal);
        Assert.Equal("{\"Query\":[{\"count(*)\":5}]}", await RunAsync("sql system_query stat = false \"select count(*) from per_device\""));
    }

    [Fact]
    public async Task A_test_query_writes_a_header_body_and_footer_and_compares_with_its_source()
    {
        const string sql = "\"select device_name, count(*) as n from readings group by device_name order by device_name\"";
        var expected = Path.Combine(Network.QueryNode.Paths.DataDir, "expected.out");
        Assert.Equal($"Test output: 5 rows written to {expected}",
            await RunAsync($"run client () sql test format = table and test = true and title = \"per device\" and file = {expected} {sql}"));
        var golden = await File.ReadAllTextAsync(expected, Cancel);
        Assert.StartsWith("Title:    per device\nDate:     ", golden, StringComparison.Ordinal);
        Assert.Matches(@"\n---------- output ----------\ndevice_name +n *\n-{11} -+ \ndev-1 +\d+ \n(dev-\d +\d+ \n){4}---------- end ----------\n", golden);
        Assert.EndsWith("\n---------- end ----------\nRows:     5\nNodes:    3\nRun Time: 00:00:00\nResult:   Not compared (no source)\n", golden, StringComparison.Ordinal);

        var passed = await RunAsync($"run client () sql test format = table and test = true and source = {expected} {sql}");
        Assert.EndsWith($"Result:   Passed (same as {expected})\n", passed, StringComparison.Ordinal);
        var failed = await RunAsync($"run client () sql test format = table and test = true and source = {expected} " +
                                    "\"select device_name, count(*) as n from readings where device_name <> 'dev-1' group by device_name order by device_name\"");
        Assert.Matches($@"\nResult:   Failed \(line 3 differs from {System.Text.RegularExpressions.Regex.Escape(expected)}: expected 'dev-1 +\d+', got 'dev-2 +\d+'\)\n$", failed);

        var notTest = await Network.QueryAsync($"run client () sql test source = {expected} {sql}", CommandSource.Rest, Cancel);
        Assert.Equal(ErrorCode.WrongOption, notTest.Code);
        Assert.Contains("add 'test = true'", notTest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_time_bounds_how_long_operators_may_take()
    {
        await using var silent = new RawPeer();
        var result = await Network.QueryAsync($"run client ({Network.Operators[0].Address}, {silent.Address}) sql test max_time = 1 \"select count(*) from readings\"",
            CommandSource.Rest, Cancel);
        Assert.Equal(ErrorCode.NetworkNotAvailable, result.Code);
        Assert.Contains($"operator {silent.Address}: no complete reply within 1 seconds", result.Text, StringComparison.Ordinal);
        // with its unit, which EdgeLake's operators need (they read max_time as number and unit)
        Assert.StartsWith("sql test max_time = 1\tseconds select\tcount(*)", (await silent.NextAsync()).Single().Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_explain_and_destination_show_how_the_last_query_ran()
    {
        await RunAsync("run client () sql test \"select device_name, avg(value) from readings where reading > 10 group by device_name\"");
        var explain = await RunAsync("query explain");
        Assert.Contains("Remote: sql test select device_name, sum(value), count(value) from readings where reading > 10 group by device_name",
            explain, StringComparison.Ordinal);
        Assert.Contains("Local query: select \"_c0\" as \"device_name\", cast(sum(\"_c1\") as float) / nullif(sum(\"_c2\"), 0) as \"avg(value)\" from \"query_",
            explain, StringComparison.Ordinal);
        var destination = await RunAsync("query destination");
        foreach (var (_, address, name) in Network.Operators)
            Assert.Matches($@"{address}\s*\|{name}\s*\|readings\s*\|Completed\|\s*1\|\s*1\|\s*5\|", destination.ReplaceLineEndings("\n"));
        Assert.Equal(ErrorCode.CommandStructure, (await Network.QueryAsync("query explain 999999", cancellation: Cancel)).Code);
    }

    [Fact]
    public async Task Query_times_and_the_query_log_follow_the_queries()
    {
        await RunAsync("reset query timer");
        await RunAsync("set query log");
        await RunAsync("run client () sql test \"select count(*) from readings\"");
        await RunAsync("run client () sql test \"select max(value) from readings\"");
        var times = JsonNode.Parse(await RunAsync("get queries time where format = json"))!;
        Assert.Equal(2, (long)times["Queries"]!);
        Assert.Contains("Up to 1 seconds", (await RunAsync("get queries time")).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var log = await RunAsync("get query log");
        Assert.Contains("1 rows, 3 operators: sql test select max(value) from readings", log, StringComparison.Ordinal);
        await RunAsync("set query log off");
        await RunAsync("reset query timer");
        Assert.Equal(0, (long)JsonNode.Parse(await RunAsync("get queries time where format = json"))!["Queries"]!);
    }

    [Fact]
    public async Task Clients_list_where_data_lives()
    {
        var clusters = JsonNode.Parse(await RunAsync("get cluster info where format = json"))!.AsArray();
        Assert.Equal(Network.Operators.Select(o => $"{o.Name}-cluster"), clusters.Select(c => (string)c!["name"]!));
        foreach (var (cluster, (_, address, name)) in clusters.Zip(Network.Operators))
        {
            Assert.Equal(["test.readings", "test.readings2"], cluster!["tables"]!.AsArray().Select(t => $"{t!["dbms"]}.{t["table"]}"));
            var op = cluster["operators"]!.AsArray().Single()!;
            Assert.Equal((name, address, true, "active"), ((string)op["name"]!, (string)op["ip_port"]!, (bool)op["main"]!, (string)op["status"]!));
        }
        var table = (await RunAsync("get cluster info where name = operator-2-cluster")).ReplaceLineEndings("\n");
        Assert.Contains($"|operator-2-cluster|{QueryNetwork.Company}|active|test.readings, test.readings2|operator-2@{Network.Operators[1].Address} (main, member ", table,
            StringComparison.Ordinal);
        var nodes = (await RunAsync("get data nodes where table = readings2")).ReplaceLineEndings("\n");
        // the table on its first row only, one row per operator (as EdgeLake lists them)
        Assert.Single(nodes.Split('\n'), l => l.Contains("|readings2|", StringComparison.Ordinal));
        Assert.Equal(3, nodes.Split('\n').Count(l => l.Contains("|operator-", StringComparison.Ordinal)));
    }

    private static readonly string[] ConcurrentShapes =
        ["count", "group by with order", "increments day", "order desc with limit", "avg min max sum", "distinct ordered"];

    [Fact]
    public async Task Concurrent_queries_each_get_their_own_answer()
    {
        var shapes = ConcurrentShapes.Select(EquivalenceCases.Named).ToArray();
        var expected = new Dictionary<string, List<string>>();
        foreach (var shape in shapes)
            expected[shape.Name] = AnswerComparer.Rows((await fixture.AnswersAsync(shape, "stat = false")).Baseline, QueryOutputFormat.Json);
        var runs = Enumerable.Range(0, 24).Select(async i =>
        {
            var shape = shapes[i % shapes.Length];
            var answer = await RunAsync($"run client () sql test stat = false \"{shape.Network}\"");
            return (shape.Name, Rows: AnswerComparer.Rows(answer, QueryOutputFormat.Json));
        });
        foreach (var (name, rows) in await Task.WhenAll(runs)) Assert.Equal(expected[name], rows);
    }
}
