using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metrics;

namespace EdgeNode.Network.Monitoring;

/// <summary>
/// <c>GET /status.json</c>, what the status page shows: the node, its memory, the rows of <c>get processes</c>, every
/// table with its row count (<c>get rows count</c>, refreshed at most every <see cref="RowCountAge"/>: counting a large
/// table is not free), ingest rates per channel over the last ten minutes, the last errors and the peers.
/// </summary>
internal sealed class StatusReport(Node node)
{
    public static readonly TimeSpan RowCountAge = TimeSpan.FromSeconds(15);
    private const int ErrorsShown = 20;

    private readonly SemaphoreSlim _countGate = new(1, 1);
    private (DateTime At, JsonNode? Counts) _counts;

    public async Task<string> BuildAsync(CancellationToken cancellation)
    {
        var now = node.Time.GetUtcNow().UtcDateTime;
        var memory = ProcessMemory.Read();
        var report = new JsonObject
        {
            ["node"] = node.Name,
            ["version"] = Node.Version,
            ["address"] = node.Address,
            ["started"] = Time(node.StartTime),
            ["now"] = Time(now),
            ["memory"] = new JsonObject
            {
                ["rss"] = memory.ResidentBytes,
                ["peak_rss"] = memory.PeakResidentBytes,
                ["managed_heap"] = memory.ManagedHeapBytes,
            },
            ["processes"] = new JsonArray([.. node.Processes.List().Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["status"] = p.Status, ["details"] = p.Details,
            })]),
            ["tables"] = await TablesAsync(now, cancellation),
            ["ingest"] = Ingest(),
            ["errors"] = new JsonArray([.. node.Log.Errors.Entries().TakeLast(ErrorsShown).Reverse().Select(e => (JsonNode)new JsonObject
            {
                ["time"] = Time(e.Time), ["text"] = e.Message,
            })]),
            ["peers"] = Peers(),
        };
        return report.ToJsonString();
    }

    /// <summary>Every table of every connected database with its rows: <c>[{dbms, table, rows}]</c>.</summary>
    private async Task<JsonArray> TablesAsync(DateTime now, CancellationToken cancellation)
    {
        await _countGate.WaitAsync(cancellation);
        try
        {
            if (_counts.Counts is null || now - _counts.At >= RowCountAge)
            {
                var result = await node.Dispatcher.ExecuteAsync("get rows count where dbms = * and format = json", CommandSource.Internal, cancellation);
                _counts = (now, result.IsError ? null : Parse(result.Text));
            }
        }
        finally
        {
            _countGate.Release();
        }
        var tables = new JsonArray();
        if (_counts.Counts is not JsonObject databases) return tables;
        foreach (var (dbms, rows) in databases)
        {
            if (rows is not JsonObject byTable) continue;
            foreach (var (table, count) in byTable)
                tables.Add((JsonNode)new JsonObject { ["dbms"] = dbms, ["table"] = table, ["rows"] = count?.DeepClone() });
        }
        return tables;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Rows per second per channel (and loaded) between consecutive samples of the ingest history.</summary>
    private JsonObject Ingest()
    {
        var samples = node.Metrics.History.Samples();
        var channels = Enum.GetValues<IngestChannel>();
        var series = new JsonObject();
        foreach (var channel in channels) series[Name(channel)] = new JsonArray();
        series["loaded"] = new JsonArray();
        var times = new JsonArray();
        for (var i = 1; i < samples.Count; i++)
        {
            var seconds = Math.Max(0.001, (samples[i].At - samples[i - 1].At).TotalSeconds);
            times.Add((JsonNode)Time(samples[i].At));
            foreach (var channel in channels)
                series[Name(channel)]!.AsArray().Add((JsonNode)Rate(samples[i].Received[(int)channel] - samples[i - 1].Received[(int)channel], seconds));
            series["loaded"]!.AsArray().Add((JsonNode)Rate(samples[i].Loaded - samples[i - 1].Loaded, seconds));
        }
        var totals = new JsonObject();
        foreach (var channel in channels) totals[Name(channel)] = node.Metrics.Received(channel);
        totals["loaded"] = node.Metrics.Loaded;
        return new JsonObject
        {
            ["interval_seconds"] = IngestHistory.Interval.TotalSeconds,
            ["times"] = times,
            ["rates"] = series,
            ["totals"] = totals,
        };
    }

    private JsonArray Peers()
    {
        var peers = new JsonArray();
        if (node.Services.Find<PeerHealth>() is not { } health) return peers;
        foreach (var peer in health.Peers())
        {
            peers.Add((JsonNode)new JsonObject
            {
                ["address"] = peer.Address,
                ["status"] = peer.Responding ? "active" : "not_responding",
                ["messages"] = peer.Messages,
                ["errors"] = peer.Errors,
                ["last_seen"] = Time(peer.LastSeen),
                ["last_error"] = peer.LastError,
            });
        }
        return peers;
    }

    private static string Name(IngestChannel channel) => channel.ToString().ToLowerInvariant();

    private static double Rate(long rows, double seconds) => Math.Round(Math.Max(0, rows) / seconds, 1);

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
