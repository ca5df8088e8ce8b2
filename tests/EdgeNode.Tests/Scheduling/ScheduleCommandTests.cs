using EdgeNode.Scheduling.Scheduler;

namespace EdgeNode.Tests.Scheduling;

/// <summary>What 'schedule' takes: options resolved now, the command kept as written; the forms the deployment scripts use.</summary>
public sealed class ScheduleCommandTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private IReadOnlyList<ScheduledTask> Tasks(int scheduler) =>
        _node.Node.Services.Get<Schedulers>().Find(scheduler)?.Tasks ?? [];

    [Fact]
    public async Task Options_are_resolved_when_scheduled_and_the_task_keeps_its_variables()
    {
        _node.Node.Dictionary.Set("partition_sync", "1 day");
        await _node.OkAsync("<schedule time=!partition_sync and name=\"Drop Partitions\"\n task drop partition where dbms=!default_dbms and table =!table_name and keep=!partition_keep>");
        await _node.OkAsync("schedule name=remove_archive and time=1 day and task delete archive where days = !archive_delete");
        var tasks = Tasks(1);
        Assert.Equal(["Drop Partitions", "remove_archive"], tasks.Select(t => t.Name));
        Assert.Equal(TimeSpan.FromDays(1), tasks[0].Period);
        Assert.Equal("drop partition where dbms = !default_dbms and table = !table_name and keep = !partition_keep", tasks[0].Command);
        Assert.Equal("delete archive where days = !archive_delete", tasks[1].Command);
        Assert.Contains("Scheduler Status: Not Running", await _node.OkAsync("get scheduler 1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_do_schedule_blocks_of_the_deployment_scripts_schedule_their_tasks()
    {
        // the lines of node-deployment/database/configure_dbms_operator.al and southbound-monitoring/node_monitoring_set_params.al
        var script = Path.Combine(_node.Home, "configure.al");
        await File.WriteAllTextAsync(script, """
            enable_partitions = true
            partition_sync = 12 hours
            schedule_time = 300 seconds
            if !enable_partitions == true then
            <do schedule time=!partition_sync and name="Drop Partitions"
                task drop partition where dbms=!default_dbms and table =!table_name and keep=!partition_keep>
            schedule name=remove_archive and time=1 day and task delete archive where days = !archive_delete
            if not !store_monitoring_dest then
            <do schedule
                name=store-monitoring-dest and
                time = !schedule_time and
                task if not !store_monitoring_dest then store_monitoring_dest = blockchain get operator bring.last [*][ip] : [*][port]>
            if !enable_partitions == false then
            <do schedule time = 1 minute and name = never task echo never>
            """, TestContext.Current.CancellationToken);
        await _node.OkAsync($"process {script}");
        var tasks = Tasks(1);
        Assert.Equal(["Drop Partitions", "remove_archive", "store-monitoring-dest"], tasks.Select(t => t.Name));
        Assert.Equal([TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromSeconds(300)], tasks.Select(t => t.Period));
        Assert.Equal("if not !store_monitoring_dest then store_monitoring_dest = blockchain get operator bring.last [*][ip] : [*][port]", tasks[2].Command);
    }

    [Fact]
    public async Task A_start_in_the_future_and_another_scheduler()
    {
        var before = DateTime.UtcNow;
        await _node.OkAsync("schedule time = 30 seconds and name = later and start = +1h and scheduler = 3 task cpu = get node info cpu_percent");
        var task = Assert.Single(Tasks(3));
        Assert.InRange(task.Start, before.AddHours(1), DateTime.UtcNow.AddHours(1));
        Assert.Equal("cpu = get node info cpu_percent", task.Command);
        await _node.OkAsync("task init where scheduler = 3 and name = later and start = +2d");
        Assert.True(Tasks(3)[0].Start > before.AddDays(2).AddMinutes(-1));
    }

    [Fact]
    public async Task A_schedule_policy_as_the_monitoring_scripts_publish_it_adds_its_tasks()
    {
        _node.Node.Dictionary.Set("new_policy", "{\"schedule\": {\"id\": \"node-monitoring\", \"name\": \"Node Monitoring Schedule\", \"script\": [" +
            "\"schedule name = get_cpu_percent and time = 30 seconds task cpu_percent = get node info cpu_percent\", " +
            "\"schedule name = disk_space and time = 30 seconds task if !disk_space then node_insight[Free Space Percent] = !disk_space.float\"]}}");
        await _node.OkAsync("blockchain insert where policy = !new_policy and local = true");
        await _node.OkAsync("config from policy where id = node-monitoring");
        Assert.Equal(["cpu_percent = get node info cpu_percent", "if !disk_space then node_insight[Free Space Percent] = !disk_space.float"],
            Tasks(1).Select(t => t.Command));
        _node.Node.Dictionary.Set("disk_space", "30.87");
        await _node.OkAsync("task run where name = disk_space");
        Assert.Equal("{\"Free Space Percent\": 30.87}", _node.Var("node_insight"));
    }

    [Theory]
    [InlineData("schedule time = 1 minute echo nothing", "Missing 'task'")]
    [InlineData("schedule time = 1 minute task", "Missing scheduled command")]
    [InlineData("schedule name = x task echo a", "time")]
    [InlineData("schedule time = 1 minute and scheduler = 11 task echo a", "0..10")]
    [InlineData("schedule time = 1 minute and start = someday task echo a", "start 'someday'")]
    public async Task Malformed_schedules_are_errors_that_say_why(string line, string reason)
    {
        var result = await _node.RunAsync(line);
        Assert.True(result.IsError);
        Assert.Contains(reason, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assignments_into_json_variables_as_the_monitoring_scripts_write_them()
    {
        _node.Node.Dictionary.Set("disk_space", "30.87");
        _node.Node.Dictionary.Set("packets", "72662");
        await _node.OkAsync("node_insight[Free Space Percent] = !disk_space.float");
        await _node.OkAsync("node_insight[Packets Recv] = !packets.int");
        await _node.OkAsync("node_insight[status]='Active'");
        await _node.OkAsync("set node_insight[node type] = operator");
        await _node.OkAsync("node_insight[nested][name] = get node id");
        var json = _node.Var("node_insight")!;
        Assert.StartsWith("{\"Free Space Percent\": 30.87, \"Packets Recv\": 72662, \"status\": \"Active\", \"node type\": \"operator\", \"nested\": {\"name\": \"",
            json, StringComparison.Ordinal);
    }
}
