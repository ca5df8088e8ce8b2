using System.Text;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Tests.Ingest;

public sealed class StreamerTests : IAsyncLifetime
{
    private readonly TestNode _node = new();
    private Streamer Streamer => _node.Node.Services.Get<Streamer>();
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private static ReadOnlyMemory<byte> Rows(params string[] rows) => Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n")));

    private string[] WatchFiles() => Directory.Exists(_node.Var("watch_dir")) ? Directory.GetFiles(_node.Var("watch_dir")!) : [];

    private async Task WaitForWatchFilesAsync(int count)
    {
        for (var i = 0; i < 200 && WatchFiles().Length < count; i++) await Task.Delay(20, Token);
        Assert.Equal(count, WatchFiles().Length);
    }

    [Fact]
    public async Task Acknowledged_rows_are_in_the_journal_and_flush_writes_a_named_data_file()
    {
        var key = new BufferKey("test", "rand_data", "0", "0");
        await Streamer.AddRowsAsync(key, Rows("{\"value\": 1.5}", "{\"value\": 2.5}"), 2, Token);
        var journal = Directory.GetFiles(Streamer.JournalDir).Single();
        Assert.Equal("{\"value\": 1.5}\n{\"value\": 2.5}\n", File.ReadAllText(journal));
        Assert.Empty(WatchFiles());

        await _node.OkAsync("flush buffers");
        var file = WatchFiles().Single();
        var content = File.ReadAllBytes(file);
        // the hash covers "dbms.table", the rows and the journal segment they were acknowledged in (identical rows of two
        // segments are two files)
        Assert.Matches(@"^test\.rand_data\.0\.[0-9a-f]{32}\.0\.json$", Path.GetFileName(file));
        Assert.NotEqual($"test.rand_data.0.{DataFileName.ComputeHash("test", "rand_data", content)}.0.json", Path.GetFileName(file));
        Assert.Equal("{\"value\": 1.5}\n{\"value\": 2.5}\n", Encoding.UTF8.GetString(content));
        Assert.Empty(Directory.GetFiles(Streamer.JournalDir));
        Assert.Empty(Directory.GetFiles(_node.Var("prep_dir")!));
    }

    [Fact]
    public async Task A_flush_that_cannot_write_keeps_the_rows_and_the_next_one_writes_them_with_the_rows_since()
    {
        var key = new BufferKey("test", "rand_data", "0", "0");
        await Streamer.AddRowsAsync(key, Rows("{\"value\": 1}", "{\"value\": 2}"), 2, Token);
        var watch = _node.Var("watch_dir")!;
        if (Directory.Exists(watch)) Directory.Delete(watch, recursive: true);
        await File.WriteAllTextAsync(watch, "a file where the watch dir should be", Token); // the data file cannot be written
        await _node.OkAsync("flush buffers");
        Assert.Equal("{\"value\": 1}\n{\"value\": 2}\n", File.ReadAllText(Directory.GetFiles(Streamer.JournalDir).Single())); // still journaled
        await Streamer.AddRowsAsync(key, Rows("{\"value\": 3}"), 1, Token);
        File.Delete(watch);
        await _node.OkAsync("flush buffers");
        // the kept rows first, in the journal they were put back with
        Assert.Equal("{\"value\": 1}\n{\"value\": 2}\n{\"value\": 3}\n", File.ReadAllText(WatchFiles().Single()));
        Assert.Empty(Directory.GetFiles(Streamer.JournalDir));
    }

    [Fact]
    public async Task Streamer_flushes_when_the_volume_threshold_is_passed()
    {
        await _node.OkAsync("set buffer threshold where time = 1 hour and volume = 1KB");
        await _node.OkAsync("run streamer");
        var key = new BufferKey("d", "t", "0", "0");
        await Streamer.AddRowsAsync(key, Rows("{\"a\": 1}"), 1, Token);
        await Task.Delay(300, Token);
        Assert.Empty(WatchFiles());
        var big = "{\"text\": \"" + new string('x', 1100) + "\"}";
        await Streamer.AddRowsAsync(key, Rows(big), 1, Token);
        await WaitForWatchFilesAsync(1);
        Assert.Equal(2, File.ReadAllText(WatchFiles()[0]).Count(c => c == '\n'));
    }

    [Fact]
    public async Task Streamer_flushes_when_the_time_threshold_is_passed_and_per_table_settings_win()
    {
        await _node.OkAsync("set buffer threshold where time = 1 hour and volume = 1MB");
        await _node.OkAsync("set buffer threshold where dbms = d and table = fast and time = 1 second and volume = 1MB");
        await _node.OkAsync("run streamer");
        await Streamer.AddRowsAsync(new BufferKey("d", "slow", "0", "0"), Rows("{\"a\": 1}"), 1, Token);
        await Streamer.AddRowsAsync(new BufferKey("d", "fast", "0", "0"), Rows("{\"a\": 2}"), 1, Token);
        await WaitForWatchFilesAsync(1);
        Assert.StartsWith("d.fast.0.", Path.GetFileName(WatchFiles()[0]), StringComparison.Ordinal);
        await Task.Delay(300, Token);
        Assert.Single(WatchFiles());
    }

