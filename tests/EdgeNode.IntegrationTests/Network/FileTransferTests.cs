using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using static EdgeNode.TestSupport.AnyLogFrames;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>File transfers between real node processes, and hand-made transfers that break: nothing broken ever lands.</summary>
public sealed class FileTransferTests : IAsyncLifetime
{
    private readonly int _portA = FreePort.Get(), _portB = FreePort.Get();
    private NodeProcess _a = null!, _b = null!;

    private string B => $"127.0.0.1:{_portB}";
    private string TmpB => Path.Combine(_b.Home, "EdgeLake", "data", "tmp");
    private string WatchB => Path.Combine(_b.Home, "EdgeLake", "data", "watch");
    private string TmpA => Path.Combine(_a.Home, "EdgeLake", "data", "tmp");

    public async ValueTask InitializeAsync()
    {
        var nodes = await Task.WhenAll(PeerNodes.StartAsync("node-a", _portA), PeerNodes.StartAsync("node-b", _portB));
        (_a, _b) = (nodes[0], nodes[1]);
        await _a.RunAsync("create work directories");
        await _b.RunAsync("create work directories");
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private string LocalFile(string name, byte[] content)
    {
        var path = Path.Combine(_a.Home, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void AssertNoTemporaryFiles(string directory) =>
        Assert.Empty(Directory.GetFiles(directory, "*.transfer"));

    [Fact]
    public async Task File_copy_lands_with_the_right_bytes_and_no_temporary_file_left()
    {
        var content = RandomBytes(3_000_000, 1);
        var source = LocalFile("data.bin", content);

        var output = await _a.RunAsync($"run client ({B}) file copy {source} !!tmp_dir/copy.bin");

        var landed = Path.Combine(TmpB, "copy.bin");
        Assert.Equal($"[From Node {B}] File written: {landed}", output);
        Assert.Equal(content, await File.ReadAllBytesAsync(landed, TestContext.Current.CancellationToken));
        AssertNoTemporaryFiles(TmpB);
    }

    [Fact]
    public async Task Copying_into_a_directory_variable_keeps_the_name_and_gz_files_are_unpacked()
    {
        var json = string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"{{\"id\": {i}, \"value\": {i * 0.5}}}"));
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json), TestContext.Current.CancellationToken);
        var source = LocalFile("test.readings.0.0.0.json.gz", packed.ToArray());

        Assert.Contains("File written: ", await _a.RunAsync($"run client ({B}) file copy {source} !!watch_dir"), StringComparison.Ordinal);

        Assert.Equal(json, await File.ReadAllTextAsync(Path.Combine(WatchB, "test.readings.0.0.0.json"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(WatchB, "test.readings.0.0.0.json.gz")));
        AssertNoTemporaryFiles(WatchB);
    }

