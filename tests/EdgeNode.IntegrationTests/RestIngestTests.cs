using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// PUT and POST <c>command: data</c> as AnyLog clients send them: header and body checks, EdgeLake's reply shapes, and what
/// the REST server hands to the node's ingest services. The streamer and the msg client (which implement those services) are
/// built separately: these tests register recorders in their place; the end-to-end PUT → flush → sql tests come with them.
/// </summary>
public sealed class RestIngestTests
{
    private static Task<HttpResponseMessage> PutAsync(RestNode rest, string body, params (string, string)[] headers) =>
        rest.SendAsync(HttpMethod.Put, null, body, headers);

    [Fact]
    public async Task Put_without_an_ingest_pipeline_is_a_clear_503()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await PutAsync(rest, """{"value": 1}""", ("dbms", "test"), ("table", "t1"), ("mode", "streaming"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.StartsWith("Data ingest not available", json.GetProperty("AnyLog.error on REST server").GetString(), StringComparison.Ordinal);
        Assert.Equal((int)ErrorCode.IngestNotAvailable, json.GetProperty("err_code").GetInt32());
    }

    [Fact]
    public async Task Put_streaming_hands_rows_one_per_line_and_replies_as_EdgeLake()
    {
        var ingest = new RecordingIngest();
        await using var rest = await RestNode.StartAsync(prepare: node => node.Node.Services.Add<IDataIngest>(ingest));
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

        var (streaming, batch, rows) = Assert.Single(ingest.Batches);
        Assert.True(streaming);
        Assert.Equal(("test", "rand_data", "0", "0", "json", 2), (batch.Dbms, batch.Table, batch.Source, batch.Instructions, batch.Type, batch.RowCount));
        Assert.Equal("{\"timestamp\": \"2026-11-28 02:00:00\", \"value\": 1.5}\n{\"timestamp\": \"2026-11-28 02:00:01\",  \"value\": 2.5}\n",
            rows);
    }

    [Fact]
    public async Task Put_file_mode_is_the_default_and_returns_the_file_hash()
    {
        var ingest = new RecordingIngest();
        await using var rest = await RestNode.StartAsync(prepare: node => node.Node.Services.Add<IDataIngest>(ingest));
        using var response = await PutAsync(rest, "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}", ("dbms", "test"), ("table", "t"),
            ("source", "device7"), ("instructions", "5e4e62ab1b2e1d2d0d5e7f4fa8f0d8b2"));
        Assert.Equal("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"" + RecordingIngest.FileHash + "\" }", await response.TextAsync());
        var (streaming, batch, rows) = Assert.Single(ingest.Batches);
        Assert.False(streaming);
        Assert.Equal(("device7", "5e4e62ab1b2e1d2d0d5e7f4fa8f0d8b2", 3), (batch.Source, batch.Instructions, batch.RowCount));
        Assert.Equal("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n", rows);

        using var calls = await rest.GetAsync("get rest calls");
        Assert.Matches(@"\|PUT \|\s+1\|\s+0\|", await calls.TextAsync());
    }

    [Fact]
    public async Task Bad_put_requests_get_400_with_the_reason()
    {
        var ingest = new RecordingIngest();
        await using var rest = await RestNode.StartAsync(prepare: node => node.Node.Services.Add<IDataIngest>(ingest));
        (string Body, (string, string)[] Headers, ErrorCode Code, string Reason)[] cases =
        [
            ("{\"a\": 1}", [("table", "t")], ErrorCode.MissingHeader, "missing: dbms"),
            ("{\"a\": 1}", [("dbms", "d")], ErrorCode.MissingHeader, "missing: table"),
            ("{\"a\": 1}", [("dbms", "../etc"), ("table", "t")], ErrorCode.WrongOptionType, "only letters, digits and '_'"),
            ("{\"a\": 1}", [("dbms", "d"), ("table", "t"), ("source", "a.b")], ErrorCode.WrongOptionType, "part of a file name"),
            ("{\"a\": 1}", [("dbms", "d"), ("table", "t"), ("mode", "batch")], ErrorCode.WrongOptionType, "expected 'file' or 'streaming'"),
            ("{\"a\": 1}", [("dbms", "d"), ("table", "t"), ("type", "csv")], ErrorCode.WrongOptionType, "only 'json'"),
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
        Assert.Empty(ingest.Batches);
    }

    [Fact]
    public async Task Ingest_failures_are_500_with_the_pipelines_message()
    {
        var ingest = new RecordingIngest { Failure = IngestResult.Error(ErrorCode.FileError, "disk full") };
        await using var rest = await RestNode.StartAsync(prepare: node => node.Node.Services.Add<IDataIngest>(ingest));
        using var response = await PutAsync(rest, "{\"a\": 1}", ("dbms", "d"), ("table", "t"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"AnyLog.error on REST server\": \"File error: disk full\", \"err_code\": 9}", await response.TextAsync());
    }

    [Fact]
    public async Task A_put_that_times_out_keeps_its_rows_intact_until_the_ingest_is_done()
    {
        var ingest = new RecordingIngest { SlowTable = "slow" };
        await using var rest = await RestNode.StartAsync("timeout = 1", node => node.Node.Services.Add<IDataIngest>(ingest));
        var slowRows = "[" + string.Join(",", Enumerable.Range(0, 200).Select(i => $"{{\"slow\": {i}}}")) + "]";
        using var slow = await PutAsync(rest, slowRows, ("dbms", "d"), ("table", "slow"), ("mode", "streaming"));
        await slow.ErrorAsync(ErrorCode.Timeout);
        // more calls of the same size while the slow ingest still reads its batch: pooled buffers must not be reused under it
        for (var i = 0; i < 5; i++)
        {
            using var fast = await PutAsync(rest, slowRows.Replace("slow", "fast", StringComparison.Ordinal), ("dbms", "d"), ("table", "fast"));
            Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        }
        var slowBatch = await ingest.SlowDone.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"slow\": {i}}}\n")), slowBatch);
    }

