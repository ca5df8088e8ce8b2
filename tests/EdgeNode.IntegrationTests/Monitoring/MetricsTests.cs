using System.Net;

namespace EdgeNode.IntegrationTests.Monitoring;

/// <summary>
/// <c>GET /metrics</c> scraped as Prometheus scrapes it and read by the Prometheus project's text parser: the figures
/// follow rows from a REST PUT through the streamer's buffer and journal to the table, the processes that run, a peer
/// that does not answer, and a network query's time.
/// </summary>
public sealed class MetricsTests
{
    private const string Rows = "[{\"timestamp\": \"2026-11-28T02:00:00Z\", \"value\": 1.5}, {\"timestamp\": \"2026-11-28T02:00:01Z\", \"value\": 2.5}, " +
                                "{\"timestamp\": \"2026-11-28T02:00:02Z\", \"value\": 3.5}]";

    [Fact]
    public async Task Rows_put_over_rest_are_counted_when_received_buffered_and_loaded()
    {
        await using var node = await MonitoredNode.StartAsync();
        await node.PutAsync("readings", Rows);

        var buffered = await node.ScrapeAsync();
        Assert.Equal(3, buffered.Value("edgenode_rows_received_total", "channel", "rest"));
        Assert.Equal(0, buffered.Value("edgenode_rows_received_total", "channel", "mqtt"));
        Assert.True(buffered.Value("edgenode_streamer_buffer_bytes", "dbms", "test", "table", "readings") > 100);
        Assert.True(buffered.Value("edgenode_streamer_journal_bytes", "dbms", "test", "table", "readings") > 100);
        Assert.InRange(buffered.Value("edgenode_streamer_buffer_fill_ratio", "dbms", "test", "table", "readings"), 0.001, 1);
        Assert.Equal(1, buffered.Value("edgenode_process_up", "process", "REST"));
        Assert.Equal(1, buffered.Value("edgenode_process_up", "process", "Operator"));
        Assert.Equal(1, buffered.Value("edgenode_process_up", "process", "Streamer"));
        Assert.Equal(0, buffered.Value("edgenode_process_up", "process", "MSG Broker"));
        Assert.Equal(1, buffered.Value("edgenode_operator_threads"));
        Assert.Equal("counter", buffered.First(s => s.Name == "edgenode_rows_received_total").Type);
        Assert.True(buffered.Value("edgenode_memory_resident_bytes") > 10_000_000);
        Assert.True(buffered.Value("process_cpu_seconds_total") > 0);

        await node.Node.OkAsync("flush buffers");
        await node.Operator.WaitForRowsAsync("readings", 3);
        await Eventually.HoldsAsync(async () => (await node.ScrapeAsync()).Any(s => s.Name == "edgenode_rows_loaded_total" && s.Value == 3),
            "rows loaded counted", NodeProcess.EventBudget);
        var loaded = await node.ScrapeAsync();
        Assert.Equal(3, loaded.Value("edgenode_rows_loaded_total", "dbms", "test", "table", "readings"));
        Assert.Equal(3, loaded.Value("edgenode_rows_loaded_all_total"));
        Assert.Equal(0, loaded.Value("edgenode_streamer_buffer_bytes", "dbms", "test", "table", "readings"));
        Assert.Equal(0, loaded.Value("edgenode_streamer_journal_bytes", "dbms", "test", "table", "readings"));
        Assert.Equal(0, loaded.Value("edgenode_dir_files", "dir", "watch"));
    }

    [Fact]
    public async Task A_file_set_aside_is_counted_in_the_error_dir()
    {
        await using var node = await MonitoredNode.StartAsync();
        Assert.Equal(0, (await node.ScrapeAsync()).Value("edgenode_dir_files", "dir", "error"));
        var name = "test.readings.0.0123456789abcdef0123456789abcdef.0.json";
        var prepared = Path.Combine(node.Node.Var("prep_dir")!, name);
        await File.WriteAllTextAsync(prepared, "{\"value\": 1.5\n", TestContext.Current.CancellationToken);
        File.Move(prepared, Path.Combine(node.Operator.WatchDir, name));
        await Eventually.HoldsAsync(async () => (await node.ScrapeAsync()).Value("edgenode_dir_files", "dir", "error") == 1,
            "the bad file counted in the error dir", NodeProcess.EventBudget);
        Assert.True((await node.ScrapeAsync()).Value("edgenode_operator_errors_total") >= 1);
    }

    [Fact]
    public async Task A_peer_that_does_not_answer_is_counted_as_an_error_and_not_responding_and_the_query_is_timed()
    {
        await using var node = await MonitoredNode.StartAsync();
        await node.PutAsync("readings", Rows); // the table and its policy, which a query needs for its columns
        await node.Node.OkAsync("flush buffers");
        await node.Operator.WaitForRowsAsync("readings", 3);
        var dead = $"127.0.0.1:{FreePort.Get()}";
        var before = await node.ScrapeAsync();
        Assert.Equal(0, before.Value("edgenode_operators_not_responding"));
        Assert.Equal(0, before.Value("edgenode_query_duration_seconds_count"));

        await node.Node.RunAsync($"run client ({dead}) get status");
        await node.Node.OkAsync("connect dbms system_query where type = sqlite and memory = true");
        await node.Node.RunAsync($"run client ({dead}) sql test format = json \"select count(*) from readings\"");

        var after = await node.ScrapeAsync();
        Assert.True(after.Value("edgenode_peer_errors_total", "peer", dead) >= 1);
        Assert.Equal(1, after.Value("edgenode_operators_not_responding"));
        Assert.Equal(1, after.Value("edgenode_query_duration_seconds_count"));
        Assert.Equal(1, after.Value("edgenode_query_duration_seconds_bucket", "le", "+Inf"));
    }

    [Fact]
    public async Task Metrics_answer_in_the_prometheus_content_type_without_a_pool_slot()
    {
        await using var rest = await RestNode.StartAsync("threads = 1");
        using var response = await rest.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var samples = await PrometheusText.ParseAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, samples.Value("edgenode_process_up", "process", "REST"));
        Assert.Equal(0, samples.Value("edgenode_process_up", "process", "Operator"));
    }

    [Fact]
    public async Task Get_node_info_memory_shows_the_resident_memory_the_metrics_export()
    {
        await using var rest = await RestNode.StartAsync();
        var json = System.Text.Json.JsonDocument.Parse(await rest.Node.OkAsync("get node info memory where format = json")).RootElement;
        var rss = json.GetProperty("rss").GetInt64();
        Assert.InRange(rss, 10_000_000, 4_000_000_000);
        Assert.True(json.GetProperty("peak_rss").GetInt64() >= rss);
        Assert.True(json.GetProperty("managed_heap").GetInt64() > 0);
        Assert.True(json.GetProperty("gc_mode").GetString() is "workstation" or "server");
        var scraped = (await PrometheusText.ParseAsync(await rest.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken)))
            .Value("edgenode_memory_resident_bytes");
        Assert.InRange(scraped, rss / 2, rss * 2); // the same figure read moments apart
        Assert.Contains("peak_rss", await rest.Node.OkAsync("get node info memory"), StringComparison.Ordinal);
    }
}
