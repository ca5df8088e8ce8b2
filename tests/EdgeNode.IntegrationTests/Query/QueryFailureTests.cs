using System.Text;
using EdgeNode.Core.Commands;
using static EdgeNode.TestSupport.AnyLogFrames;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>Operators that are down, silent or failing; statements the network does not distribute; an EdgeLake-style operator.</summary>
public sealed class QueryFailureTests : IAsyncLifetime
{
    private QueryNetwork _network = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _network = await QueryNetwork.StartAsync(["type = sqlite", "type = sqlite", "type = sqlite"],
            [(QueryTestData.Readings, QueryTestData.Create(QueryTestData.Readings))], cancellation: Cancel);
        var rows = QueryTestData.Rows(QueryTestData.Readings).Take(30).ToList();
        for (var i = 0; i < 3; i++)
            await QueryNetwork.LoadAsync(_network.OperatorDbms(i), QueryTestData.Readings, QueryTestData.Columns, rows.Skip(i * 10).Take(10), Cancel);
    }

    public async ValueTask DisposeAsync() => await _network.DisposeAsync();

    private Task<CommandResult> QueryAsync(string line) => _network.QueryAsync(line, CommandSource.Rest, Cancel);

    [Fact]
    public async Task An_operator_that_is_down_fails_the_query_naming_it_unless_subset_is_true()
    {
        await QueryNetwork.RunAsync(_network.Operators[1].Node, "exit tcp", Cancel);
        var down = _network.Operators[1].Address;

        var failed = await QueryAsync("run client () sql test \"select count(*) from readings\"");
        Assert.Equal(ErrorCode.NetworkNotAvailable, failed.Code);
        Assert.Contains($"1 of 3 operators failed (subset = true accepts the answer of the others): operator {down} (operator-2): cannot reach the node",
            failed.Text, StringComparison.Ordinal);

        var partial = await QueryAsync("run client (subset = true) sql test \"select count(*) from readings\"");
        Assert.Equal("{\"Query\":[{\"count(*)\":20}],\n\"Statistics\":[{\"Count\": 1,\"Time\":\"00:00:00\",\"Nodes\": 2}]}", QueryReplies.Untimed(partial.Text));
        Assert.Contains("|Failed   |", (await QueryAsync("query status")).Text, StringComparison.Ordinal);
        // subset among the query's own options works as in the parentheses (it was once accepted and ignored)
        var asOption = await QueryAsync("run client () sql test format = json and subset = true \"select count(*) from readings\"");
        Assert.Equal("{\"Query\":[{\"count(*)\":20}],\n\"Statistics\":[{\"Count\": 1,\"Time\":\"00:00:00\",\"Nodes\": 2}]}", QueryReplies.Untimed(asOption.Text));
        // the failed send marked it in the metadata layer, as clients listing where data lives see it
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(down)}\s*\|[^|\n]*\|[^|\n]*\|not_responding\s*\|", (await QueryAsync("get data nodes")).Text);
    }

    [Fact]
    public async Task A_silent_operator_times_out()
    {
        await using var silent = new RawPeer();
        var first = _network.Operators[0].Address;
        var failed = await QueryAsync($"run client ({first}, {silent.Address}, timeout = 1) sql test \"select count(*) from readings\"");
        Assert.Equal(ErrorCode.NetworkNotAvailable, failed.Code);
        Assert.Contains($"operator {silent.Address}: no complete reply within 1 seconds", failed.Text, StringComparison.Ordinal);
        Assert.StartsWith("sql test select\tcount(*)\tfrom\treadings", (await silent.NextAsync()).Single().Command, StringComparison.Ordinal);

        var partial = await QueryAsync($"run client ({first}, {silent.Address}, subset = true, timeout = 1) sql test format = table and stat = false \"select count(*) from readings\"");
        Assert.StartsWith("\ncount(*)\n-------- \n      10 \n\n", partial.Text, StringComparison.Ordinal);
        var peer = System.Text.RegularExpressions.Regex.Escape(silent.Address);
        Assert.Matches($@"\nReply errors\nOperator\s+Name\s+Error\s*\n-+\|-+\|-+\|\n{peer}\s*\|{peer}\s*\|no complete reply within 1 seconds\s*\|\n$",
            partial.Text);
    }

    [Fact]
    public async Task An_error_on_an_operator_comes_back_with_its_text_and_code()
    {
        var result = await QueryAsync("run client () sql test \"select no_such_column from readings\"");
        Assert.Equal(ErrorCode.SqlError, result.Code);
        Assert.Contains($"operator {_network.Operators[0].Address} (operator-1): no such column: no_such_column", result.Text, StringComparison.Ordinal);

        // a table an operator does not have holds no rows there: it answers "Empty data set", as an EdgeLake operator does
        await _network.OperatorDbms(2).DropTableAsync(QueryTestData.Readings, Cancel);
        var missing = await QueryAsync("run client () sql test \"select count(*) from readings\"");
        Assert.False(missing.IsError, missing.ErrorLine);
        Assert.Equal("{\"Query\":[{\"count(*)\":20}],\n\"Statistics\":[{\"Count\": 1,\"Time\":\"00:00:00\",\"Nodes\": 3}]}", QueryReplies.Untimed(missing.Text));
    }

    [Fact]
    public async Task Statements_other_than_queries_go_to_named_nodes_as_they_are()
    {
        var network = await QueryAsync("run client () sql test \"insert into readings values ('x', '2025-01-01 00:00:00.000000', 1, 1)\"");
        Assert.Equal(ErrorCode.DestinationNotProvided, network.Code);
        // options started with 'and' are not options: the answer shows what it took for the statement
        var misplaced = await QueryAsync("run client () sql test and stat = false \"select count(*) from readings\"");
        Assert.Equal(ErrorCode.DestinationNotProvided, misplaced.Code);
        Assert.Contains("'and stat = false \"select count(*) from readings\"' is not one (options go between the DBMS name and the statement",
            misplaced.Text, StringComparison.Ordinal);
        var named = await QueryAsync($"run client ({_network.Operators[0].Address}) sql test \"insert into readings values ('x', '2025-01-01 00:00:00.000000', 1, 1)\"");
        Assert.False(named.IsError, named.ErrorLine);
        Assert.Contains("1 row affected", named.Text, StringComparison.Ordinal);
        Assert.Contains("\"count(*)\":31", (await QueryAsync("run client () sql test \"select count(*) from readings\"")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_node_needs_system_query_and_its_tcp_server()
    {
        await QueryNetwork.RunAsync(_network.QueryNode, "disconnect dbms system_query", Cancel);
        var noSystem = await QueryAsync("run client () sql test \"select count(*) from readings\"");
        Assert.Equal(ErrorCode.DbmsNotConnected, noSystem.Code);
        Assert.Contains("connect dbms system_query where type = sqlite and memory = true", noSystem.Text, StringComparison.Ordinal);
        await QueryNetwork.RunAsync(_network.QueryNode, "connect dbms system_query where type = sqlite and memory = true", Cancel);
        await QueryNetwork.RunAsync(_network.QueryNode, "exit tcp", Cancel);
        Assert.Equal(ErrorCode.NetworkNotAvailable, (await QueryAsync("run client () sql test \"select count(*) from readings\"")).Code);
    }

    [Fact]
    public async Task Job_active_lists_a_query_while_it_waits_for_an_operator_and_job_status_keeps_it()
    {
        await using var silent = new RawPeer();
        var first = _network.Operators[0].Address;
        Assert.Equal("No active network queries", (await QueryAsync("job active")).Text);
        var query = QueryAsync($"run client ({first}, {silent.Address}, timeout = 3) sql test \"select count(*) from readings\"");
        await silent.NextAsync(); // the query is out and waits for the silent operator
        var active = (await QueryAsync("job active")).Text;
        Assert.Matches(@"\|Processing\|\s*\d+\|\s*\d+\|select count\(\*\) from readings", active);
        Assert.Contains($"|{silent.Address}|", active, StringComparison.Ordinal);
        Assert.Equal(active.Split('\n')[3].Split('|')[1], (await QueryAsync("job status")).Text.Split('\n')[3].Split('|')[1]); // the same job id

        Assert.Equal(ErrorCode.NetworkNotAvailable, (await query).Code);
        Assert.Equal("No active network queries", (await QueryAsync("job active")).Text);
        Assert.DoesNotContain("Processing", (await QueryAsync("job status")).Text, StringComparison.Ordinal);
    }

    /// <summary>An EdgeLake operator (hand-made frames) answering in two partitions, a row split over two blocks.</summary>
    [Fact]
    public async Task Rows_of_an_edgelake_operator_in_several_partitions_are_consolidated()
    {
        await using var edgelake = new RawPeer();
        var query = QueryAsync($"run client ({edgelake.Address}, {_network.Operators[0].Address}) sql test format = table and stat = false " +
                               "\"select device_name, count(*) from readings group by device_name order by device_name\"");
        var request = (await edgelake.NextAsync()).Single();
        var port = int.Parse(_network.QueryNode.Address.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        static byte[] Segment(string row, byte flag = 0)
        {
            var bytes = Encoding.UTF8.GetBytes(row);
            return [(byte)(bytes.Length >> 8), (byte)bytes.Length, flag, .. bytes];
        }
        byte[] Reply(uint number, bool last, int partition, params byte[][] segments)
        {
            var block = WithReply(Message(number, last, "job reply", [], [.. segments.SelectMany(s => s)]), "127.0.0.1", 1, request.JobLocation,
                request.JobId, 2, request.ReceiverId);
            Put(block, 34, 2);
            Put(block, 36, 1);
            PutUInt16(block, 47, segments.Length);
            PutUInt16(block, 60, 2);
            PutUInt16(block, 62, partition);
            return block;
        }
        var long1 = "{\"Query\":[{\"_c0\":\"dev-9\",";
        Assert.True(await RawPeer.SendAsync(port,
            Reply(1, false, 0, Segment("{\"Query\": [{\"_c0\": \"dev-1\", \"_c1\": 4}]}"), Segment(long1, 1)),
            Reply(2, true, 0, Segment("\"_c1\":2}]}", 2))));
        Assert.True(await RawPeer.SendAsync(port, Reply(1, true, 1, Segment("{\"Query\":[{\"_c0\":\"dev-1\",\"_c1\":3}]}"))));
        var answer = await query;
        Assert.False(answer.IsError, answer.ErrorLine);
        var local = QueryTestData.Rows(QueryTestData.Readings).Take(10).GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.Count());
        local["dev-1"] = local.GetValueOrDefault("dev-1") + 7;
        local["dev-9"] = 2;
        var expected = "\ndevice_name count(*)\n----------- -------- \n" +
                       string.Concat(local.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key,-11} {p.Value,8} \n"));
        Assert.Equal(expected, answer.Text);
    }
}
