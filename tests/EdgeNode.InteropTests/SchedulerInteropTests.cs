using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests;

/// <summary>
/// An EdgeLake node and an EdgeNode node run the same scheduler lines (Scripts/edgelake-scheduler.al); their
/// <c>get scheduler</c>, Scheduler row of <c>get processes</c> and <c>get streaming conditions</c> are the same bytes
/// once start times and the 1-second task's run count are masked (<see cref="SchedulerOutput"/>).
/// </summary>
public sealed class SchedulerInteropTests
{
    private static IEnumerable<string> SchedulerLines() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Scripts", "edgelake-scheduler.al"))
            .SkipWhile(l => !l.StartsWith("connect dbms", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("echo ", StringComparison.Ordinal));

    /// <summary>True once both day-long tasks of scheduler 1 ran (Active) and the 1-second task ran.</summary>
    private static bool Ran(string getScheduler1) =>
        getScheduler1.Contains("|Active|One Second", StringComparison.Ordinal) && getScheduler1.Contains("|Active|remove_archive", StringComparison.Ordinal);

    [Fact]
    public async Task Edgenode_prints_the_scheduler_tables_edgelake_prints()
    {
        PeerFolder.Require();
        await using var edgeLake = await EdgeLakeNode.StartAsync("sched-peer", "edgelake-scheduler.al", new Dictionary<string, string>());
        await using var edgeNode = new TestNode();
        foreach (var line in SchedulerLines()) await edgeNode.OkAsync(line);

        // EdgeLake's schedulers wake every 10 seconds: its tasks have run within two wake-ups
        await Eventually.HoldsAsync(async () => Ran(await edgeLake.Rest.GetAsync("get scheduler 1")), "EdgeLake's tasks ran", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(async () => Ran(await edgeNode.OkAsync("get scheduler 1")), "EdgeNode's tasks ran", NodeProcess.EventBudget);

        Assert.Equal(SchedulerOutput.Masked(await edgeLake.Rest.GetAsync("get scheduler 1")), SchedulerOutput.Masked(await edgeNode.OkAsync("get scheduler 1")));
        Assert.Equal(SchedulerOutput.ProcessRow(await edgeLake.Rest.GetAsync("get processes")), SchedulerOutput.ProcessRow(await edgeNode.OkAsync("get processes")));
        Assert.Equal(await edgeLake.Rest.GetAsync("get streaming conditions"), await edgeNode.OkAsync("get streaming conditions"));
        Assert.Equal(await edgeLake.Rest.GetAsync("get scheduler 7"), await edgeNode.OkAsync("get scheduler 7"));
    }
}
