using System.Text.RegularExpressions;

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

        // a large file keeps a thread busy while it loads; on a loaded machine a poll may come only after the load ended,
        // so another file is dropped until one is seen busy (each is seen at most once)
        var file = "";
        var seen = "";
        long expected = 1;
        for (var attempt = 1; attempt <= 5 && !seen.Contains($"|busy  |{file}|", StringComparison.Ordinal); attempt++)
        {
            file = $"test.pool_data.{attempt}.0.0.json";
            node.Drop(file, OperatorNode.Rows([.. Enumerable.Range(0, 100_000).Select(i => $"{{\"timestamp\": \"2026-11-28T03:00:00.000000Z\", \"value\": {attempt * 1_000_000 + i}.5}}")]));
            while (await node.CountAsync("pool_data") == expected && !seen.Contains($"|busy  |{file}|", StringComparison.Ordinal))
            {
                seen = await node.Node.OkAsync("get operator pool where details = true");
                await Task.Delay(5, Cancel);
            }
            expected += 100_000;
        }

        var details = seen.Split("\r\n");
        Assert.Matches(@"^Operator Pool with 2 threads: +\[(1, 0|0, 1)\] \(1\)$", details[0]);
        Assert.Equal(["Thread", "Status", "Task", "Since"], details[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(details, l => l.Contains($"|busy  |{file}|", StringComparison.Ordinal));
        Assert.Single(details, l => l.Contains("|idle  |", StringComparison.Ordinal));

        await node.WaitForRowsAsync("pool_data", expected);
        await OperatorNode.WaitUntilAsync(async () => Regex.IsMatch(await node.Node.OkAsync("get operator pool"), @"\[0, 0\] \(2\)$"),
            "both threads idle after the large files");
        var idle = (await node.Node.OkAsync("get operator pool where details = true")).Split("\r\n");
        Assert.Equal(2, idle.Count(l => l.Contains("|idle  |", StringComparison.Ordinal)));
        Assert.DoesNotContain(idle, l => l.Contains(file, StringComparison.Ordinal));
    }
}