    [Fact]
    public async Task A_message_that_times_out_keeps_its_payload_intact_until_the_mapping_is_done()
    {
        var topics = new RecordingTopics();
        await using var rest = await RestNode.StartAsync("timeout = 1", node => node.Node.Services.Add<ITopicIngest>(topics));
        var payload = "{\"rows\": [" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"{{\"slow\": {i}}}")) + "]}";
        using var slow = await rest.PostAsync("data", payload, ("topic", "slow"));
        await slow.ErrorAsync(ErrorCode.Timeout);
        for (var i = 0; i < 20; i++)
        {
            using var fast = await rest.PostAsync("data", payload.Replace("slow", "fast", StringComparison.Ordinal), ("topic", "sensors"));
            Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        }
        Assert.Equal(payload, await topics.SlowDone.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Post_data_goes_to_the_topic_mapping_of_the_rest_broker()
    {
        var topics = new RecordingTopics();
        await using var rest = await RestNode.StartAsync(prepare: node => node.Node.Services.Add<ITopicIngest>(topics));
        using var response = await rest.PostAsync("data", """{"device": "d1", "value": 3}""", ("topic", "sensors"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("rest", "sensors", "anylog", """{"device": "d1", "value": 3}"""), Assert.Single(topics.Messages));

        using var unknown = await rest.PostAsync("data", "{}", ("topic", "other"));
        var error = await unknown.ErrorAsync(ErrorCode.NoClientMapping);
        Assert.Contains("other", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);

        using var noTopic = await rest.PostAsync("data", "{}");
        await noTopic.ErrorAsync(ErrorCode.MissingHeader);
    }

    [Fact]
    public async Task Post_data_without_message_clients_says_no_mapping()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.PostAsync("data", "{}", ("topic", "sensors"));
        var error = await response.ErrorAsync(ErrorCode.NoClientMapping);
        Assert.Contains("run msg client where broker = rest", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Stands in for the streamer (not in this branch): keeps what the REST server hands over.</summary>
    private sealed class RecordingIngest : IDataIngest
    {
        public const string FileHash = "0f343b0931126a20f133d67c2b018a3b";

        public ConcurrentQueue<(bool Streaming, IngestBatch Batch, string Rows)> Batches { get; } = new();
        public IngestResult? Failure { get; init; }

        /// <summary>Batches of this table take 1.5 s and ignore cancellation (a slow disk); their rows are read at the end.</summary>
        public string? SlowTable { get; init; }
        public TaskCompletionSource<string> SlowDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<IngestResult> WriteFileAsync(IngestBatch batch, CancellationToken cancellation) => Keep(false, batch, FileHash);

        public async ValueTask<IngestResult> AppendStreamingAsync(IngestBatch batch, CancellationToken cancellation)
        {
            if (batch.Table != SlowTable) return await Keep(true, batch, "0");
            await Task.Delay(1500, CancellationToken.None);
            SlowDone.SetResult(Encoding.UTF8.GetString(batch.Rows.Span));
            return IngestResult.Ok();
        }

        private ValueTask<IngestResult> Keep(bool streaming, IngestBatch batch, string hash)
        {
            if (Failure is not null) return ValueTask.FromResult(Failure);
            Batches.Enqueue((streaming, batch, Encoding.UTF8.GetString(batch.Rows.Span)));
            return ValueTask.FromResult(IngestResult.Ok(hash));
        }
    }

    /// <summary>Stands in for 'run msg client where broker = rest and topic = (name = sensors ...)'.</summary>
    private sealed class RecordingTopics : ITopicIngest
    {
        public ConcurrentQueue<(string, string, string?, string)> Messages { get; } = new();

        /// <summary>The payload of topic "slow", read after 1.5 s that ignore cancellation.</summary>
        public TaskCompletionSource<string> SlowDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<IngestResult> IngestMessageAsync(string broker, string topic, string? userAgent, ReadOnlyMemory<byte> payload,
            CancellationToken cancellation)
        {
            if (topic == "slow")
            {
                await Task.Delay(1500, CancellationToken.None);
                SlowDone.SetResult(Encoding.UTF8.GetString(payload.Span));
                return IngestResult.Ok();
            }
            return Record(broker, topic, userAgent, payload);
        }

        private IngestResult Record(string broker, string topic, string? userAgent, ReadOnlyMemory<byte> payload)
        {
            if (topic != "sensors") return IngestResult.Error(ErrorCode.NoClientMapping, $"no subscription for topic '{topic}'");
            Messages.Enqueue((broker, topic, userAgent, Encoding.UTF8.GetString(payload.Span)));
            return IngestResult.Ok();
        }
    }
}
