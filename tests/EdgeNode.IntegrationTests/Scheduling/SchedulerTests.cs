using System.Text.RegularExpressions;
using EdgeNode.Core.Storage;

namespace EdgeNode.IntegrationTests.Scheduling;

/// <summary>Schedulers on a real node: tasks run on time, task stop/run/remove, failing tasks, a partition-drop task on SQLite.</summary>
public sealed class SchedulerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The row of a task in <c>get scheduler</c>: ID, Mode, Name, Counter, Run Status, Start-Time, Repeat-Time, Task.</summary>
    private static async Task<string[]?> RowAsync(TestNode node, int scheduler, string name)
    {
        var text = await node.OkAsync($"get scheduler {scheduler}");
        var line = text.Split("\r\n").FirstOrDefault(l => l.Split('|').Length > 2 && l.Split('|')[2].Trim() == name);
        return line?.Split('|').Select(c => c.Trim()).ToArray();
    }

    private static async Task<long> CounterAsync(TestNode node, int scheduler, string name) =>
        (await RowAsync(node, scheduler, name)) is { } row ? long.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture) : -1;

    [Fact]
    public async Task A_one_second_task_runs_every_second_and_a_delayed_task_waits_for_its_start()
    {
        await using var node = new TestNode();
        await node.OkAsync("run scheduler 1");
        await node.OkAsync("schedule time = 1 second and name = tick task ticks = incr !ticks");
        node.Node.Dictionary.Set("ticks", "0");
        await node.OkAsync("schedule time = 1 second and name = later and start = +3 seconds task late = yes");
        await node.OkAsync("schedule time = 1 hour and name = tomorrow and start = +1d task echo later");

        var row = await RowAsync(node, 1, "tomorrow");
        Assert.Equal(["Paused", "0", "No runs", "1:0:0", "echo later"], new[] { row![1], row[3], row[4], row[6], row[7] });
        Assert.Null(node.Var("late"));
        await Eventually.HoldsAsync(async () => await CounterAsync(node, 1, "tick") >= 3, "three runs of the 1-second task", NodeProcess.EventBudget);
        await Eventually.HoldsAsync(() => node.Var("late") == "yes", "the delayed task ran once its start passed", NodeProcess.EventBudget);
        Assert.Equal("Active", (await RowAsync(node, 1, "tick"))![1]);
        Assert.Equal("Success", (await RowAsync(node, 1, "tick"))![4]);
        Assert.True(long.Parse(node.Var("ticks")!, System.Globalization.CultureInfo.InvariantCulture) >= 3);
        Assert.Equal("Paused", (await RowAsync(node, 1, "tomorrow"))![1]);
    }

    [Fact]
    public async Task Task_stop_run_and_remove_change_what_the_scheduler_does()
    {
        await using var node = new TestNode();
        await node.OkAsync("run scheduler 1");
        node.Node.Dictionary.Set("n", "0");
        await node.OkAsync("schedule time = 1 second and name = count task n = incr !n");
        await Eventually.HoldsAsync(async () => await CounterAsync(node, 1, "count") >= 1, "a first run", NodeProcess.EventBudget);

        await node.OkAsync("task stop where scheduler = 1 and name = count");
        Assert.Equal("Stopped", (await RowAsync(node, 1, "count"))![1]);
        await Task.Delay(300, Cancel); // a run started just before the stop finishes
        var counted = await CounterAsync(node, 1, "count");
        var value = node.Var("n");
        await Task.Delay(2500, Cancel);
        Assert.Equal(counted, await CounterAsync(node, 1, "count"));
        Assert.Equal(value, node.Var("n"));

        await node.OkAsync("task run where scheduler = 1 and name = count");
        Assert.Equal(int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture) + 1,
            int.Parse(node.Var("n")!, System.Globalization.CultureInfo.InvariantCulture));

        await node.OkAsync("task resume where scheduler = 1 and name = count");
        await Eventually.HoldsAsync(async () => await CounterAsync(node, 1, "count") > counted, "runs again after resume", NodeProcess.EventBudget);

        await node.OkAsync("task remove where scheduler = 1 and name = count");
        Assert.Null(await RowAsync(node, 1, "count"));
        var missing = await node.RunAsync("task stop where scheduler = 1 and name = count");
        Assert.True(missing.IsError);
        Assert.Contains("'count' in scheduler '1' is not valid", missing.Text, StringComparison.Ordinal);
        var duplicate = await node.RunAsync("schedule time = 1 minute and name = other task echo a");
        Assert.False(duplicate.IsError);
        Assert.True((await node.RunAsync("schedule time = 1 minute and name = other task echo b")).IsError);
    }

    [Fact]
    public async Task A_task_still_running_at_its_next_time_is_not_started_twice()
    {
        await using var node = new TestNode();
        await node.OkAsync("run scheduler 1");
        await node.OkAsync("schedule time = 1 second and name = slow task wait 2.5");
        await Eventually.HoldsAsync(async () =>
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(await node.OkAsync("get scheduler 1 where format = json"))!;
            return json["Scheduled Tasks"]![0]!["Skipped"]!.GetValue<long>() >= 3;
        }, "slots skipped while the slow run goes on", NodeProcess.EventBudget);
        var task = System.Text.Json.Nodes.JsonNode.Parse(await node.OkAsync("get scheduler 1 where format = json"))!["Scheduled Tasks"]![0]!;
        // one run per 2.5 seconds at most: every slot either ran or was skipped, never both at once
        Assert.True(task["Counter"]!.GetValue<long>() <= task["Skipped"]!.GetValue<long>(), task.ToJsonString());
    }

    [Fact]
    public async Task A_failing_task_shows_its_error_and_the_scheduler_keeps_running()
    {
        await using var node = new TestNode();
        await node.OkAsync("run scheduler 1");
        await node.OkAsync("schedule time = 1 second and name = broken task drop table nosuch where dbms = nodb");
        await node.OkAsync("schedule time = 1 second and name = fine task ok = yes");
        await Eventually.HoldsAsync(async () => await CounterAsync(node, 1, "broken") >= 2, "the failing task ran twice", NodeProcess.EventBudget);
        var row = await RowAsync(node, 1, "broken");
        Assert.Equal("DBMS not connected", row![4]);
        Assert.Contains(node.Node.Log.Errors.Entries(), e => e.Message.Contains("task 1 'broken' failed: Error 21", StringComparison.Ordinal));
        Assert.Equal("yes", node.Var("ok"));
        Assert.Equal("Success", (await RowAsync(node, 1, "fine"))![4]);
        Assert.Contains("[1 (user)]", await node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partition_drop_task_removes_the_old_partitions_of_a_real_table()
    {
        await using var node = new TestNode();
        await node.OkAsync("connect dbms test where type = sqlite");
        await node.OkAsync("sql test \"create table readings (ts timestamp not null, value int)\"");
        await node.OkAsync("partition test readings using ts by 1 day");
        var dbms = node.Node.Services.Get<IDbmsRegistry>().Find("test")!;
        await using (var load = await dbms.BeginLoadAsync("readings", ["ts", "value"], null, Cancel))
        {
            foreach (var day in new[] { 1, 2, 3, 4 })
            {
                load.SetTimestamp(0, new DateTime(2026, 1, day, 10, 0, 0, DateTimeKind.Utc));
                load.SetInt64(1, day);
                await load.AddRowAsync(Cancel);
            }
            await load.CommitAsync(Cancel);
        }
        var before = await node.OkAsync("get partitions where dbms = test and table = readings");
        Assert.Equal(4, Regex.Count(before, "par_readings_"));

        await node.OkAsync("run scheduler 1");
        node.Node.Dictionary.Set("default_dbms", "test");
        await node.OkAsync("<schedule time = 1 second and name = \"Drop Partitions\" task drop partition where dbms = !default_dbms and table = readings and keep = 2>");
        await Eventually.HoldsAsync(async () => Regex.Count(await node.OkAsync("get partitions where dbms = test and table = readings"), "par_readings_") == 2,
            "two partitions left", NodeProcess.EventBudget);
        var after = await node.OkAsync("get partitions where dbms = test and table = readings");
        Assert.Contains("2026_01_04", after, StringComparison.Ordinal);
        Assert.DoesNotContain("2026_01_01", after, StringComparison.Ordinal);
        Assert.Equal("Success", (await RowAsync(node, 1, "Drop Partitions"))![4]);
    }
}
