using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// Nothing a client sends can crash the node or stall other clients: timeouts, a blocking command, busy pools, slow and
/// malformed requests, oversized bodies and headers.
/// </summary>
public sealed class RestLimitsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A command that holds its thread and ignores cancellation: the worst a module could do. Signals when done.</summary>
    private static TaskCompletionSource AddBlockingCommand(RestNode rest, int milliseconds)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rest.AddCommand("test block", _ =>
        {
            Thread.Sleep(milliseconds);
            done.TrySetResult();
            return ValueTask.FromResult(CommandResult.Ok("unblocked"));
        });
        return done;
    }

    [Fact]
    public async Task A_timed_out_call_answers_at_its_timeout_and_frees_its_thread()
    {
        await using var rest = await RestNode.StartAsync("threads = 1");
        var blockDone = AddBlockingCommand(rest, 4000);
        var watch = Stopwatch.StartNew();
        using var blocked = await rest.GetAsync("test block", ("timeout", "1"));
        var error = await blocked.ErrorAsync(ErrorCode.Timeout);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 3.5);
        Assert.False(blockDone.Task.IsCompleted);
        Assert.Contains("no reply within 1 seconds", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);

        // the only thread is free again although the command still runs
        using var status = await rest.GetAsync("get status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var info = await rest.GetAsync("get rest server info where details = true");
        Assert.Contains("abandoned_calls | 1 ", await info.TextAsync(), StringComparison.Ordinal);
        Assert.False(blockDone.Task.IsCompleted, "the calls waited for the blocked command");
    }

    [Fact]
    public async Task A_cancellable_command_is_cancelled_at_the_timeout()
    {
        await using var rest = await RestNode.StartAsync();
        var watch = Stopwatch.StartNew();
        using var response = await rest.PostAsync("wait 30", null, ("timeout", "1"));
        await response.ErrorAsync(ErrorCode.Timeout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3));
        // the cancelled wait ends promptly: no call is left running
        await WaitUntilAsync(async () =>
        {
            using var info = await rest.GetAsync("get rest server info where details = true");
            return (await info.TextAsync()).Contains("abandoned_calls | 0 ", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Timeout_zero_waits_without_limit()
    {
        await using var rest = await RestNode.StartAsync("timeout = 1");
        _ = AddBlockingCommand(rest, 1500);
        using var response = await rest.GetAsync("test block", ("timeout", "0"));
        Assert.Equal("unblocked", await response.TextAsync());
    }

    [Fact]
    public async Task Calls_beyond_the_threads_wait_then_answer_busy()
    {
        await using var rest = await RestNode.StartAsync("threads = 1");
        _ = AddBlockingCommand(rest, 2500);
        var holding = rest.GetAsync("test block", ("timeout", "0"));
        await WaitUntilAsync(() => Task.FromResult(PoolBusy(rest)));
        using var waiting = await rest.GetAsync("get status", ("timeout", "1"));
        await waiting.ErrorAsync(ErrorCode.ServerBusy, HttpStatusCode.ServiceUnavailable);
        using var held = await holding;
        Assert.Equal("unblocked", await held.TextAsync());
    }

    [Fact]
    public async Task Get_rest_pool_shows_busy_threads()
    {
        await using var rest = await RestNode.StartAsync("threads = 2");
        var waiting = rest.PostAsync("wait 2");
        await WaitUntilAsync(async () =>
        {
            using var pool = await rest.GetAsync("get rest pool");
            return (await pool.TextAsync()).Contains("[1, 1]", StringComparison.Ordinal);
        });
        (await waiting).Dispose();
    }

    [Fact]
    public async Task Slow_clients_do_not_stall_others()
    {
        await using var rest = await RestNode.StartAsync("threads = 1");
        // one client sends half its headers, another promises a body it never sends
        using var halfHeaders = await ConnectAsync(rest);
        await halfHeaders.GetStream().WriteAsync("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\ncomm"u8.ToArray(), Token);
        using var halfBody = await ConnectAsync(rest);
        await halfBody.GetStream().WriteAsync(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncommand: print late\r\nContent-Length: 1000\r\n\r\nabc"u8.ToArray(), Token);

        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await rest.GetAsync("get status");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // far below the 10 s Kestrel gives a client to send its headers: nobody waited for the slow clients
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"call {i} took {watch.Elapsed}");
        }
    }

    [Fact]
    public async Task A_client_that_stops_sending_its_body_is_cut_off_with_a_timeout_error()
    {
        await using var rest = await RestNode.StartAsync();
        using var stalled = await ConnectAsync(rest);
        await stalled.GetStream().WriteAsync(
            "PUT / HTTP/1.1\r\nHost: 127.0.0.1\r\ndbms: test\r\ntable: t\r\nContent-Length: 100000\r\n\r\n[{\"v\": 1}"u8.ToArray(), Token);
        var watch = Stopwatch.StartNew();
        // Kestrel's minimum body rate (240 bytes/s after a 5 s grace period) ends the call; its thread is not held longer
        var answer = await ReadAnswerAsync(stalled, TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains($"\"err_code\": {(int)ErrorCode.Timeout}", answer, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"cut off after {watch.Elapsed}");
        using var calls = await rest.GetAsync("get rest calls");
        Assert.Matches(@"\|PUT \|\s+1\|\s+1\|Timeout\s*\|", await calls.TextAsync());
        Assert.False(Directory.Exists(rest.Node.Var("watch_dir")) && Directory.EnumerateFiles(rest.Node.Var("watch_dir")!).Any());
    }

    [Fact]
    public async Task Malformed_http_gets_400_and_the_node_keeps_serving()
    {
        await using var rest = await RestNode.StartAsync();
        foreach (var garbage in new[] { "GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n", "\u0001\u0002\u0003\r\n\r\n" })
        {
            using var client = await ConnectAsync(rest);
            await client.GetStream().WriteAsync(Encoding.Latin1.GetBytes(garbage), Token);
            var answer = await ReadAnswerAsync(client);
            Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        }
        using var response = await rest.GetAsync("get status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_oversized_headers_431()
    {
        await using var rest = await RestNode.StartAsync("max_body_size = 2KB and max_header_size = 4KB");
        var big = new string('x', 4096);
        using var post = await rest.PostAsync("print x", big);
        var error = await post.ErrorAsync(ErrorCode.MessageTooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("post", error.GetProperty("method").GetString());

        using var put = await rest.SendAsync(HttpMethod.Put, null, "[" + string.Join(',', Enumerable.Repeat("{\"v\": 1}", 500)) + "]",
            ("dbms", "test"), ("table", "t"));
        await put.ErrorAsync(ErrorCode.MessageTooLarge, HttpStatusCode.RequestEntityTooLarge);

        using var header = await rest.GetAsync("get status", ("x-padding", new string('p', 5000)));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, header.StatusCode);

        using var fine = await rest.GetAsync("get status");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    private static bool PoolBusy(RestNode rest) =>
        rest.Node.Node.Processes.Get<EdgeNode.Network.Rest.RestServerProcess>("REST")!.Handler.Pool.Describe().Contains("[1]", StringComparison.Ordinal);

    private static async Task<TcpClient> ConnectAsync(RestNode rest)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, rest.Port, Token);
        return client;
    }

    private static async Task<string> ReadAnswerAsync(TcpClient client, TimeSpan? limit = null)
    {
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(limit ?? TimeSpan.FromSeconds(10));
        var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
        return Encoding.Latin1.GetString(buffer, 0, read);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 seconds");
            await Task.Delay(20, Token);
        }
    }
}
