using System.Net;
using System.Text.Json;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests;

/// <summary>Commands over HTTP against a real node: methods, headers, body forms, outputs, as AnyLog clients send them.</summary>
public sealed class RestCommandCallTests
{
    [Fact]
    public async Task Get_status_answers_text_with_EdgeLakes_cors_headers()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.GetAsync("get status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text", response.ContentType());
        Assert.Equal("edgenode@127.0.0.1 running", await response.TextAsync());
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin", Header(response, "Vary"));
        Assert.Equal("*", Header(response, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Json_output_is_sent_as_text_json()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.GetAsync("get status where format = json");
        Assert.Equal("text/json", response.ContentType());
        var json = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.Equal("running", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Read_only_verbs_are_get_only_and_changing_commands_post_only()
    {
        await using var rest = await RestNode.StartAsync();

        using var postGet = await rest.PostAsync("get status");
        var error = await postGet.ErrorAsync(ErrorCode.WrongHttpMethod);
        Assert.Equal("post", error.GetProperty("method").GetString());
        Assert.Equal("127.0.0.1", error.GetProperty("node").GetString());
        Assert.Contains("read-only", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);

        using var getSet = await rest.GetAsync("set rest_key = 5");
        await getSet.ErrorAsync(ErrorCode.WrongHttpMethod);
        using var getAssign = await rest.GetAsync("rest_key = 5");
        await getAssign.ErrorAsync(ErrorCode.WrongHttpMethod);
        Assert.Null(rest.Node.Var("rest_key"));

        using var postSet = await rest.PostAsync("set rest_key = 5");
        Assert.Equal(HttpStatusCode.OK, postSet.StatusCode);
        using var read = await rest.GetAsync("get !rest_key");
        Assert.Equal("5", await read.TextAsync());

        // print (like sql, wait, subprocess) is accepted with either method
        using var printGet = await rest.GetAsync("print hello");
        using var printPost = await rest.PostAsync("print hello");
        Assert.Equal(HttpStatusCode.OK, printGet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, printPost.StatusCode);

        // a wrong method hidden after '&' is found too
        using var joined = await rest.GetAsync("get status & set rest_key = 6");
        await joined.ErrorAsync(ErrorCode.WrongHttpMethod);
        Assert.Equal("5", rest.Node.Var("rest_key"));
    }

    [Fact]
    public async Task Bad_command_answers_400_with_the_error_json_in_the_body()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.GetAsync("get no_such_thing at all (");
        var error = await response.ErrorAsync(ErrorCode.CommandStructure);
        Assert.Equal("get", error.GetProperty("method").GetString());
        Assert.Equal("Bad Request", response.ReasonPhrase);
        Assert.Contains("unbalanced", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_without_command_is_get_status_and_the_url_form_works()
    {
        await using var rest = await RestNode.StartAsync();
        using var plain = await rest.Http.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal("edgenode@127.0.0.1 running", await plain.TextAsync());

        using var url = await rest.Http.GetAsync("/?User-Agent=AnyLog/1.23?command=get%20status%20where%20format%20=%20json",
            TestContext.Current.CancellationToken);
        Assert.Equal("text/json", url.ContentType());
        Assert.Contains("\"status\": \"running\"", await url.TextAsync(), StringComparison.Ordinal);

        using var post = await rest.PostAsync(null);
        await post.ErrorAsync(ErrorCode.MissingHeader);
    }

    [Fact]
    public async Task Json_body_keys_act_as_headers_for_browsers()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.PostAsync(null, """{"command": "set browser_key = from json", "AnyLog-Agent": "AnyLog/1.23"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from json", rest.Node.Var("browser_key"));
        using var calls = await rest.GetAsync("get rest calls");
        Assert.Contains("anylog|POST|", await calls.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_lines_and_angle_blocks_run_before_the_header_command()
    {
        await using var rest = await RestNode.StartAsync();
        const string body = """
            line_key = 5
            <block_key = {"operator": {"name": "op1",
                "port": 32148}}>
            """;
        using var response = await rest.PostAsync("print !line_key and !block_key", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""5 and {"operator": {"name": "op1", "port": 32148}}""", await response.TextAsync());

        using var bodyCommand = await rest.PostAsync("body", "set body_key = 7\nprint !body_key");
        Assert.Equal("7", await bodyCommand.TextAsync());

        using var failing = await rest.PostAsync("print never", "get (unbalanced");
        await failing.ErrorAsync(ErrorCode.CommandStructure);
        using var unclosed = await rest.PostAsync("print never", "<x = {\"a\": 1}");
        await unclosed.ErrorAsync(ErrorCode.CommandStructure);
    }

    [Fact]
    public async Task Assignment_header_stores_the_reply_in_a_variable()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.GetAsync("get status", ("assignment", "status_copy"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.TextAsync());
        Assert.Equal("edgenode@127.0.0.1 running", rest.Node.Var("status_copy"));
    }

    [Fact]
    public async Task Into_html_answers_a_page()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.GetAsync("get status", ("into", "html"));
        Assert.StartsWith("text/html", response.ContentType(), StringComparison.Ordinal);
        Assert.Contains("<pre>edgenode@127.0.0.1 running</pre>", await response.TextAsync(), StringComparison.Ordinal);

        rest.AddCommand("test rows", _ => ValueTask.FromResult(CommandResult.Json("""{"Query":[{"a": 1, "b": "<x>"}]}""")), HttpRule.Get);
        using var rows = await rest.GetAsync("test rows", ("into", "html"));
        Assert.Contains("<tr><th>a</th><th>b</th></tr>\n<tr><td>1</td><td>&lt;x&gt;</td></tr>", await rows.TextAsync(), StringComparison.Ordinal);

        using var wrong = await rest.GetAsync("get status", ("into", "pdf"));
        await wrong.ErrorAsync(ErrorCode.WrongOptionType);
    }

    [Fact]
    public async Task Streamed_results_are_sent_chunked()
    {
        await using var rest = await RestNode.StartAsync();
        rest.AddCommand("test stream", _ => ValueTask.FromResult(CommandResult.Streamed(OutputFormat.Json, async (writer, token) =>
        {
            await writer.WriteAsync("{\"Query\":[");
            for (var i = 0; i < 5000; i++) await writer.WriteAsync((i > 0 ? "," : "") + $"{{\"row\": {i}}}");
            await writer.WriteAsync("]}");
        })), HttpRule.Get);
        using var response = await rest.GetAsync("test stream");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal("text/json", response.ContentType());
        var rows = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("Query");
        Assert.Equal(5000, rows.GetArrayLength());
    }

    [Fact]
    public async Task Destination_sends_the_command_to_peers_and_returns_their_replies()
    {
        await using var rest = await RestNode.StartAsync();
        await using var peer = new TestNode();
        await peer.OkAsync("set node name rest-peer");
        var peerPort = FreePort.Get();
        await peer.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {peerPort} and bind = true");
        // replies come back on a new connection to this node's TCP server
        await rest.Node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");

        using var reply = await rest.GetAsync("get status", ("destination", $"127.0.0.1:{peerPort}"));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var text = await reply.TextAsync();
        Assert.Contains($"[From Node 127.0.0.1:{peerPort}]", text, StringComparison.Ordinal);
        Assert.Contains($"rest-peer@127.0.0.1:{peerPort} running", text, StringComparison.Ordinal);

        // the peers named by a ledger lookup, as scripts address operators
        await rest.Node.OkAsync($"<policy = {{\"query\": {{\"name\": \"peer-query\", \"company\": \"acme\", \"ip\": \"127.0.0.1\", \"port\": {peerPort}}}}}>");
        await rest.Node.OkAsync("blockchain insert where policy = !policy and local = true");
        using var looked = await rest.GetAsync("get status", ("destination", "blockchain get query bring.ip_port"));
        Assert.Equal(HttpStatusCode.OK, looked.StatusCode);
        Assert.Contains($"rest-peer@127.0.0.1:{peerPort} running", await looked.TextAsync(), StringComparison.Ordinal);

        // one peer down: an error naming it, or the replies that came with subset
        var downPort = FreePort.Get();
        using var failed = await rest.GetAsync("get status", ("destination", $"127.0.0.1:{peerPort}, 127.0.0.1:{downPort}"), ("timeout", "2"));
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Contains($"127.0.0.1:{downPort}", await failed.TextAsync(), StringComparison.Ordinal);
        using var subset = await rest.GetAsync("get status", ("destination", $"127.0.0.1:{peerPort}, 127.0.0.1:{downPort}"), ("timeout", "2"),
            ("subset", "true"));
        Assert.Equal(HttpStatusCode.OK, subset.StatusCode);
        Assert.Contains("rest-peer@", await subset.TextAsync(), StringComparison.Ordinal);

        // the method rule applies to the command sent, not to 'run client'
        using var wrong = await rest.PostAsync("get status", null, ("destination", $"127.0.0.1:{peerPort}"));
        await wrong.ErrorAsync(ErrorCode.WrongHttpMethod);
    }

    [Fact]
    public async Task Grafana_json_query_in_the_body_answers_its_rows()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("connect dbms test where type = sqlite and memory = true");
        await rest.Node.OkAsync("sql test \"create table readings (device varchar, value float)\"");
        await rest.Node.OkAsync("sql test \"insert into readings values ('a', 1.5), ('b', 2.5)\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent("""{"dbms": "test", "sql": "select device, value from readings where value > 2"}"""),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "Grafana/10.2.0");
        using var response = await rest.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/json", response.ContentType());
        var rows = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("Query");
        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal(("b", 2.5), (row.GetProperty("device").GetString(), row.GetProperty("value").GetDouble()));
        using var calls = await rest.GetAsync("get rest calls");
        Assert.Contains("grafana|POST|", await calls.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destination_network_for_a_command_that_is_not_sql_is_a_clear_error()
    {
        await using var rest = await RestNode.StartAsync();
        using var response = await rest.GetAsync("get status", ("destination", "network"));
        var error = await response.ErrorAsync(ErrorCode.DestinationNotProvided);
        Assert.Contains("IP and Port of destination servers", error.GetProperty("err_text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_header_values_are_rejected()
    {
        await using var rest = await RestNode.StartAsync();
        using var timeout = await rest.GetAsync("get status", ("timeout", "soon"));
        await timeout.ErrorAsync(ErrorCode.WrongOptionType);
        using var subset = await rest.GetAsync("get status", ("subset", "maybe"));
        await subset.ErrorAsync(ErrorCode.WrongOptionType);
        using var assignment = await rest.GetAsync("get status", ("assignment", "a b"));
        await assignment.ErrorAsync(ErrorCode.WrongOptionType);
        using var method = await rest.SendAsync(HttpMethod.Delete, "get status", null);
        await method.ErrorAsync(ErrorCode.WrongHttpMethod);
    }

    [Fact]
    public async Task Health_status_and_browser_preflight()
    {
        await using var rest = await RestNode.StartAsync();
        using var health = await rest.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        var json = JsonDocument.Parse(await health.TextAsync()).RootElement;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.Equal("anylog-rest-server", json.GetProperty("service").GetString());
        Assert.True(Math.Abs(json.GetProperty("timestamp").GetDouble() - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 60);

        using var status = await rest.Http.GetAsync("/api/status", TestContext.Current.CancellationToken);
        Assert.Equal("{\"status\": \"ok\"}", await status.TextAsync());
        using var mcp = await rest.Http.GetAsync("/mcp/sse", TestContext.Current.CancellationToken);
        await mcp.ErrorAsync(ErrorCode.NotSupported, HttpStatusCode.NotFound);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/");
        preflight.Headers.Add("Origin", "http://dashboard.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "command, anylog-agent, destination");
        using var answer = await rest.Http.SendAsync(preflight, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("*", Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(answer, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Equal("command, anylog-agent, destination", Header(answer, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Rest_calls_and_pool_show_the_traffic()
    {
        await using var rest = await RestNode.StartAsync("threads = 3");
        (await rest.GetAsync("get status")).Dispose();
        (await rest.PostAsync("get status")).Dispose();
        using var calls = await rest.GetAsync("get rest calls");
        var lines = (await calls.TextAsync()).Split("\r\n");
        Assert.Equal($"Statistics for REST calls using http://127.0.0.1:{rest.Port}", lines[1]);
        Assert.StartsWith("Caller Call Processed Errors Last Error", lines[2], StringComparison.Ordinal);
        Assert.Matches(@"^anylog\|GET \|\s+1\|\s+0\|\s+\|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\|.*\|127\.0\.0\.1:\d+\|$", lines[4]);
        Assert.Matches(@"^      \|POST\|\s+1\|\s+1\|Wrong HTTP method used\|", lines[5]);

        using var pool = await rest.GetAsync("get rest pool");
        Assert.Equal("REST Pool with 3 threads:".PadRight(60) + "[1, 0, 0] (3)", await pool.TextAsync());
    }

    [Fact]
    public async Task Trace_level_2_shows_command_headers_and_body()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("trace level = 2 run rest server");
        (await rest.PostAsync("print traced", "traced_key = 1", ("destination_hint", "x"))).Dispose();
        var console = rest.Node.Output.ToString();
        Assert.Contains("REST POST from 127.0.0.1:", console, StringComparison.Ordinal);
        Assert.Contains("(anylog): print traced", console, StringComparison.Ordinal);
        Assert.Contains("destination_hint: x", console, StringComparison.Ordinal);
        Assert.Contains("body (14 bytes): traced_key = 1", console, StringComparison.Ordinal);
        using var info = await rest.GetAsync("get rest server info");
        Assert.Contains("trace           | 2 ", await info.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_level_1_shows_each_call_without_headers_or_body_and_level_0_stops_it()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("trace level = 1 run rest server");
        (await rest.PostAsync("print traced", "traced_key = 1", ("destination_hint", "x"))).Dispose();
        (await rest.SendAsync(HttpMethod.Put, null, "{\"v\": 1}", ("dbms", "test"), ("table", "traced"), ("mode", "streaming"))).Dispose();
        var console = rest.Node.Output.ToString();
        Assert.Contains("REST POST from 127.0.0.1:", console, StringComparison.Ordinal);
        Assert.Contains("(anylog): print traced", console, StringComparison.Ordinal);
        Assert.Contains("(anylog): test.traced mode = streaming", console, StringComparison.Ordinal);
        Assert.DoesNotContain("destination_hint", console, StringComparison.Ordinal);
        Assert.DoesNotContain("body (", console, StringComparison.Ordinal);
        using (var info = await rest.GetAsync("get rest server info"))
            Assert.Contains("trace           | 1 ", await info.TextAsync(), StringComparison.Ordinal);

        await rest.Node.OkAsync("trace level = 0 run rest server");
        (await rest.GetAsync("print untraced")).Dispose();
        Assert.DoesNotContain("untraced", rest.Node.Output.ToString(), StringComparison.Ordinal);
        using var off = await rest.GetAsync("get rest server info");
        Assert.Contains("trace           | False ", await off.TextAsync(), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
