using System.Runtime.CompilerServices;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// <see cref="IPeerClient"/> as other projects use it, between two nodes in this process (real servers on 127.0.0.1):
/// streamed <c>job reply</c> rows, waiting callers such as REST, and the peer-status and file events.
/// </summary>
public sealed class PeerClientTests : IAsyncLifetime
{
    private readonly TestNode _a = new(), _b = new();
    private IpPort _addressB;

    public async ValueTask InitializeAsync()
    {
        foreach (var node in new[] { _a, _b })
            await node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");
        IpPort.TryParse(_b.Node.Address, out _addressB);
        _b.Node.AddCommand(new CommandSpec("test rows", "Answer with job reply rows, as an operator answers a query.", SendRowsAsync)
        {
            Examples = ["test rows"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_port_in_use_fails_loudly_and_a_stopped_node_s_port_is_taken_again_at_once()
    {
        var port = _addressB.Port;
        await using var third = new TestNode();
        var taken = await third.RunAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        Assert.Equal(ErrorCode.NetworkNotAvailable, taken.Code);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", taken.Text, StringComparison.Ordinal);

        // a connection served by B leaves the port in TIME_WAIT once B stops: a restart must still bind it
        await _a.OkAsync($"run client ({_addressB}) get status");
        await _b.OkAsync("exit tcp");
        await third.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
    }

    private static string Row(int i, int padding = 0) => $"{{\"Query\": [{{\"id\": {i}, \"text\": \"{new string('x', padding)}\"}}]}}";

    /// <summary>Two partitions streamed as separate <c>job reply</c> messages, one row longer than a block.</summary>
    private static async ValueTask<CommandResult> SendRowsAsync(CommandContext context)
    {
        var origin = PeerOrigin.Current ?? throw new InvalidOperationException("not called by a peer");
        var client = context.Node.Services.Get<IPeerClient>();
        await client.SendJobReplyAsync(origin, Rows([Row(1), Row(2, 5000), Row(3)]), new JobReplyInfo(2, 0) { DbmsMilliseconds = 7 },
            context.Cancellation);
        await client.SendJobReplyAsync(origin, Rows([Row(4)]), new JobReplyInfo(2, 1), context.Cancellation);
        return CommandResult.Empty;
    }

    private static async IAsyncEnumerable<string> Rows(string[] rows, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            cancellation.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    [Fact]
    public async Task A_job_receives_the_rows_of_every_partition_and_then_completes()
    {
        var client = _a.Node.Services.Get<IPeerClient>();
        await using var job = await client.StartJobAsync(new PeerRequest([_addressB], "test rows"), TestContext.Current.CancellationToken);

        var messages = new List<PeerJobMessage>();
        await foreach (var message in job.Messages.ReadAllAsync(TestContext.Current.CancellationToken)) messages.Add(message);

        Assert.All(messages, m => Assert.Equal(PeerMessageKind.JobReply, m.Kind));
        Assert.Equal([Row(1), Row(2, 5000), Row(3)], messages.Where(m => m.PartitionId == 0).SelectMany(m => m.Rows));
        Assert.Equal([Row(4)], messages.Where(m => m.PartitionId == 1).SelectMany(m => m.Rows));
        Assert.Equal(2, messages.Count(m => m.IsLast));
        Assert.Equal(7u, messages.Single(m => m.IsLast && m.PartitionId == 0).DbmsMilliseconds);
        Assert.Equal([PeerReplyStatus.Replied], job.Statuses);
    }

    [Fact]
    public async Task A_waiting_caller_gets_every_reply_in_the_result_and_an_error_when_one_is_missing()
    {
        var ok = await _a.Node.Dispatcher.ExecuteAsync($"run client ({_addressB}) get status", CommandSource.Rest,
            TestContext.Current.CancellationToken);
        Assert.Equal($"[From Node {_addressB}] edgenode@{_addressB} running", ok.Text);

        var closed = $"127.0.0.1:{FreePort.Get()}";
        var partial = await _a.Node.Dispatcher.ExecuteAsync($"run client ({_addressB}, {closed}) get status", CommandSource.Rest,
            TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.NetworkNotAvailable, partial.Code);
        Assert.StartsWith($"1 of 2 nodes did not reply: {closed} failed (cannot reach the node: Connection refused)", partial.Text,
            StringComparison.Ordinal);
        Assert.Contains($"[From Node {_addressB}] edgenode@{_addressB} running", partial.Text, StringComparison.Ordinal);

        var subset = await _a.Node.Dispatcher.ExecuteAsync($"run client ({_addressB}, {closed}, subset = true) get status",
            CommandSource.Rest, TestContext.Current.CancellationToken);
        Assert.False(subset.IsError, subset.ErrorLine);
    }

    [Fact]
    public async Task Peer_status_events_tell_who_answers_and_who_does_not()
    {
        var client = _a.Node.Services.Get<IPeerClient>();
        var events = new List<PeerStatusEventArgs>();
        client.PeerStatusChanged += (_, e) =>
        {
            lock (events) events.Add(e);
        };
        var closed = new IpPort("127.0.0.1", FreePort.Get());

        var replies = await client.SendAsync(new PeerRequest([_addressB, closed], "get status"), TestContext.Current.CancellationToken);

        Assert.Equal([PeerReplyStatus.Replied, PeerReplyStatus.Failed], replies.Select(r => r.Status));
        lock (events)
        {
            Assert.Contains(events, e => e.Peer == _addressB && e.Responding);
            Assert.Contains(events, e => e.Peer == closed && !e.Responding && e.Reason.Contains("Connection refused", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_landed_file_is_announced_on_the_receiver()
    {
        var landed = new TaskCompletionSource<PeerFileReceivedEventArgs>();
        _b.Node.Services.Get<IPeerClient>().FileReceived += (_, e) => landed.TrySetResult(e);
        var source = Path.Combine(_a.Home, "ledger.json");
        await File.WriteAllTextAsync(source, "{\"table\": {}}\n", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(_b.Node.Paths.BlockchainDir);

        var reply = await _a.Node.Services.Get<IPeerClient>().SendFileAsync(_addressB, source, "blockchain.new", FileTransferTarget.Ledger,
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(reply.Replied, reply.Text);
        var file = await landed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal((Path.Combine(_b.Node.Paths.BlockchainDir, "blockchain.new"), FileTransferTarget.Ledger), (file.Path, file.Target));
        Assert.Equal(_a.Node.Address, file.Sender);
    }
}