    [Fact]
    public async Task File_mode_writes_straight_to_the_watch_dir_and_counts_puts()
    {
        var hash = await Streamer.WriteFileAsync(new BufferKey("test", "t1", "dev1", "0"), Rows("{\"x\": 1}", "{\"x\": 2}"), 2, Token);
        Assert.Equal($"test.t1.dev1.{hash}.0.json", Path.GetFileName(WatchFiles().Single()));
        var json = await _node.OkAsync("get streaming where format = json");
        Assert.Contains("\"table\": \"test.t1\", \"File Put\": 1, \"File Rows\": 2, \"Streaming Put\": 0", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journaled_rows_survive_a_crash_and_become_a_data_file_on_restart()
    {
        var home = _node.Home;
        await using (var first = new TestNode(home))
        {
            await first.Node.Services.Get<Streamer>().AddRowsAsync(new BufferKey("test", "t", "0", "0"), Rows("{\"n\": 1}", "{\"n\": 2}"), 2, Token);
            // the node dies here without flushing: its buffers are gone, its journal is not
        }
        var journal = Directory.GetFiles(Path.Combine(_node.Var("prep_dir")!, ".journal"));
        Assert.Single(journal);
        File.AppendAllText(journal[0], "{\"n\": 3"); // a torn row that was never acknowledged
        await using var second = new TestNode(home);
        await second.OkAsync("run streamer");
        var watch = Directory.GetFiles(second.Var("watch_dir")!);
        Assert.Equal("{\"n\": 1}\n{\"n\": 2}\n", File.ReadAllText(Assert.Single(watch)));
        Assert.Empty(Directory.GetFiles(Path.Combine(second.Var("prep_dir")!, ".journal")));
    }

    [Fact]
    public async Task Get_streaming_shows_edgelake_columns()
    {
        await Streamer.AddRowsAsync(new BufferKey("test", "rand_data", "0", "0"), Rows("{\"timestamp\": \"2026-11-28T02:00:00.000000Z\", \"value\": 1.5}"), 1, Token);
        var table = await _node.OkAsync("get streaming");
        var lines = table.Split("\r\n");
        Assert.Equal("", lines[0]);
        Assert.Equal("", lines[1]);
        Assert.Equal("Statistics", lines[2]);
        Assert.Equal("               Put    Put     Streaming Streaming Cached Counter    Threshold   Buffer   Threshold  Time Left Last Process ", lines[3]);
        Assert.Equal("DBMS-Table     files  Rows    Calls     Rows      Rows   Immediate  Volume(KB)  Fill(%)  Time(sec)  (Sec)     HH:MM:SS     ", lines[4]);
        Assert.Equal("--------------|------|-----|-|---------|---------|------|----------|-----------|--------|----------|---------|------------|", lines[5]);
        Assert.True(lines.Length > 6, table);
        Assert.Matches(@"^test\.rand_data\|     0\|    0\| \|        1\|        1\|     1\|         0\|         10\|    0\.58\|        60\|       (60|59)\|\d\d:\d\d:\d\d    \|$", lines[6]);
        Assert.Contains("Default streaming thresholds are 60 seconds and 10,240 bytes", (await _node.OkAsync("run streamer") + await _node.OkAsync("get processes")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threshold_errors_and_config()
    {
        Assert.True((await _node.RunAsync("set buffer threshold where table = t and time = 1 minute")).IsError);
        Assert.True((await _node.RunAsync("set buffer threshold where time = soon")).IsError);
        await _node.OkAsync("set buffer threshold where dbms = d and time = 5 minutes and volume = 2MB and write_immediate = true");
        var config = await _node.OkAsync("get streaming config");
        Assert.Contains("d   |*    |       300|       2048|true           |", config, StringComparison.Ordinal);
        await _node.OkAsync("set buffer threshold where dbms = d and time = 0 seconds and volume = 0KB");
        Assert.DoesNotContain("d   |*", await _node.OkAsync("get streaming config"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_dbms_and_table_thresholds_show_in_get_buffer_threshold()
    {
        await _node.OkAsync("set buffer threshold where time = 30 seconds and volume = 2KB");
        await _node.OkAsync("set buffer threshold where dbms = d and time = 1 minute and volume = 1MB");
        await _node.OkAsync("set buffer threshold where dbms = d and table = t and write_immediate = true");
        var text = await _node.OkAsync("get buffer threshold");
        Assert.Equal(await _node.OkAsync("get streaming config"), text);
        Assert.Contains("Threshold Time  |30 seconds|", text, StringComparison.Ordinal);
        Assert.Contains("Threshold Volume|2 KB      |", text, StringComparison.Ordinal);
        Assert.Contains("d   |*    |        60|       1024|false          |", text, StringComparison.Ordinal);
        Assert.Contains("d   |t    |        60|       1024|true           |", text, StringComparison.Ordinal);
        Assert.Equal(await _node.OkAsync("get streaming config where format = json"), await _node.OkAsync("get buffer threshold where format = json"));
    }
}
