using EdgeNode.Core.Output;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>Operators whose table is split in partitions: each partition answers as one part of the reply, with or without the query pool.</summary>
public sealed class PartitionedQueryTests : IAsyncLifetime
{
    private QueryNetwork _network = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _network = await QueryNetwork.StartAsync(["type = sqlite", "type = sqlite"], [(QueryTestData.Readings, QueryTestData.Create(QueryTestData.Readings))],
            cancellation: Cancel);
        await QueryNetwork.RunAsync(_network.QueryNode, "connect dbms baseline where type = sqlite", Cancel);
        var baseline = _network.QueryNode.Services.Get<Core.Storage.IDbmsRegistry>().Find("baseline")!;
        await baseline.CreateTableAsync(QueryTestData.Create(QueryTestData.Readings), Cancel);
        var rows = QueryTestData.Rows(QueryTestData.Readings);
        await QueryNetwork.LoadAsync(baseline, QueryTestData.Readings, QueryTestData.Columns, rows, Cancel);
        for (var i = 0; i < 2; i++)
        {
            await QueryNetwork.RunAsync(_network.Operators[i].Node, "partition test readings using timestamp by 1 year", Cancel);
            await QueryNetwork.LoadAsync(_network.OperatorDbms(i), QueryTestData.Readings, QueryTestData.Columns, rows.Where((_, r) => r % 5 % 2 == i), Cancel);
        }
    }

    public async ValueTask DisposeAsync() => await _network.DisposeAsync();

    private async Task<string> RunAsync(string line)
    {
        var result = await _network.QueryAsync(line, cancellation: Cancel);
        Assert.False(result.IsError, result.ErrorLine);
        return result.Text;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_partition_is_read_and_consolidated(bool pool)
    {
        Assert.Equal(4, (await _network.OperatorDbms(0).ListPartitionsAsync(QueryTestData.Readings, Cancel)).Count);
        // every node starts a pool at boot: replaced by one of 2 threads, or stopped to read partitions one by one
        await QueryNetwork.RunAsync(_network.Operators[0].Node, pool ? "run query pool where threads = 2" : "exit workers", Cancel);
        foreach (var sql in new[]
                 {
                     "select count(*), avg(value), min(timestamp), max(timestamp) from readings",
                     "select device_name, count(distinct reading), sum(value) from readings group by device_name order by device_name",
                     "select timestamp, value from readings order by value desc, timestamp limit 7",
                 })
        {
            var network = await RunAsync($"run client () sql test stat = false \"{sql}\"");
            var baseline = await RunAsync($"sql baseline stat = false \"{sql}\"");
            AnswerComparer.AssertSame(network, baseline, QueryOutputFormat.Json, ordered: true);
        }
        var status = (await RunAsync("query status")).ReplaceLineEndings("\n");
        // the table itself (rows from before the partitioning) and its four yearly partitions
        Assert.Contains("|0-4|Completed|", status, StringComparison.Ordinal);
        // a pool thread marks itself idle and counts the query after its last reply block is sent: the query node may
        // have its answer a moment before
        var expected = pool ? "Query Pool with 2 threads:".PadRight(60) + "[0, 0] (12)" : "Query pool not running";
        var served = "";
        await Eventually.HoldsAsync(async () => (served = await QueryNetwork.RunAsync(_network.Operators[0].Node, "get query pool", Cancel)) == expected,
            "the pool idle after 12 queries");
        Assert.Equal(expected, served);
    }
}
