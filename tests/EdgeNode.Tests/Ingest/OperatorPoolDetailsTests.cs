using Microsoft.Data.Sqlite;

namespace EdgeNode.Tests.Ingest;

public sealed class OperatorPoolDetailsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Details_show_the_file_a_busy_thread_loads_and_idle_threads_as_idle()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and archive_json = true and threads = 2");
        node.Drop("test.pool_data.0.0.0.json", OperatorNode.Rows("{\"timestamp\": \"2026-11-28T02:00:00.000000Z\", \"value\": 1.5}"));
        await node.WaitForRowsAsync("pool_data", 1);

        // another writer holds the database: the operator thread that loads the next file is busy on it while it waits for the lock
        var database = Path.Combine(node.Node.Var("dbms_dir")!, "test.dbms");
        await using var writer = new SqliteConnection($"Data Source={database};Pooling=False");
        await writer.OpenAsync(Cancel);
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(Cancel);
        }
        const string file = "test.pool_data.0.0.1.json";
        node.Drop(file, OperatorNode.Rows("{\"timestamp\": \"2026-11-28T02:00:01.000000Z\", \"value\": 2.5}"));
        var seen = "";
        await OperatorNode.WaitUntilAsync(async () => (seen = await node.Node.OkAsync("get operator pool where details = true")).Contains($"|busy  |{file}|",
            StringComparison.Ordinal), "a thread busy on the blocked file");

        var details = seen.Split("\r\n");
        Assert.Matches(@"^Operator Pool with 2 threads: +\[(1, 0|0, 1)\] \(\d+\)$", details[0]);
        Assert.Equal(["Thread", "Status", "Task", "Since"], details[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(details, l => l.Contains("|idle  |", StringComparison.Ordinal));

        await using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(Cancel);
        }
        await OperatorNode.WaitUntilAsync(async () => System.Text.RegularExpressions.Regex.IsMatch(await node.Node.OkAsync("get operator pool"), @"\[0, 0\] \(\d+\)$"),
            "both threads idle after the second file");
        var idle = (await node.Node.OkAsync("get operator pool where details = true")).Split("\r\n");
        Assert.Equal(2, idle.Count(l => l.Contains("|idle  |", StringComparison.Ordinal)));
        Assert.DoesNotContain(idle, l => l.Contains(file, StringComparison.Ordinal));
    }
}
