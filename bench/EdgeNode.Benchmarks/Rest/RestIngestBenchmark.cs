using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using EdgeNode.Benchmarks.Ingest;
using EdgeNode.Core;
using EdgeNode.TestSupport;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Benchmarks.Rest;

/// <summary>
/// REST PUT streaming ingest end to end, as the black-box suites drive a node: clients PUT 1,000-row JSON batches
/// (<c>mode: streaming</c>), then POST <c>flush buffers</c>, then poll <c>sql bench format = json "select count(*) ..."</c>
/// over REST until every row is counted; the clock runs from the first PUT to that answer. The node is real and
/// in-process (SQLite, <c>run streamer</c>, <c>run operator</c>, <c>run rest server</c>); next to it, measured in the
/// same run with the same clients and bodies, a bare Kestrel endpoint that reads and discards each body.
/// </summary>
public sealed class RestIngestBenchmark : IBenchmarkDriver
{
    private const string Dbms = "bench";
    private const string Success = "{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"0\" }";

    public string Name => "rest-ingest";

    public string Description =>
        "REST PUT streaming rows/s until select count(*) sees them all, next to bare Kestrel reading the same bodies " +
        "[--rows 500000 --batch 1000 --clients 8 --runs 3 --volume-kb 1024 --poll-ms 20]";

