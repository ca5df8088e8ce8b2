using System.Text.Json.Nodes;
using EdgeNode.Ingest.Files;

namespace EdgeNode.Tests.Ingest;

public sealed class OperatorLoadTests
{
    private static readonly string ReferenceRows = OperatorNode.Rows(
        "{\"timestamp\": \"2026-11-28T02:00:00.000000Z\", \"value\": 1.5}",
        "{\"timestamp\": \"2026-11-28T02:00:01.000000Z\", \"value\": 2.5}",
        "{\"timestamp\": \"2026-11-28T02:00:02.000000Z\", \"value\": 3.25}");

    [Fact]
    public async Task A_json_file_creates_the_table_loads_its_rows_and_is_archived_under_its_tsd_name()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and archive_json = true and compress_json = true");
        node.Drop("test.rand_data.0.0.0.json", ReferenceRows);
        await node.WaitForRowsAsync("rand_data", 3);
        var archived = await node.WaitForFilesAsync(node.ArchiveDir, 1);
        var hash = DataFileName.ComputeHash("test", "rand_data", System.Text.Encoding.UTF8.GetBytes(ReferenceRows));
        var name = Path.GetFileName(archived[0]);
        Assert.StartsWith($"test.rand_data.0.{hash}.0.{node.Member}.1.", name, StringComparison.Ordinal);
        Assert.EndsWith(".json.gz", name, StringComparison.Ordinal);
        var rows = await node.QueryAsync("select tsd_name, tsd_id, timestamp, value from rand_data order by timestamp");
        Assert.Equal("2026-11-28 02:00:00.000000", rows[0]!["timestamp"]!.GetValue<string>());
        Assert.Equal(3.25, rows[2]!["value"]!.GetValue<double>());
        var tsd = await node.Node.OkAsync("time file get where format = json");
        Assert.Contains(hash, tsd, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(node.WatchDir));
    }
}
