using EdgeNode.Core.Processes;
using EdgeNode.Query.Responder;

namespace EdgeNode.Tests.Query;

public sealed class QueryPoolDetailsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Details_show_the_job_a_busy_worker_reads_and_idle_workers_as_idle()
    {
        await using var node = new TestNode();
        await node.OkAsync("run query pool where threads = 3");
        var pool = node.Node.Processes.Get<QueryPoolProcess>(ProcessNames.QueryPool)!;
        var release = new TaskCompletionSource();
        var sql = "select timestamp, value from par_rand_data_2026_11_28_d07 where timestamp >= '2026-11-28 00:00:00' order by timestamp";
        var running = pool.RunAsync($"job 7 from 127.0.0.1:32048: {sql}", () => release.Task, Cancel);

        Assert.Matches(@"^Query Pool with 3 threads: +\[1, 0, 0\] \(0\)$", await node.OkAsync("get query pool"));
        var details = await node.OkAsync("get query pool where details = true");
        var lines = details.Split("\r\n");
        Assert.Matches(@"^Query Pool with 3 threads: +\[1, 0, 0\] \(0\)$", lines[0]);
        Assert.Equal(["Thread", "Status", "Task", "Since"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("     0|busy  |job 7 from 127.0.0.1:32048: select timestamp, value from par_rand_data_2026_1...|", lines[4],
            StringComparison.Ordinal);
        Assert.StartsWith("     1|idle  |", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("     2|idle  |", lines[6], StringComparison.Ordinal);

        release.SetResult();
        await running;
        Assert.Matches(@"^Query Pool with 3 threads: +\[0, 0, 0\] \(1\)$", await node.OkAsync("get query pool"));
        Assert.Contains("     0|idle  |", await node.OkAsync("get query pool where details = true"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_of_a_pool_that_does_not_run_say_so()
    {
        await using var node = new TestNode();
        Assert.Matches(@"^Query Pool with 3 threads: +\[0, 0, 0\] \(0\)$", await node.OkAsync("get query pool")); // every node starts one
        await node.OkAsync("exit workers");
        Assert.Equal("Query pool not running", await node.OkAsync("get query pool where details = true"));
    }
}
