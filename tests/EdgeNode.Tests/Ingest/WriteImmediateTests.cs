using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Tests.Ingest;

/// <summary>Streaming write-immediate (SPEC §7) through the operator: rows queryable as they arrive, files only archived, exactly once after a crash.</summary>
public sealed class WriteImmediateTests
{
    private static readonly BufferKey Key = new("test", "imm", "0", "0");

    private static ReadOnlyMemory<byte> Rows(int first, int count, string value = "") =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(first, count)
            .Select(i => $"{{\"ts\": \"2026-11-28T02:00:{i:00}Z\", \"v\": {(value.Length > 0 ? value : i + ".5")}}}\n")));

    private static async Task<(OperatorNode Node, Streamer Streamer)> StartAsync()
    {
        var node = await OperatorNode.StartAsync("update_tsd_info = true and archive_json = true");
        await node.Node.OkAsync("set buffer threshold where dbms = test and time = 1 hour and volume = 1MB and write_immediate = true");
        var streamer = node.Node.Node.Services.Get<Streamer>();
        // the table's first buffer is a normal one: its file creates the table and its policies
        await streamer.AddRowsAsync(Key, Rows(0, 2), 2, TestContext.Current.CancellationToken);
        Assert.Equal(0, await node.CountAsync("imm"));
        await node.Node.OkAsync("flush buffers");
        await node.WaitForRowsAsync("imm", 2);
        return (node, streamer);
    }

    [Fact]
    public async Task Later_rows_are_inserted_as_they_arrive_and_the_flushed_file_is_only_archived()
    {
        var (node, streamer) = await StartAsync();
        await using var _ = node;
        await streamer.AddRowsAsync(Key, Rows(2, 3), 3, TestContext.Current.CancellationToken);
        Assert.Equal(5, await node.CountAsync("imm")); // queryable before any flush
        await streamer.AddRowsAsync(Key, Rows(5, 1), 1, TestContext.Current.CancellationToken);
        Assert.Equal(6, await node.CountAsync("imm"));
        var stamped = await node.QueryAsync("select distinct tsd_id from imm where v > 2");
        var id = Assert.Single(stamped)!["tsd_id"]!.GetValue<int>();

        await node.Node.OkAsync("flush buffers");
        var archived = await node.WaitForFilesAsync(node.ArchiveDir, 2);
        Assert.Contains(archived, f => Path.GetFileName(f).Contains($".0.{node.Member}.{id}.", StringComparison.Ordinal));
        await OperatorNode.WaitUntilAsync(async () => (await node.Node.OkAsync("time file get where format = json")).Contains("\"ok\"", StringComparison.Ordinal)
                                                      && !(await node.Node.OkAsync("time file get")).Contains("test.imm.", StringComparison.Ordinal),
            "the write-immediate entry completed with its file's hash");
        Assert.Equal(6, await node.CountAsync("imm"));
        // the operator counts the file once its load is done, which may come after the tsd_info entry completed
        JsonArray operatorJson = [];
        await OperatorNode.WaitUntilAsync(async () =>
        {
            operatorJson = JsonNode.Parse(await node.Node.OkAsync("get operator where format = json"))!.AsArray();
            return operatorJson[0]!["test"]?["imm"]?[1]?.GetValue<int>() == 1;
        }, "the file counted as one with immediate inserts");
        Assert.Equal([1, 1], operatorJson[0]!["test"]!["imm"]!.AsArray().Take(2).Select(n => n!.GetValue<int>()));
        Assert.Equal(4, operatorJson[2]!["test"]!["imm"]![5]!.GetValue<int>()); // immediate inserts
        var streaming = JsonNode.Parse(await node.Node.OkAsync("get streaming where format = json"))!.AsArray().Single(t => t!["table"]!.GetValue<string>() == "test.imm")!;
        Assert.Equal(4, streaming["Immediate"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rows_of_a_crashed_buffer_are_recovered_and_replace_those_inserted_so_none_is_twice()
    {
        var (node, streamer) = await StartAsync();
        await using var _ = node;
        await streamer.AddRowsAsync(Key, Rows(2, 3), 3, TestContext.Current.CancellationToken);
        Assert.Equal(5, await node.CountAsync("imm"));
        // the node dies before the flush: a new streamer on the same journal recovers the rows
        string[] Archived() => Directory.GetFiles(node.ArchiveDir, "test.imm.*", SearchOption.AllDirectories);
        var archivedBefore = Archived();
        var restarted = new Streamer(node.Node.Node);
        restarted.EnsureRecovered();
        // the running operator may take the recovered file at once: it is in the watch dir or, new, in the archive
        string[] recovered = [];
        await OperatorNode.WaitUntilAsync(() => Task.FromResult((recovered = [.. Directory.GetFiles(node.WatchDir, "test.imm.*")
            .Concat(Archived().Except(archivedBefore)).Select(Path.GetFileName).Select(f => f!.EndsWith(".gz", StringComparison.Ordinal) ? f[..^3] : f)]).Length > 0),
            "the recovered file in the watch dir or the archive");
        Assert.Matches($@"^test\.imm\.0\.[0-9a-f]{{32}}\.0\.{node.Member}\.\d+\.\d{{12}}\.json$", Assert.Single(recovered));
        await node.WaitForWatchDirEmptyAsync();
        await OperatorNode.WaitUntilAsync(async () => (await node.QueryAsync("select count(*) as n from imm where v > 2"))[0]!["n"]!.GetValue<int>() == 3
                                                      && Directory.GetFiles(node.ArchiveDir, "*", SearchOption.AllDirectories).Length == 2,
            "the recovered file loaded");
        Assert.Equal(5, await node.CountAsync("imm"));
        Assert.Empty(Directory.GetFiles(node.ErrDir));
    }

    [Fact]
    public async Task Rows_that_cannot_be_inserted_stay_in_the_buffer_and_their_file_reports_the_error()
    {
        var (node, streamer) = await StartAsync();
        await using var _ = node;
        await streamer.AddRowsAsync(Key, Rows(2, 1), 1, TestContext.Current.CancellationToken);
        await streamer.AddRowsAsync(Key, Rows(3, 1, "\"high\""), 1, TestContext.Current.CancellationToken);
        Assert.Equal(3, await node.CountAsync("imm"));
        await node.Node.OkAsync("flush buffers");
        var errors = await node.WaitForFilesAsync(node.ErrDir, 2);
        Assert.Contains("value 'high' does not fit column 'v'", File.ReadAllText(errors.Single(f => f.EndsWith(".reason.txt", StringComparison.Ordinal))),
            StringComparison.Ordinal);
        var kept = File.ReadAllText(errors.Single(f => f.EndsWith(".json", StringComparison.Ordinal)));
        Assert.Equal(1, kept.Count(c => c == '\n')); // the refused row alone: the row inserted with it is not kept twice
        Assert.Contains("\"high\"", kept, StringComparison.Ordinal);
        Assert.Equal(3, await node.CountAsync("imm"));
    }
}