    [Fact]
    public async Task File_get_brings_a_file_of_the_peer_here()
    {
        var content = RandomBytes(50_000, 2);
        await File.WriteAllBytesAsync(Path.Combine(TmpB, "remote.bin"), content, TestContext.Current.CancellationToken);
        var local = Path.Combine(TmpA, "got.bin"); // a peer's file lands only where this node lets peers write

        var output = await _a.RunAsync($"run client ({B}) file get !!tmp_dir/remote.bin {local}");

        Assert.Equal($"[From Node {B}] File written: {local}", output);
        Assert.Equal(content, await File.ReadAllBytesAsync(local, TestContext.Current.CancellationToken));
        var missing = await _a.RunAsync($"run client ({B}) file get !!tmp_dir/none.bin {local}.2");
        Assert.Contains($"[From Node {B}] file '{Path.Combine(TmpB, "none.bin")}' does not exist", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_destination_is_reported_to_the_sender()
    {
        var source = LocalFile("small.txt", "hello"u8.ToArray());

        var output = await _a.RunAsync($"run client ({B}) file copy {source} !!tmp_dir/no/such/small.txt");

        Assert.Contains("Error 9: File error", output, StringComparison.Ordinal);
        Assert.Contains($"directory '{Path.Combine(TmpB, "no", "such")}' does not exist", output, StringComparison.Ordinal);
        Assert.Contains("file 'nothing.txt' does not exist", await _a.RunAsync($"run client ({B}) file copy nothing.txt !!tmp_dir"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_may_not_write_outside_the_node_root_until_the_user_allows_the_directory()
    {
        var source = LocalFile("outside.txt", "outside"u8.ToArray());
        var outside = Directory.CreateTempSubdirectory("edgenode-outside-");
        try
        {
            var target = Path.Combine(outside.FullName, "outside.txt");
            var refused = await _a.RunAsync($"run client ({B}) file copy {source} {target}");
            Assert.Contains("Error 31: File access denied", refused, StringComparison.Ordinal);
            Assert.Contains($"'{target}' is outside the directories peers may write", refused, StringComparison.Ordinal);
            Assert.False(File.Exists(target));
            Assert.Contains($"File transfer from 127.0.0.1:{_portA} refused: '{target}' is outside", await _b.RunAsync("get error log"),
                StringComparison.Ordinal);

            Assert.Contains($"Peers may write to and read from: {outside.FullName}", await _b.RunAsync($"set file access where dir = {outside.FullName}"),
                StringComparison.Ordinal);
            Assert.Contains(outside.FullName, await _b.RunAsync("get file access"), StringComparison.Ordinal);
            Assert.Equal($"[From Node {B}] File written: {target}", await _a.RunAsync($"run client ({B}) file copy {source} {target}"));
            Assert.Equal("outside", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Dot_dot_and_symbolic_links_do_not_escape_the_node_root()
    {
        var source = LocalFile("escape.txt", "escape"u8.ToArray());
        var escaped = Path.GetFullPath(Path.Combine(_b.Home, "..", "escape.txt"));
        var dotDot = await _a.RunAsync($"run client ({B}) file copy {source} !!tmp_dir/../../../../escape.txt");
        Assert.Contains("Error 31: File access denied", dotDot, StringComparison.Ordinal);
        Assert.Contains($"'{escaped}' is outside", dotDot, StringComparison.Ordinal);
        Assert.False(File.Exists(escaped));

        var outside = Directory.CreateTempSubdirectory("edgenode-linked-");
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(TmpB, "link"), outside.FullName);
            var linked = await _a.RunAsync($"run client ({B}) file copy {source} !!tmp_dir/link/escape.txt");
            Assert.Contains("Error 31: File access denied", linked, StringComparison.Ordinal);
            Assert.Contains($"(resolved to '{Path.Combine(outside.FullName, "escape.txt")}')", linked, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(outside.FullName));
            Assert.Contains("File written: ", await _a.RunAsync($"run client ({B}) file copy {source} !!tmp_dir/inside.txt"), StringComparison.Ordinal);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task File_get_of_a_file_outside_the_node_root_is_refused()
    {
        var local = Path.Combine(TmpA, "hostname");
        var output = await _a.RunAsync($"run client ({B}) file get /etc/hostname {local}");

        Assert.Contains($"[From Node {B}] '/etc/hostname' is outside the directories peers may read", output, StringComparison.Ordinal);
        Assert.False(File.Exists(local));
        Assert.Contains($"'file get' from 127.0.0.1:{_portA} refused: '/etc/hostname' is outside", await _b.RunAsync("get error log"),
            StringComparison.Ordinal);
        Assert.Contains("Query Pool", await _b.RunAsync("get processes"), StringComparison.Ordinal); // the node keeps serving
    }

    /// <summary>A <c>file write</c> of <paramref name="content"/> in blocks as an EdgeLake sender lays them out, flag 0.</summary>
    private static byte[][] FileWrite(string destination, byte[] content, byte[] lastBlockHash, RawPeer? confirmTo = null)
    {
        var command = $"file write {destination}";
        var capacity = BlockSize - HeaderSize - Encoding.UTF8.GetByteCount(command);
        var parts = content.Chunk(capacity).ToArray();
        var blocks = parts.Select((part, i) => Message((uint)i + 1, i == parts.Length - 1, command, [], part)).ToArray();
        Put(blocks[^1], 0, lastBlockHash);
        if (confirmTo is not null)
            foreach (var block in blocks)
            {
                WithReply(block, "127.0.0.1", confirmTo.Port, jobLocation: 1, jobId: 5);
                Put(block, 49, 1);
            }
        return blocks;
    }

    [Fact]
    public async Task A_transfer_whose_hash_does_not_match_never_lands_and_the_sender_is_told()
    {
        await using var sender = new RawPeer();
        var content = RandomBytes(5000, 3);
        var wrong = XxHash128.Hash(content);
        wrong[0] ^= 0xFF;
        var destination = Path.Combine(TmpB, "corrupt.bin");

        await RawPeer.SendAsync(_portB, FileWrite(destination, content, wrong, sender));

        var answer = (await sender.NextAsync())[0];
        Assert.Equal(("echo", 9, 5u), (answer.Command, answer.ErrorCode, answer.JobId));
        Assert.Contains("does not match the sender's hash", Encoding.UTF8.GetString(answer.Payload), StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        AssertNoTemporaryFiles(TmpB);
    }

    [Fact]
    public async Task A_transfer_that_breaks_off_never_lands_and_a_matching_or_absent_hash_lands()
    {
        var content = RandomBytes(5000, 4);
        var broken = Path.Combine(TmpB, "broken.bin");
        await RawPeer.SendAsync(_portB, FileWrite(broken, content, new byte[16])[..2]); // the last block never comes

        var checkedCopy = Path.Combine(TmpB, "checked.bin");
        var edgeLakeCopy = Path.Combine(TmpB, "edgelake.bin");
        await RawPeer.SendAsync(_portB, FileWrite(checkedCopy, content, XxHash128.Hash(content)));
        await RawPeer.SendAsync(_portB, FileWrite(edgeLakeCopy, content, new byte[16])); // EdgeLake leaves the hash at zero

        await WaitForFileAsync(checkedCopy);
        await WaitForFileAsync(edgeLakeCopy);
        Assert.Equal(content, await File.ReadAllBytesAsync(checkedCopy, TestContext.Current.CancellationToken));
        Assert.Equal(content, await File.ReadAllBytesAsync(edgeLakeCopy, TestContext.Current.CancellationToken));
        await WaitForAsync(async () => (await _b.RunAsync("get error log")).Contains("closed after block 2 before the last block",
            StringComparison.Ordinal));
        Assert.False(File.Exists(broken));
        AssertNoTemporaryFiles(TmpB);
    }

    private static Task WaitForFileAsync(string path) => WaitForAsync(() => Task.FromResult(File.Exists(path)));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 10 seconds");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
