using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EdgeNode.FuzzTests;

/// <summary>Each attack of issue 20, driven against a real node, with what a user sees afterwards.</summary>
public sealed class AbuseTests(HostileNodeFixture fixture) : IClassFixture<HostileNodeFixture>
{
    private HostileNode Node => fixture.Node;

    private static async Task<string> TextAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    [Theory]
    [InlineData("1**", 80_000, "1")]
    [InlineData("not ", 80_000, "True")]
    [InlineData("- ", 80_000, "1")]
    [InlineData("(", 80_000, "1")]
    public async Task A_python_expression_nested_too_deep_is_refused_and_the_node_runs_on(string part, int times, string end)
    {
        using var response = await Node.CommandAsync("body", "POST", "python " + Inputs.Repeat(part, times) + end);
        var code = await HostileNode.AssertClearErrorAsync(response, "deep python");
        Assert.True(part == "(" ? code == 2 : code == 16, $"error {code}: {await TextAsync(response)}");
        await Node.AssertHealthyAsync("a deep python expression");
    }

    [Fact]
    public async Task A_network_query_nested_6000_parentheses_deep_is_a_syntax_error()
    {
        var sql = $"select count(*) from t where {Inputs.Repeat("(", 6000)}1 = 1{Inputs.Repeat(")", 6000)}";
        using var response = await Node.CommandAsync($"sql fuzz format = json \"{sql}\"", "GET", null, ("destination", "network"));
        await HostileNode.AssertClearErrorAsync(response, "deep SQL");
        Assert.Contains("nested too deep", await TextAsync(response), StringComparison.Ordinal);
        await Node.AssertHealthyAsync("a deep SQL statement");
    }