    public async Task RunAsync(string[] arguments)
    {
        var rowCount = RestCommandBenchmark.Option(arguments, "--rows", 500_000);
        var batch = RestCommandBenchmark.Option(arguments, "--batch", 1_000);
        var clients = RestCommandBenchmark.Option(arguments, "--clients", 8);
        var runs = RestCommandBenchmark.Option(arguments, "--runs", 3);
        var volumeKb = RestCommandBenchmark.Option(arguments, "--volume-kb", 1024);
        var poll = TimeSpan.FromMilliseconds(RestCommandBenchmark.Option(arguments, "--poll-ms", 20));
        var load = new RestPutLoad(new IngestRows(rowCount), batch);
        var warmup = new RestPutLoad(new IngestRows(Math.Min(rowCount, 20 * batch)), batch);
        var home = Directory.CreateTempSubdirectory("edgenode-bench-rest-").FullName;
        try
        {
            await using var bare = await BareKestrel.StartAsync(DiscardAsync);
            await using var node = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
            var nodePort = await StartNodeAsync(node, clients, volumeKb);
            using var bareHttp = RestCommandBenchmark.Client(bare.Port, clients);
            using var nodeHttp = RestCommandBenchmark.Client(nodePort, clients);
            Console.WriteLine($"REST PUT streaming ingest: {rowCount:N0} rows in {batch:N0}-row JSON arrays ({load.Bytes / 1e6:0.0} MB), " +
                              $"{clients} clients, buffer flush at {volumeKb:N0} KB, count every {poll.TotalMilliseconds} ms, SQLite, {runs} alternating runs, {Environment.ProcessorCount} cores, 127.0.0.1");
            await warmup.PutAllAsync(bareHttp, clients, Dbms, "discarded");
            await IngestAsync(nodeHttp, warmup, clients, "rest_warmup", poll);
            var bareRates = new List<double>();
            var acked = new List<double>();
            var queryable = new List<double>();
            var (gen0, gen1, gen2, pause, cpu) = (0, 0, 0, TimeSpan.Zero, TimeSpan.Zero);
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                await load.PutAllAsync(bareHttp, clients, Dbms, "discarded");
                bareRates.Add(rowCount / clock.Elapsed.TotalSeconds);
                var before = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), Process.GetCurrentProcess().TotalProcessorTime);
                var (ack, done) = await IngestAsync(nodeHttp, load, clients, $"rest_{run}", poll);
                gen0 += GC.CollectionCount(0) - before.Item1;
                gen1 += GC.CollectionCount(1) - before.Item2;
                gen2 += GC.CollectionCount(2) - before.Item3;
                pause += GC.GetTotalPauseDuration() - before.Item4;
                cpu += Process.GetCurrentProcess().TotalProcessorTime - before.Item5;
                acked.Add(rowCount / ack.TotalSeconds);
                queryable.Add(rowCount / done.TotalSeconds);
            }
            Console.WriteLine($"{"endpoint",-56}{"best rows/s",13}{"median",11}");
            Print("bare Kestrel, body read and discarded (baseline)", bareRates);
            Print("EdgeNode: PUT acknowledged (rows journaled, fsynced)", acked);
            Print("EdgeNode: flush buffers + select count(*) = all rows", queryable);
            Console.WriteLine($"EdgeNode runs, per run: CPU {cpu.TotalSeconds / runs:0.00} s (clients included), GCs gen0 {gen0 / runs}, gen1 {gen1 / runs}, " +
                              $"gen2 {gen2 / runs}, GC pauses {pause.TotalMilliseconds / runs:0} ms");
            Console.WriteLine($"end to end / baseline: {queryable.Max() / bareRates.Max() * 100:0.0}% (best), {Median(queryable) / Median(bareRates) * 100:0.0}% (median)");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A node as an operator with a streamer and a REST server; returns the REST port.</summary>
    internal static async Task<int> StartNodeAsync(Node node, int clients, int volumeKb)
    {
        var cancellation = CancellationToken.None;
        await OperatorSetup.RunOperatorAsync(node, cancellation);
        await OperatorSetup.OkAsync(node, $"connect dbms {Dbms} where type = sqlite", cancellation);
        // EdgeLake's 10 KB default would write a file per 130 rows; deployments that stream raise it
        await OperatorSetup.OkAsync(node, $"set buffer threshold where time = 60 seconds and volume = {volumeKb}KB", cancellation);
        await OperatorSetup.OkAsync(node, "run streamer", cancellation);
        var port = FreePort.Get();
        await OperatorSetup.OkAsync(node,
            $"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true and threads = {Math.Max(5, clients)}", cancellation);
        return port;
    }

    /// <summary>PUTs the rows, flushes the buffers, polls the count; returns when all were acknowledged and when all were counted.</summary>
    /// <param name="poll">Pause between two counts: each is a query competing with the operator for the two cores.</param>
    internal static async Task<(TimeSpan Acknowledged, TimeSpan Queryable)> IngestAsync(HttpClient http, RestPutLoad load, int clients, string table,
        TimeSpan poll)
    {
        var clock = Stopwatch.StartNew();
        await load.PutAllAsync(http, clients, Dbms, table);
        var acknowledged = clock.Elapsed;
        await CommandAsync(http, HttpMethod.Post, "flush buffers");
        while (await CountAsync(http, table) < load.RowCount)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"{table}: not all {load.RowCount:N0} rows were queryable after 5 minutes");
            await Task.Delay(poll);
        }
        return (acknowledged, clock.Elapsed);
    }

    /// <summary>The table's row count through the node's <c>sql</c> command (0 while the table does not exist yet).</summary>
    private static async Task<long> CountAsync(HttpClient http, string table)
    {
        var (status, text) = await CommandAsync(http, HttpMethod.Get, $"sql {Dbms} format = json and stat = false \"select count(*) from {table}\"", check: false);
        if (status != HttpStatusCode.OK) return 0;
        var row = JsonNode.Parse(text)?["Query"]?.AsArray().FirstOrDefault()?.AsObject();
        return row is null ? 0 : row.First().Value!.GetValue<long>();
    }

    private static async Task<(HttpStatusCode Status, string Text)> CommandAsync(HttpClient http, HttpMethod method, string command, bool check = true)
    {
        using var request = new HttpRequestMessage(method, "/");
        request.Headers.TryAddWithoutValidation("command", command);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (check && response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"'{command}' answered {(int)response.StatusCode}: {text}");
        return (response.StatusCode, text);
    }

    /// <summary>The baseline endpoint: reads the body in 64 KB reads, drops it, answers what the node answers.</summary>
    private static async Task DiscardAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        context.Response.ContentType = "text/json";
        await context.Response.WriteAsync(Success);
    }

    private static void Print(string name, List<double> rates) => Console.WriteLine($"{name,-56}{rates.Max(),13:N0}{Median(rates),11:N0}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
