namespace EdgeNode.IntegrationTests.Scheduling;

/// <summary>
/// <c>get scheduler</c>, the Scheduler row of <c>get processes</c> and <c>get streaming conditions</c> against a real
/// EdgeLake's (tests/fixtures/edgelake/scheduler, recorded by its record.sh from peer.al): byte for byte, once the start
/// times and the run counter of the 1-second task (which depend on when the outputs were taken) are masked.
/// </summary>
public sealed class SchedulerLayoutTests
{
    private static string Fixture(string name) => File.ReadAllText(ReferenceOutputs.File(Path.Combine("scheduler", name)));

    private static string Masked(string text) => SchedulerOutput.Masked(text);

    /// <summary>The commands of peer.al on an EdgeNode node (its TCP and REST servers aside).</summary>
    private static async Task<TestNode> PeerNodeAsync()
    {
        var node = new TestNode();
        var script = Fixture("peer.al").Split('\n').Where(l => !l.StartsWith("run tcp", StringComparison.Ordinal) && !l.StartsWith("run rest", StringComparison.Ordinal));
        var path = Path.Combine(node.Home, "peer.al");
        await File.WriteAllLinesAsync(path, script, TestContext.Current.CancellationToken);
        await node.OkAsync($"process {path}");
        return node;
    }

    [Fact]
    public async Task Get_scheduler_prints_edgelakes_layout()
    {
        await using var node = await PeerNodeAsync();
        await Eventually.HoldsAsync(async () =>
            {
                var text = await node.OkAsync("get scheduler 1");
                return !text.Contains("|Paused|One Second", StringComparison.Ordinal) && !text.Contains("|Paused|remove_archive", StringComparison.Ordinal)
                       && Masked(text) == Masked(Fixture("get_scheduler_1.txt"));
            }, "get scheduler 1 as EdgeLake prints it, once its tasks ran", NodeProcess.EventBudget);
        Assert.Equal(Masked(Fixture("get_scheduler_1.txt")), Masked(await node.OkAsync("get scheduler 1")));
        Assert.Equal(Fixture("get_scheduler_5.txt"), await node.OkAsync("get scheduler 5"));
    }

    [Fact]
    public async Task The_scheduler_row_of_get_processes_is_edgelakes()
    {
        await using var node = await PeerNodeAsync();
        static string[] SchedulerRow(string text) => SchedulerOutput.ProcessRow(text);
        Assert.Equal(SchedulerRow(Fixture("get_processes.txt")), SchedulerRow(await node.OkAsync("get processes")));
        Assert.Equal(["Scheduler", "Running", "Schedulers IDs in use: [0 (system)] [1 (user)] [2]", ""], SchedulerRow(await node.OkAsync("get processes")));

        await node.OkAsync("exit scheduler 2");
        Assert.Equal("Schedulers IDs in use: [0 (system)] [1 (user)]", SchedulerRow(await node.OkAsync("get processes"))[2]);
        await node.OkAsync("exit scheduler");
        Assert.Equal("Not declared", SchedulerRow(await node.OkAsync("get processes"))[1]);
        Assert.Contains("Scheduler Status: Not Running", await node.OkAsync("get scheduler 1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_streaming_conditions_prints_edgelakes_layout()
    {
        await using var node = await PeerNodeAsync();
        Assert.Equal(Fixture("get_streaming_conditions.txt"), await node.OkAsync("get streaming conditions"));
    }
}
