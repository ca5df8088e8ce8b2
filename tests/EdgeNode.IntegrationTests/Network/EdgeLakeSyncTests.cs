using System.Security.Cryptography;
using System.Text;
using static EdgeNode.TestSupport.AnyLogFrames;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// The sync conversation with an EdgeLake peer, played with hand-made frames on a raw socket: an EdgeLake node asking an
/// EdgeNode master for the ledger, and an EdgeNode node taking the ledger from an EdgeLake master (which answers with the
/// file alone).
/// </summary>
public sealed class EdgeLakeSyncTests : IAsyncLifetime
{
    private const string Policy1 =
        "{\"cluster\": {\"company\": \"Baseline Co\", \"name\": \"baseline-cluster\", \"status\": \"active\", \"id\": \"0308c4344e75f77092d7b396812545e4\", " +
        "\"date\": \"2026-11-28T02:03:28.971113Z\", \"ledger\": \"global\"}}";

    private readonly int _port = FreePort.Get();
    private readonly RawPeer _edgeLake = new();
    private NodeProcess _node = null!;

    public async ValueTask InitializeAsync() => _node = await PeerNodes.StartAsync("edgenode", _port);

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await _edgeLake.DisposeAsync();
    }

    [Fact]
    public async Task An_edgelake_node_gets_the_ledger_from_an_edgenode_master_as_a_flag_2_file_and_no_answer()
    {
        await _node.OkAsync("connect dbms blockchain where type = sqlite");
        await _node.OkAsync("create table ledger where dbms = blockchain");
        await _node.OkAsync($"blockchain push {Policy1}");
        const string file = "/app/EdgeLake/blockchain/blockchain.new";

        // EdgeLake's run client sends no job (location and id 0) and waits for the file, not for an answer
        await RawPeer.SendAsync(_port, WithReply(Message(1, true, $"event get_blockchain {file} 0 0", [], []), "127.0.0.1", _edgeLake.Port));
        var transfer = await _edgeLake.NextAsync();
        Assert.Equal($"file write {file}.master_id_1.json", transfer[0].Command);
        Assert.All(transfer, frame => Assert.Equal(2, frame.GenericFlag));
        var ledger = Encoding.UTF8.GetString(transfer.SelectMany(frame => frame.Payload).ToArray());
        Assert.Equal(Policy1 + "\n", ledger);

        // same md5: nothing comes back
        var version = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(ledger)));
        await RawPeer.SendAsync(_port, WithReply(Message(1, true, $"event get_blockchain {file} {version} 0", [], []), "127.0.0.1", _edgeLake.Port));
        await Assert.ThrowsAsync<TimeoutException>(() => _edgeLake.NextAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task An_edgenode_node_takes_the_ledger_an_edgelake_master_sends_without_answering()
    {
        await _node.OkAsync($"run blockchain sync where source = master and time = 30 seconds and dest = file and connection = {_edgeLake.Address}");
        var request = Assert.Single(await _edgeLake.NextAsync());
        var words = request.Command.Split(' ');
        Assert.Equal(["event", "get_blockchain"], words[..2]);
        Assert.Equal(5, words.Length);
        Assert.EndsWith("/EdgeLake/blockchain/blockchain.new", words[2].Replace('\t', ' '), StringComparison.Ordinal);
        Assert.Equal(("0", "0"), (words[3], words[4])); // no ledger yet; trace 0
        Assert.Equal(("127.0.0.1", _port), (request.ReplyIp, request.ReplyPort));

        // the master's ledger, longer than one block, sent as EdgeLake does: flag 2, no hash, no answer to the request
        var policies = Enumerable.Range(1, 12).Select(i =>
            $"{{\"tag\": {{\"name\": \"tag {i}\", \"description\": \"{new string('x', 200)}\", \"id\": \"{i:x32}\", \"date\": \"2026-11-28T02:03:28.{i:000000}Z\", \"ledger\": \"global\"}}}}");
        var ledger = Encoding.UTF8.GetBytes(string.Join("", policies.Select(p => p + "\n")));
        // EdgeLake's master puts master_id_<k> before the extension of the name it was given (events.py)
        var target = words[2][..^"new".Length] + "master_id_1.new";
        await RawPeer.SendAsync(_port, FileBlocks($"file write {target}", ledger));

        await Eventually.HoldsAsync(async () => (await _node.OkAsync("blockchain get tag bring.count")).Trim() == "12", "the node uses the ledger");
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(ledger)), await _node.OkAsync("get metadata version"));
        // the round is counted as it ends, a moment after the ledger is in use
        (long Ok, long Errors) counts = default;
        await Eventually.HoldsAsync(async () =>
        {
            var synchronizer = await NetworkSyncTests.SynchronizerAsync(_node);
            counts = (synchronizer["Sync OK"]!.GetValue<long>(), synchronizer["Sync Err"]!.GetValue<long>());
            return counts.Ok > 0;
        }, "the sync round is counted");
        Assert.Equal((1L, 0L), counts);
    }

    /// <summary>A file transfer as an EdgeLake node sends it: the command in every block, the payload split over blocks, flag 2.</summary>
    private byte[][] FileBlocks(string command, byte[] payload)
    {
        var capacity = BlockSize - HeaderSize - Encoding.UTF8.GetByteCount(command);
        var count = (payload.Length + capacity - 1) / capacity;
        Assert.True(count > 1, "the ledger should take several blocks");
        return Enumerable.Range(0, count).Select(i =>
        {
            var part = payload.AsSpan(i * capacity, Math.Min(capacity, payload.Length - i * capacity)).ToArray();
            var block = WithReply(Message((uint)(i + 1), i == count - 1, command, [], part), "127.0.0.1", _edgeLake.Port);
            PutUInt16(block, 205, 2);
            return block;
        }).ToArray();
    }
}
