namespace EdgeNode.IntegrationTests.Query;

public sealed class QuerySmokeTests
{
    private const string Create = "CREATE TABLE IF NOT EXISTS readings(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  " +
                                  "device_name VARCHAR,  timestamp TIMESTAMP,  value FLOAT,  reading INT );";

    [Fact]
    public async Task Count_over_two_operators()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var network = await QueryNetwork.StartAsync(["type = sqlite", "type = sqlite"], [("readings", Create)], cancellation: cancel);
        var t0 = new DateTime(2025, 3, 14, 9, 15, 0, DateTimeKind.Utc);
        await QueryNetwork.LoadAsync(network.OperatorDbms(0), "readings", ["device_name", "timestamp", "value", "reading"],
            [["a", t0, 1.5, 1L], ["b", t0.AddSeconds(1), 2.5, 2L]], cancel);
        await QueryNetwork.LoadAsync(network.OperatorDbms(1), "readings", ["device_name", "timestamp", "value", "reading"],
            [["a", t0.AddSeconds(2), 3.25, 3L]], cancel);
        var text = "";
        foreach (var q in new[]
                 {
                     "run client () sql test \"select count(*), avg(value), min(timestamp) from readings\"",
                     "run client () sql test format = table \"select device_name, timestamp, value from readings order by timestamp desc\"",
                     "run client () sql test \"select device_name, count(*) from readings group by device_name\"",
                     "run client () sql test \"select * from readings\"",
                     "run client () sql test \"select increments(second, 2, timestamp), count(*), max(value) from readings\"",
                     "run client () sql test \"select count(*) from readings where period(second, 1, '2025-03-14 09:15:02', timestamp)\"",
                     "query status", "query explain",
                 })
        {
            var result = await network.QueryAsync(q, cancellation: cancel);
            text += q + "\n" + result.Display + "\n\n";
        }
        File.WriteAllText("/tmp/query-smoke.txt", text);
    }
}
