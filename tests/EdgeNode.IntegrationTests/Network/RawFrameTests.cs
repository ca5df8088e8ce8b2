using System.Net.Sockets;
using System.Text;
using static EdgeNode.TestSupport.AnyLogFrames;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// A real node process receiving hand-made frames on a raw socket, as an EdgeLake node (or garbage) would send them:
/// well-formed commands are answered on a new connection with the job fields echoed; malformed frames are rejected and
/// logged, and the node keeps serving.
/// </summary>
public sealed class RawFrameTests : IAsyncLifetime
{
    private readonly int _port = FreePort.Get();
    private NodeProcess _node = null!;
    private RawPeer _requester = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await PeerNodes.StartAsync("node-b", _port, " and timeout = 1");
        _requester = new RawPeer();
    }

    public async ValueTask DisposeAsync()
    {
        await _requester.DisposeAsync();
        await _node.DisposeAsync();
    }

    private byte[] Command(string command, byte[]? auth = null, int jobLocation = 7, uint jobId = 123456, string replyIp = "127.0.0.1") =>
        WithReply(Message(1, last: true, command, auth ?? [], []), replyIp, _requester.Port, jobLocation, jobId, receivers: 3, receiverId: 2);

    private async Task AssertServesAsync()
    {
        await RawPeer.SendAsync(_port, Command("get status", jobId: 99));
        var reply = (await _requester.NextAsync())[0];
        Assert.Equal(("print", 99u), (reply.Command, reply.JobId));
    }

    [Fact]
    public async Task A_command_is_answered_with_print_on_a_new_connection_echoing_the_job_fields()
    {
        await RawPeer.SendAsync(_port, Command("get status"));

        var reply = Assert.Single(await _requester.NextAsync());
        Assert.Equal("print", reply.Command);
        Assert.Equal($"node-b@127.0.0.1:{_port} running", Encoding.UTF8.GetString(reply.Payload));
        Assert.Equal((7, 123456u, 2), (reply.JobLocation, reply.JobId, reply.ReceiverId));
        Assert.Equal(("127.0.0.1", _port), (reply.ReplyIp, reply.ReplyPort));
        Assert.Equal((0, 1, true, 1u), (reply.ErrorCode, reply.GenericFlag, reply.Last, reply.BlockNumber));
    }

    [Fact]
    public async Task Authentication_bytes_are_skipped_and_a_zero_reply_ip_means_the_sender()
    {
        await RawPeer.SendAsync(_port, Command("get status", auth: [1, 2, 3, 4, 5, 6], replyIp: "0.0.0.0"));

        Assert.Equal($"node-b@127.0.0.1:{_port} running", Encoding.UTF8.GetString((await _requester.NextAsync())[0].Payload));
    }

    [Fact]
    public async Task A_json_reply_is_flagged_and_an_unknown_command_answers_an_echo_with_the_error_code()
    {
        await RawPeer.SendAsync(_port, Command("get status where format = json"));
        Assert.Equal(2, (await _requester.NextAsync())[0].GenericFlag);

        await RawPeer.SendAsync(_port, Command("no such command"));
        var error = (await _requester.NextAsync())[0];
        Assert.Equal(("echo", 2), (error.Command, error.ErrorCode));
        Assert.StartsWith("Error 2: Error Command Structure: unknown command 'no such command'", Encoding.UTF8.GetString(error.Payload),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_truncated_misnumbered_oversized_and_silent_frames_are_rejected_and_the_node_keeps_serving()
    {
        var garbage = new byte[BlockSize];
        new Random(42).NextBytes(garbage);
        await RawPeer.SendAsync(_port, garbage);
        await RawPeer.SendAsync(_port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray());
        await RawPeer.SendAsync(_port, Message(1, last: false, "get status", [], []), Message(3, last: true, "get status", [], []));
        var tooLong = Message(1, last: true, "get status", [], []);
        PutUInt32(tooLong, 43, 5000);
        await RawPeer.SendAsync(_port, tooLong);
        var blocks = Enumerable.Range(1, 4097).Select(i => Message((uint)i, last: false, "set x = 1", [], new byte[1000])).ToArray();
        await RawPeer.SendAsync(_port, blocks);
        await RawPeer.SendAsync(_port, Message(1, last: false, "get status", [], []));  // then closes: no last block

        using (var silent = new TcpClient())
        {
            await silent.ConnectAsync("127.0.0.1", _port, TestContext.Current.CancellationToken);
            await silent.GetStream().WriteAsync(Message(1, last: true, "get status", [], []).AsMemory(0, 1000), TestContext.Current.CancellationToken);
            // the node's timeout is 1 second: it then closes the connection, which ends this read
            Assert.Equal(0, await silent.GetStream().ReadAsync(new byte[16], TestContext.Current.CancellationToken));
        }

        await AssertServesAsync();
        var log = await _node.RunAsync("get error log");
        foreach (var reason in new[]
                 {
                     "where block 1 was expected",                       // random bytes: the block number is wrong
                     "the connection closed inside block 1 (35 of 2048 bytes)",
                     "block number 3 where block 2 was expected",
                     "data length 5000 exceeds the 1841 bytes",
                     "the message has more than 4096 blocks",
                     "the connection closed after block 1 before the last block",
                     "no data for 1 seconds inside block 1",
                 })
            Assert.Contains(reason, log, StringComparison.Ordinal);
        Assert.DoesNotContain("faulted", await _node.RunAsync("get processes"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Silent_senders_occupying_every_worker_do_not_stall_the_node()
    {
        var silent = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 10; i++) // more than the 6 workers
            {
                var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", _port, TestContext.Current.CancellationToken);
                await client.GetStream().WriteAsync(new byte[100], TestContext.Current.CancellationToken);
                silent.Add(client);
            }
            await AssertServesAsync(); // served once the silent ones timed out (1 second each, 6 at a time)
        }
        finally
        {
            foreach (var client in silent) client.Dispose();
        }
    }

    [Fact]
    public async Task A_job_reply_nobody_waits_for_is_dropped_and_logged()
    {
        var reply = Message(1, last: true, "job reply", [], [0, 2, 0, (byte)'{', (byte)'}']);
        PutUInt16(reply, 47, 1);
        PutUInt32(reply, 52, 31337);
        await RawPeer.SendAsync(_port, reply);

        await AssertServesAsync();
        Assert.Contains("for job 0/31337 that no one waits for", await _node.RunAsync("get error log"), StringComparison.Ordinal);
    }
}
