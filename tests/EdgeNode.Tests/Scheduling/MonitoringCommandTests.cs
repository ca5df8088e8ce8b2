using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeNode.Tests.Scheduling;

/// <summary>The commands the monitoring scripts' tasks call, against the shapes a real EdgeLake printed (tests/fixtures/edgelake/scheduler).</summary>
public sealed class MonitoringCommandTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private static string Fixture(string name) => File.ReadAllText(ReferenceOutputs.File(Path.Combine("scheduler", name)));

    [Fact]
    public async Task Get_stats_of_the_operator_summary_is_edgelakes_byte_for_byte()
    {
        await _node.OkAsync("set node name sched-peer");
        _node.Node.Dictionary.Set("anylog_server_port", "32558");
        Assert.Equal(Fixture("get_stats_operator_summary_json.txt"),
            await _node.OkAsync("get stats where service = operator and topic = summary and format = json"));
        Assert.Equal(Fixture("get_stats_operator_summary.txt"), await _node.OkAsync("get stats where service = operator and topic = summary"));
        Assert.True((await _node.RunAsync("get stats where service = publisher")).IsError);
    }

    [Fact]
    public async Task Machine_figures_have_psutils_names_and_shapes()
    {
        var cpu = double.Parse(await _node.OkAsync("get node info cpu_percent"), CultureInfo.InvariantCulture);
        Assert.InRange(cpu, 0, 100);
        Assert.Matches(@"^\d+$", await _node.OkAsync("get node info net_io_counters packets_recv"));
        Assert.Matches(@"^snetio\(bytes_sent=\d+, bytes_recv=\d+, packets_sent=\d+, packets_recv=\d+, errin=\d+, errout=\d+, dropin=\d+, dropout=\d+\)$",
            await _node.OkAsync("get node info net_io_counters"));
        Assert.InRange(double.Parse(await _node.OkAsync("get node info virtual_memory percent"), CultureInfo.InvariantCulture), 0, 100);
        Assert.True((await _node.RunAsync("get node info net_io_counters nothing")).IsError);
        Assert.True((await _node.RunAsync("get node info no_such_function")).IsError);
    }

    [Fact]
    public async Task Disk_figures_are_edgelakes_shapes()
    {
        Assert.Matches(@"^\d{1,3}\.\d\d$", Fixture("get_disk_percentage.txt"));
        Assert.Matches(@"^\d{1,3}\.\d\d$", await _node.OkAsync("get disk percentage ."));
        const string usage = @"^\[\{'node':'[\d.]+', 'total':'[\d,]+','used':'[\d,]+','free':'[\d,]+'\}\]$";
        Assert.Matches(usage, Fixture("get_disk_usage.txt"));
        Assert.Matches(usage, await _node.OkAsync("get disk usage ."));
        var free = long.Parse(await _node.OkAsync($"get disk free {_node.Home}"), CultureInfo.InvariantCulture);
        Assert.True(free > 0);
        Assert.Contains("\"total\": ", await _node.OkAsync("get disk usage . where format = json"), StringComparison.Ordinal);
        Assert.True((await _node.RunAsync("get disk percentage /no/such/path")).IsError);
    }

    [Fact]
    public async Task Monitored_topics_keep_each_nodes_last_report_as_edgelake_does()
    {
        _node.Node.Dictionary.Set("anylog_server_port", "32558");
        await _node.OkAsync("monitor operators where info = {\"node name\" : \"op1@127.0.0.1:32148\", \"status\" : \"Active\", \"total rows\" : 10, \"CPU %\" : 1.5}");
        Assert.Equal(Fixture("get_monitored.txt"), await _node.OkAsync("get monitored"));
        var reported = JsonNode.Parse(await _node.OkAsync("get monitored operators"))!.AsObject();
        var expected = JsonNode.Parse(Fixture("get_monitored_operators.txt"))!.AsObject();
        var (mine, theirs) = (reported.Single().Value!.AsObject(), expected.Single().Value!.AsObject());
        Assert.Equal(theirs.Select(p => p.Key), mine.Select(p => p.Key));
        Assert.Equal("127.0.0.1:32558", reported.Single().Key);
        Assert.Matches(@"^00:00:0\d \(H:M:S\)$", mine["Elapsed time"]!.GetValue<string>());

        _node.Node.Dictionary.Set("node_insight", "{\"status\": \"Idle\"}");
        await _node.OkAsync("monitor operators where info = !node_insight and name = op2");
        Assert.Equal(["127.0.0.1:32558", "127.0.0.1.op2"], JsonNode.Parse(await _node.OkAsync("get monitored operators"))!.AsObject().Select(p => p.Key));
        await _node.OkAsync("reset monitored operators");
        Assert.Equal("{}", await _node.OkAsync("get monitored operators"));
        Assert.True((await _node.RunAsync("get monitored nothing")).IsError);
        Assert.True((await _node.RunAsync("monitor operators where info = not-json")).IsError);
    }

    [Fact]
    public async Task Stream_and_get_datetime_as_the_monitoring_policy_uses_them()
    {
        await _node.OkAsync("node_insight[timestamp] = get datetime local now()");
        await _node.OkAsync("node_insight[CPU Percent] = 1.5");
        Assert.Matches(@"^\{""timestamp"": ""\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"", ""CPU Percent"": ""1.5""\}$", _node.Var("node_insight"));
        Assert.Equal("2021-03-10 22:15:01.000000", await _node.OkAsync("get datetime utc '2021-03-10 22:10:01.0' + 5 minutes"));
        await _node.OkAsync("stream !node_insight where dbms = monitoring and table = node_insight");
        await _node.OkAsync("stream [{\"a\": 1}, {\"a\": 2}] where dbms = monitoring and table = other and mode = file");
        var streaming = await _node.OkAsync("get streaming where format = json");
        Assert.Contains("\"table\": \"monitoring.node_insight\", \"File Put\": 0, \"File Rows\": 0, \"Streaming Put\": 1, \"Streaming Rows\": 1", streaming, StringComparison.Ordinal);
        Assert.Contains("\"table\": \"monitoring.other\", \"File Put\": 1, \"File Rows\": 2", streaming, StringComparison.Ordinal);
        Assert.True((await _node.RunAsync("stream not-json where dbms = monitoring and table = t")).IsError);
    }

    [Fact]
    public async Task Delete_archive_removes_the_days_before_the_limit()
    {
        var archive = _node.Var("archive_dir")!;
        var today = DateTime.UtcNow.Date;
        string Day(DateTime day) => Path.Combine(archive, day.ToString("yy", CultureInfo.InvariantCulture), day.ToString("MM", CultureInfo.InvariantCulture),
            day.ToString("dd", CultureInfo.InvariantCulture));
        foreach (var days in new[] { 0, 5, 40, 400 })
        {
            Directory.CreateDirectory(Day(today.AddDays(-days)));
            await File.WriteAllTextAsync(Path.Combine(Day(today.AddDays(-days)), "a.json"), "{}", TestContext.Current.CancellationToken);
        }
        Directory.CreateDirectory(Path.Combine(archive, "not-a-date"));
        Assert.StartsWith("Deleted the archive of 2 day(s)", await _node.OkAsync("delete archive where days = 30"), StringComparison.Ordinal);
        Assert.True(Directory.Exists(Day(today)));
        Assert.True(Directory.Exists(Day(today.AddDays(-5))));
        Assert.False(Directory.Exists(Day(today.AddDays(-40))));
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(Day(today.AddDays(-400))))));
        Assert.True(Directory.Exists(Path.Combine(archive, "not-a-date")));
    }
}
