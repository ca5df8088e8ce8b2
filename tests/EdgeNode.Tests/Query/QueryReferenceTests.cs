using EdgeNode.Core.Commands;
using EdgeNode.Tests.Metadata;

namespace EdgeNode.Tests.Query;

/// <summary>
/// The network answers of a real EdgeLake node (reference <c>sql_*_network.txt</c>, <c>sql_increments.txt</c>,
/// <c>query_status.txt</c>), reproduced byte for byte: one operator holding the three rows EdgeLake held, queried over
/// the network as the black-box suites query it (REST caller, <c>run client ()</c>).
/// </summary>
public sealed class QueryReferenceTests : IAsyncLifetime
{
    /// <summary>The table policy a real EdgeLake operator published (reference blockchain_get_table.txt).</summary>
    private const string RandData =
        "CREATE TABLE IF NOT EXISTS rand_data(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  tsd_name CHAR(3),  " +
        "tsd_id INT,  timestamp timestamp not null default now(),  value decimal ); CREATE INDEX rand_data_timestamp_index ON rand_data(timestamp); " +
        "CREATE INDEX rand_data_tsd_index ON rand_data(tsd_name, tsd_id); CREATE INDEX rand_data_insert_timestamp_index ON rand_data(insert_timestamp);";

    private QueryNetwork _network = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        _network = await QueryNetwork.StartAsync(["type = sqlite"], [("rand_data", RandData)], cancellation: cancel);
        var start = new DateTime(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc);
        await QueryNetwork.LoadAsync(_network.OperatorDbms(0), "rand_data", ["timestamp", "value"],
            [[start, 1.5], [start.AddSeconds(1), 2.5], [start.AddSeconds(2), 3.25]], cancel);
    }

    public async ValueTask DisposeAsync() => await _network.DisposeAsync();

    private async Task<CommandResult> QueryAsync(string sql, string options = "") =>
        await _network.QueryAsync($"run client () sql test {options} \"{sql}\"", CommandSource.Rest, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("format = json", "select count(*) from rand_data", "sql_count_json_network.txt")]
    [InlineData("format = table", "select count(*) from rand_data", "sql_count_table_network.txt")]
    [InlineData("format = json", "select timestamp, value from rand_data", "sql_select_json_network.txt")]
    [InlineData("format = table", "select timestamp, value from rand_data", "sql_select_table_network.txt")]
    [InlineData("", "select increments(minute, 1, timestamp), min(timestamp) as min_ts, max(timestamp) as max_ts, avg(value) as avg_val, count(*) from rand_data",
        "sql_increments.txt")]
    public async Task Answers_are_edgelakes_to_the_byte(string options, string sql, string reference)
    {
        var result = await QueryAsync(sql, options);
        Assert.False(result.IsError, result.ErrorLine);
        Assert.Equal(await File.ReadAllTextAsync(ReferenceOutputs.File(reference), TestContext.Current.CancellationToken), result.Text);
        Assert.Equal(options.Contains("table", StringComparison.Ordinal) ? OutputFormat.Text : OutputFormat.Json, result.Format);
    }

    [Fact]
    public async Task A_table_without_policy_is_error_45()
    {
        var result = await QueryAsync("select count(*) from bad_table");
        Assert.Equal(ErrorCode.MetadataNotAvailable, result.Code);
        Assert.Equal("Error 45: Failed to load table metadata from blockchain: no table policy for test.bad_table (and it is not a local table), " +
                     "so its columns are unknown", result.ErrorLine);
    }

    [Fact]
    public async Task Query_status_lists_the_job_and_each_operator_as_edgelake_does()
    {
        await QueryAsync("select increments(minute, 1, timestamp), min(timestamp) as min_ts, max(timestamp) as max_ts, avg(value) as avg_val, count(*) from rand_data");
        var status = (await _network.QueryAsync("query status", cancellation: TestContext.Current.CancellationToken)).Text.Split("\r\n");
        var reference = (await File.ReadAllTextAsync(ReferenceOutputs.File("query_status.txt"), TestContext.Current.CancellationToken)).Split('\n');
        // the same columns, the job row and the operator row; ids, port and widths differ
        Assert.Equal(reference[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(9), status[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(9));
        var job = status[3].Split('|');
        // run times are whole seconds: a query on a loaded machine may take more than one, so only their form is exact
        Assert.Matches(@"^\d\d:\d\d:\d\d$", job[3].Trim());
        Assert.Equal(["['rest']", "All", "---", "Completed", "1", "1"], job[2..9].Where((_, i) => i != 1).Select(c => c.Trim()));
        Assert.StartsWith("select increments(minute, 1, timestamp), min(timestamp) as min_ts, max(timestamp) as max_ts, avg(val", job[9], StringComparison.Ordinal);
        Assert.StartsWith("ue) as avg_val, count(*) from rand_data", status[4].Split('|')[9], StringComparison.Ordinal);
        var operatorRow = status[5].Split('|')[3..9].Select(c => c.Trim()).ToList();
        Assert.Matches(@"^\d\d:\d\d:\d\d$", operatorRow[0]);
        Assert.Equal([_network.Operators[0].Address, "0", "Completed", "1", "1"], operatorRow.Skip(1));

        // EdgeLake's other name for the table; the query is over, so no job is active
        Assert.Equal(string.Join("\r\n", status), (await _network.QueryAsync("job status", cancellation: TestContext.Current.CancellationToken)).Text);
        Assert.Equal("No active network queries", (await _network.QueryAsync("job active", cancellation: TestContext.Current.CancellationToken)).Text);
    }
}
