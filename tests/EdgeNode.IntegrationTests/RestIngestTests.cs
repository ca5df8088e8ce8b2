using System.Net;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// PUT and POST <c>command: data</c> as AnyLog clients send them: header and body checks, EdgeLake's reply shapes, and the
/// rows landing where the node's real streamer puts them (the journal, then a data file in the watch dir).
/// </summary>
public sealed class RestIngestTests
{
    private static Task<HttpResponseMessage> PutAsync(RestNode rest, string body, params (string, string)[] headers) =>
        rest.SendAsync(HttpMethod.Put, null, body, headers);

    private static string[] WatchFiles(RestNode rest) =>
        Directory.Exists(rest.Node.Var("watch_dir")) ? Directory.GetFiles(rest.Node.Var("watch_dir")!) : [];

    [Fact]
    public async Task Put_streaming_journals_rows_one_per_line_and_flush_writes_them_as_a_data_file()
    {
        await using var rest = await RestNode.StartAsync();
        const string body = """
            [{"timestamp": "2026-11-28 02:00:00", "value": 1.5},
             {"timestamp": "2026-11-28 02:00:01",
              "value": 2.5}]
            """;
        using var response = await PutAsync(rest, body, ("type", "json"), ("dbms", "Test"), ("table", "Rand_Data"), ("mode", "streaming"),
            ("Content-Type", "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/json", response.ContentType());
        Assert.Equal("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"0\" }", await response.TextAsync());
        const string rows = "{\"timestamp\": \"2026-11-28 02:00:00\", \"value\": 1.5}\n{\"timestamp\": \"2026-11-28 02:00:01\",  \"value\": 2.5}\n";
        var journal = Directory.GetFiles(Path.Combine(rest.Node.Var("prep_dir")!, ".journal"));
        Assert.Equal(rows, File.ReadAllText(Assert.Single(journal)), ignoreLineEndingDifferences: false);
        Assert.Empty(WatchFiles(rest));

        using var flush = await rest.PostAsync("flush buffers");
        Assert.Equal(HttpStatusCode.OK, flush.StatusCode);
        var file = Assert.Single(WatchFiles(rest));
        Assert.StartsWith("test.rand_data.0.", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Equal(rows, File.ReadAllText(file));
        using var streaming = await rest.GetAsync("get streaming where format = json");
        Assert.Contains("\"table\": \"test.rand_data\", \"File Put\": 0, \"File Rows\": 0, \"Streaming Put\": 1, \"Streaming Rows\": 2",
            await streaming.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_file_mode_is_the_default_and_returns_the_hash_of_the_file_it_wrote()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await PutAsync(rest, "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}", ("dbms", "test"), ("table", "t"),
            ("source", "device7"), ("instructions", "5e4e62ab1b2e1d2d0d5e7f4fa8f0d8b2"));
        var file = Assert.Single(WatchFiles(rest));
        var content = File.ReadAllBytes(file);
        // the hash names this call's file: md5 of "dbms.table", the rows and the call (two calls with the same rows are two files)
        var reply = System.Text.RegularExpressions.Regex.Match(await response.TextAsync(), @"^\{""AnyLog.status"":""Success"", ""AnyLog.hash"": ""([0-9a-f]{32})"" \}$");
        Assert.True(reply.Success);
        var hash = reply.Groups[1].Value;
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData([.. "test.t"u8.ToArray(), .. content])), hash);
        Assert.Equal($"test.t.device7.{hash}.5e4e62ab1b2e1d2d0d5e7f4fa8f0d8b2.json", Path.GetFileName(file));
        Assert.Equal("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n", Encoding.UTF8.GetString(content));

        using var calls = await rest.GetAsync("get rest calls");
        Assert.Matches(@"\|PUT \|\s+1\|\s+0\|", await calls.TextAsync());
    }

    [Fact]
    public async Task Bad_put_requests_get_400_with_the_reason_and_write_nothing()
    {
        await using var rest = await RestNode.StartAsync();
        (string Body, (string, string)[] Headers, ErrorCode Code, string Reason)[] cases =
        [
            ("{\"a\": 1}", [("table", "t")], ErrorCode.MissingHeader, "missing: dbms"),
            ("{\"a\": 1}", [("dbms", "d")], ErrorCode.MissingHeader, "missing: table"),
            ("{\"a\": 1}", [("dbms", "../etc"), ("table", "t")], ErrorCode.WrongOptionType, "only letters, digits and '_'"),
            ("{\"a\": 1}", [("dbms", "d"), ("table", "t"), ("source", "a.b")], ErrorCode.WrongOptionType, "part of a file name"),
            ("{\"a\": 1}", [("dbms", "d"), ("table", "t"), ("mode", "batch")], ErrorCode.WrongOptionType, "expected 'file' or 'streaming'"),
            ("{\"a\": 1}", [("dbms", "d"), ("table", "t"), ("type", "csv")], ErrorCode.WrongOptionType, "expected 'json' or 'blob'"),
            ("{\"a\": 1", [("dbms", "d"), ("table", "t")], ErrorCode.JsonError, "invalid JSON after row 0"),
            ("[{\"a\": 1}, 7]", [("dbms", "d"), ("table", "t")], ErrorCode.JsonError, "row 2 of the array is not a JSON object"),
            ("", [("dbms", "d"), ("table", "t")], ErrorCode.JsonError, "no rows"),
        ];
        foreach (var (body, headers, code, reason) in cases)
        {
            using var response = await PutAsync(rest, body, headers);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var json = JsonDocument.Parse(await response.TextAsync()).RootElement;
            Assert.Equal((int)code, json.GetProperty("err_code").GetInt32());
            Assert.Contains(reason, json.GetProperty("AnyLog.error on REST server").GetString(), StringComparison.Ordinal);
        }
        Assert.Empty(WatchFiles(rest));
    }

    [Fact]
    public async Task A_watch_dir_that_cannot_be_written_is_a_500_with_the_reason()
    {
        await using var rest = await RestNode.StartAsync();
        var blocker = Path.Combine(rest.Node.Home, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x", TestContext.Current.CancellationToken);
        await rest.Node.OkAsync($"set watch_dir = {blocker}");
        using var response = await PutAsync(rest, "{\"a\": 1}", ("dbms", "d"), ("table", "t"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var json = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.Equal((int)ErrorCode.FileError, json.GetProperty("err_code").GetInt32());
        Assert.Contains("writing the data file failed", json.GetProperty("AnyLog.error on REST server").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_put_that_times_out_keeps_its_rows_intact_until_the_ingest_is_done()
    {
        SlowDisk? slowDisk = null;
        await using var rest = await RestNode.StartAsync("timeout = 1", node =>
        {
            slowDisk = new SlowDisk(node.Node.Services.Get<IDataIngest>(), "slow");
            node.Node.Services.Add<IDataIngest>(slowDisk);
        });
        var slowRows = "[" + string.Join(",", Enumerable.Range(0, 200).Select(i => $"{{\"slow\": {i}}}")) + "]";
        using var slow = await PutAsync(rest, slowRows, ("dbms", "d"), ("table", "slow"), ("mode", "streaming"));
        await slow.ErrorAsync(ErrorCode.Timeout);
        // more calls of the same size while the slow ingest still reads its batch: pooled buffers must not be reused under it
        for (var i = 0; i < 5; i++)
        {
            using var fast = await PutAsync(rest, slowRows.Replace("slow", "fast", StringComparison.Ordinal), ("dbms", "d"), ("table", "fast"));
            Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        }
        await slowDisk!.Done.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await rest.Node.OkAsync("flush buffers");
        var slowFile = Assert.Single(WatchFiles(rest), f => Path.GetFileName(f).StartsWith("d.slow.", StringComparison.Ordinal));
        Assert.Equal(string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"slow\": {i}}}\n")), File.ReadAllText(slowFile));
    }

    private const string RestSubscription =
        "run msg client where broker = rest and user-agent = anylog and topic = (name = sensors and dbms = test and table = readings and " +
        "column.device.str = \"bring [device]\" and column.value.int = \"bring [value]\")";

    [Fact]
    public async Task A_topic_can_map_with_a_mapping_policy_from_the_ledger()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("""<policy = {"mapping": {"id": "sensor-map", "dbms": "test", "table": "readings", "schema": {"device": {"type": "string", "bring": "[dev][name]"}, "temp": {"type": "float", "bring": "[t]"}}}}>""");
        await rest.Node.OkAsync("blockchain insert where policy = !policy and local = true");
        Assert.True((await rest.Node.RunAsync("run msg client where broker = rest and user-agent = anylog and topic = (name = mapped and policy = no-such-id)")).IsError);
        await rest.Node.OkAsync("run msg client where broker = rest and user-agent = anylog and topic = (name = mapped and policy = sensor-map)");
        using var response = await rest.PostAsync("data", """{"dev": {"name": "d7"}, "t": 21.5}""", ("topic", "mapped"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await rest.Node.OkAsync("flush buffers");
        Assert.Equal("{\"device\":\"d7\",\"temp\":21.5}\n", File.ReadAllText(Assert.Single(WatchFiles(rest))));
    }

    [Fact]
    public async Task Post_data_goes_through_the_mapping_of_the_rest_subscription()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync(RestSubscription);
        using var response = await rest.PostAsync("data", """{"device": "d1", "value": 3, "ignored": true}""", ("topic", "sensors"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"0\" }", await response.TextAsync());
        // the reply came after the row was journaled
        var journal = Directory.GetFiles(Path.Combine(rest.Node.Var("prep_dir")!, ".journal"), "test.readings.*");
        Assert.Equal("{\"device\":\"d1\",\"value\":3}\n", File.ReadAllText(Assert.Single(journal)));

        using var unknown = await rest.PostAsync("data", "{}", ("topic", "other"));
        var error = await unknown.ErrorAsync(ErrorCode.NoClientMapping);
        Assert.Contains("other", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);

        using var noTopic = await rest.PostAsync("data", "{}");
        await noTopic.ErrorAsync(ErrorCode.MissingHeader);

        using var bad = await rest.PostAsync("data", """{"device": "d1", "value": "many"}""", ("topic", "sensors"));
        var mapping = await bad.ErrorAsync(ErrorCode.JsonError);
        Assert.Contains("column 'value': 'many' is not an integer", mapping.GetProperty("local_msg").GetString(), StringComparison.Ordinal);

        await rest.Node.OkAsync("flush buffers");
        var file = Assert.Single(WatchFiles(rest));
        Assert.StartsWith("test.readings.0.", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Equal("{\"device\":\"d1\",\"value\":3}\n", File.ReadAllText(file));
        var clients = await rest.Node.OkAsync("get msg clients");
        Assert.Contains("Broker:       rest\r\nConnection:   Connected to local REST Server", clients, StringComparison.Ordinal);
        Assert.Matches(@"\s+2\s+1\s+1\s+\d{4}-", clients);
    }

    [Fact]
    public async Task Post_data_from_another_product_than_the_subscription_accepts_has_no_mapping()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync(RestSubscription);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("command", "data");
        request.Headers.TryAddWithoutValidation("topic", "sensors");
        request.Headers.TryAddWithoutValidation("User-Agent", "grafana/9");
        request.Content = new StringContent("""{"device": "d1", "value": 3}""");
        using var response = await rest.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var error = await response.ErrorAsync(ErrorCode.NoClientMapping);
        Assert.Contains("user-agent 'grafana'", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_posts_map_every_message_intact()
    {
        await using var rest = await RestNode.StartAsync("threads = 8");
        await rest.Node.OkAsync(
            "run msg client where broker = rest and topic = (name = bulk and dbms = test and table = bulk and column.n.int = \"bring [rows][][n]\" and column.tag.str = \"bring [tag]\")");
        var calls = Enumerable.Range(0, 40).Select(async call =>
        {
            var payload = "{\"tag\": \"call" + call + "\", \"rows\": [" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"{{\"n\": {call * 1000 + i}}}")) + "]}";
            using var response = await rest.PostAsync("data", payload, ("topic", "bulk"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await Task.WhenAll(calls);
        await rest.Node.OkAsync("flush buffers");
        var rows = Directory.GetFiles(rest.Node.Var("watch_dir")!, "test.bulk.*").SelectMany(File.ReadAllLines)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(2000, rows.Count);
        Assert.All(rows, row => Assert.Equal($"call{row.GetProperty("n").GetInt32() / 1000}", row.GetProperty("tag").GetString()));
        Assert.Equal(2000, rows.Select(r => r.GetProperty("n").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task A_posted_message_whose_rows_name_different_tables_is_journaled_in_each()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync(
            "run msg client where broker = rest and topic = (name = mixed and dbms = plant and table = \"bring [rows][][kind]\" and column.v.int = \"bring [rows][][v]\")");
        using var response = await rest.PostAsync("data", """{"rows": [{"kind": "temp", "v": 1}, {"kind": "power", "v": 2}, {"kind": "temp", "v": 3}]}""",
            ("topic", "mixed"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await rest.Node.OkAsync("flush buffers");
        string Rows(string table) => File.ReadAllText(Assert.Single(Directory.GetFiles(rest.Node.Var("watch_dir")!, $"plant.{table}.*")));
        Assert.Equal("{\"v\":1}\n{\"v\":3}\n", Rows("temp"));
        Assert.Equal("{\"v\":2}\n", Rows("power"));
    }

    [Fact]
    public async Task Post_data_without_message_clients_says_no_mapping()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.PostAsync("data", "{}", ("topic", "sensors"));
        var error = await response.ErrorAsync(ErrorCode.NoClientMapping);
        Assert.Contains("run msg client where broker = rest", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Fault injection around the real ingest: batches of one table take 1.5 s first and ignore cancellation (a slow disk).</summary>
    private sealed class SlowDisk(IDataIngest real, string slowTable) : IDataIngest
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<IngestResult> WriteFileAsync(IngestBatch batch, CancellationToken cancellation) => real.WriteFileAsync(batch, cancellation);

        public async ValueTask<IngestResult> AppendStreamingAsync(IngestBatch batch, CancellationToken cancellation)
        {
            if (batch.Table != slowTable) return await real.AppendStreamingAsync(batch, cancellation);
            await Task.Delay(1500, CancellationToken.None);
            var result = await real.AppendStreamingAsync(batch, CancellationToken.None);
            Done.SetResult();
            return result;
        }
    }
}