    [Fact]
    public async Task A_100_MiB_command_is_refused_before_it_is_read_and_echoes_nothing_large()
    {
        var before = Node.RssBytes();
        var logs = Path.Combine(Node.Home, "EdgeLake", "data", "logs");
        var logBefore = Directory.GetFiles(logs).Sum(f => new FileInfo(f).Length);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('x', 100 << 20))) };
        request.Headers.TryAddWithoutValidation("command", "body");
        using var response = await SendTolerantAsync(request);
        if (response is not null)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(60, await HostileNode.AssertClearErrorAsync(response, "100 MiB command"));
        }
        await Node.AssertHealthyAsync("a 100 MiB command");
        Assert.True(Node.RssBytes() - before < 200L << 20, $"memory grew by {(Node.RssBytes() - before) >> 20} MiB");
        Assert.True(Directory.GetFiles(logs).Sum(f => new FileInfo(f).Length) - logBefore < 64 * 1024, "the log grew by more than 64 KB");
    }

    /// <summary>The node may answer 413 and close before the client sent everything: the client then sees a reset.</summary>
    private async Task<HttpResponseMessage?> SendTolerantAsync(HttpRequestMessage request)
    {
        try
        {
            return await Node.Http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    [Theory]
    [InlineData("{\"row_id\": 5, \"v\": 1}", 73)]
    [InlineData("{\"id\": 1, \"ID\": 2}", 73)]
    [InlineData("{\"1abc\": 1}", 73)]
    [InlineData("{\"v\": \"\\ud800\"}", 28)]
    public async Task A_row_the_operator_would_refuse_is_refused_at_its_put_and_costs_no_other_client_a_row(string bad, int code)
    {
        var table = "poison" + code + Math.Abs(bad.GetHashCode(StringComparison.Ordinal) % 1000);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes($"{{\"v\": {i}, \"d\": \"good\"}}"))).StatusCode);
        using (var refused = await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes(bad)))
            Assert.Equal(code, await HostileNode.AssertClearErrorAsync(refused, bad));
        using (var deep = await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes("{\"v\": " + Inputs.Repeat("[", 100) + Inputs.Repeat("]", 100) + "}")))
            Assert.Equal(28, await HostileNode.AssertClearErrorAsync(deep, "100 deep"));
        for (var i = 5; i < 10; i++) await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes($"{{\"v\": {i}, \"d\": \"good\"}}"));
        await Node.FlushBuffersAsync();
        Assert.Equal(10, await Node.WaitForRowsAsync(table, 10));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_its_column_is_refused_at_its_put_and_the_other_clients_rows_load()
    {
        const string table = "mixed_types";
        await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes("{\"v\": 1}"));
        await Node.FlushBuffersAsync();
        Assert.Equal(1, await Node.WaitForRowsAsync(table, 1));
        // one buffer, three clients: two send numbers, one sends text into the int column and hears of it at once
        for (var i = 2; i <= 11; i++) Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes($"{{\"v\": {i}}}"))).StatusCode);
        using (var refused = await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes("{\"v\": \"abc\"}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(71, await HostileNode.AssertClearErrorAsync(refused, "text into an int column"));
        }
        for (var i = 12; i <= 21; i++) Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, Encoding.UTF8.GetBytes($"{{\"v\": {i}}}"))).StatusCode);
        await Node.FlushBuffersAsync();
        Assert.Equal(21, await Node.WaitForRowsAsync(table, 21));
        Assert.Equal(0, Node.RefusedRows(table));
    }

    [Fact]
    public async Task Identical_rows_put_in_two_flush_windows_both_load()
    {
        const string table = "twins";
        var row = Encoding.UTF8.GetBytes("{\"v\": 7, \"d\": \"same\"}");
        Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, row)).StatusCode);
        await Node.FlushBuffersAsync();
        Assert.Equal(1, await Node.WaitForRowsAsync(table, 1));
        Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, row)).StatusCode);
        await Node.FlushBuffersAsync();
        Assert.Equal(2, await Node.WaitForRowsAsync(table, 2));
        Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, row, mode: "file")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Node.PutRowsAsync(table, row, mode: "file")).StatusCode);
        Assert.Equal(4, await Node.WaitForRowsAsync(table, 4));
    }

    [Fact]
    public async Task A_second_node_on_the_same_home_exits_at_once_and_a_taken_port_fails_loudly()
    {
        await using var second = NodeProcess.Start(Node.Home, "get status");
        Assert.True(await second.WaitForExitAsync(NodeProcess.EventBudget), "the second node kept running on a home in use");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("is in use by another running node", second.Errors, StringComparison.Ordinal);

        await using var other = NodeProcess.Start();
        var rest = await other.RunAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {Node.RestPort} and bind = true");
        Assert.Matches(@"Error \d+", rest);
        var tcp = await other.RunAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {Node.TcpPort} and bind = true");
        Assert.Contains("cannot listen", tcp, StringComparison.Ordinal);
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await Node.CommandAsync("get status")).StatusCode);
        await Node.AssertHealthyAsync("a second node");
    }

    [Fact]
    public async Task Two_hundred_silent_tcp_connections_do_not_delay_a_real_peer()
    {
        var silent = new List<Socket>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Node.TcpPort);
                silent.Add(socket);
            }
            await using var peer = new RawPeer();
            var started = DateTime.UtcNow;
            Assert.True(await RawPeer.SendAsync(Node.TcpPort,
                AnyLogFrames.WithReply(AnyLogFrames.Message(1, true, "get status", [], []), "127.0.0.1", peer.Port, jobId: 7)));
            var reply = await peer.NextAsync(TimeSpan.FromSeconds(10));
            Assert.NotEmpty(reply);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), $"the reply took {DateTime.UtcNow - started}");
        }
        finally
        {
            foreach (var socket in silent) socket.Dispose();
        }
    }

    [Fact]
    public async Task Idle_rest_connections_are_bounded_per_address_and_cut_after_the_idle_timeout()
    {
        var idle = new List<TcpClient>();
        try
        {
            var refused = 0;
            for (var i = 0; i < 300; i++)
            {
                var client = new TcpClient();
                idle.Add(client);
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, Node.RestPort);
                }
                catch (SocketException)
                {
                    refused++; // closed by the node before the connect completed
                }
            }
            // past 256 the node closes each new connection from this address at once
            var buffer = new byte[1];
            if (refused == 0)
            {
                using var closed = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                Assert.True(await ClosedAsync(idle[^1], buffer, closed.Token), "the connection past the per-address limit stays open");
            }
            // the idle ones are cut after idle_timeout (10 s): then this address is served again
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            HttpStatusCode status = 0;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                    status = (await fresh.GetAsync($"http://127.0.0.1:{Node.RestPort}/health")).StatusCode;
                    if (status == HttpStatusCode.OK) break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
                {
                    // still over the per-address limit: the node closes the connection as it is made
                    await Task.Delay(500);
                }
            }
            Assert.Equal(HttpStatusCode.OK, status);
            using var cut = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.True(await ClosedAsync(idle[0], buffer, cut.Token), "an idle connection is not cut");
        }
        finally
        {
            foreach (var client in idle) client.Dispose();
        }
    }

    [Fact]
    public async Task A_huge_timeout_is_error_5_and_errors_read_as_sentences()
    {
        using var response = await Node.CommandAsync("get status", "GET", null, ("timeout", "99999999999"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(5, await HostileNode.AssertClearErrorAsync(response, "timeout: 99999999999"));
        foreach (var wait in new[] { "wait 99999999999", "wait 1e400" })
        {
            using var tooLong = await Node.CommandAsync(wait);
            Assert.Equal(5, await HostileNode.AssertClearErrorAsync(tooLong, wait));
        }
        using var missing = await Node.CommandAsync("process /no/such/script.al");
        await HostileNode.AssertClearErrorAsync(missing, "a missing script");
        using var invalid = await Node.PutRowsAsync("utf8", [.. "{\"v\": \""u8, 0xC3, 0x28, .. "\"}"u8]);
        Assert.Contains("UTF-8", await TextAsync(invalid), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await TextAsync(invalid));
        Assert.Equal(28, json.RootElement.GetProperty("err_code").GetInt32());
    }

    /// <summary>True when the node closed the connection: the read ends (0 bytes) or the connection was reset.</summary>
    private static async Task<bool> ClosedAsync(TcpClient client, byte[] buffer, CancellationToken cancellation)
    {
        try
        {
            return await client.GetStream().ReadAsync(buffer, cancellation) == 0;
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            return true;
        }
    }
}
