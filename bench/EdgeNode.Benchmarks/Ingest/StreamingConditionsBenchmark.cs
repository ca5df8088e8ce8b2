using System.Diagnostics;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Benchmarks.Rest;
using EdgeNode.Scheduling;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// What streaming conditions cost ingest: rows handed to the streamer (<see cref="IDataIngest.AppendStreamingAsync"/>, the
/// path of REST PUT streaming, MQTT and the broker: journaled and fsynced before the call returns) by concurrent writers in
/// 1,000-row batches, on a node without the Scheduling module (the baseline), and on a node with it and no condition, one
/// condition, ten conditions on the table. The conditions test the row and never hold (the cost measured is the test of
/// every row, not the commands an alert would run). Configurations alternate, each run on a table of its own.
/// With <c>--rest</c>, the rows come as REST PUT streaming calls (JSON arrays of 1,000 rows, the clients in the same
/// process) to each node's REST server, and the rate is that of the acknowledged PUTs. With <c>--end-to-end</c>, the nodes
/// also run the operator (SQLite) as <c>rest-ingest</c> sets them up, and the clock stops when <c>select count(*)</c>
/// sees every row: the ingest rate a user gets.
/// </summary>
public sealed class StreamingConditionsBenchmark : IBenchmarkDriver
{
    private const string Dbms = "bench";

    private static readonly string[] TenConditions =
    [
        "[value] > 1000", "[value] < -1", "[value] == 12345.5", "[timestamp] startswith 1999", "[value] > 500 and [value] < 600",
        "[missing] == x", "not ([value] < 1000)", "[timestamp] contains T25:", "[value] >= 100.5 or [value] <= -100", "[value] != [value]",
    ];

    public string Name => "streaming-conditions";

    public string Description =>
        "Streaming ingest rows/s with 0, 1 and 10 streaming conditions next to a node without the feature [--rows 200000 --writers 4 --runs 3 --rest]";

    public async Task RunAsync(string[] arguments)
    {
        var rowCount = RestCommandBenchmark.Option(arguments, "--rows", 200_000);
        var writers = RestCommandBenchmark.Option(arguments, "--writers", 4);
        var runs = RestCommandBenchmark.Option(arguments, "--runs", 3);
        var endToEnd = arguments.Contains("--end-to-end");
        var rest = endToEnd || arguments.Contains("--rest");
        var rows = new IngestRows(rowCount);
        var batches = Batches(rows);
        var puts = new RestPutLoad(rows, 1000);
        var homes = new List<string>();
        var clientsToDispose = new List<HttpClient>();
        try
        {
            string Home() { var home = Directory.CreateTempSubdirectory("edgenode-bench-conditions-").FullName; homes.Add(home); return home; }
            await using var bare = new Node(new NodeOptions { Home = Home(), LocalIp = "127.0.0.1" });
            foreach (var module in NodeComposition.Modules().Where(m => m is not SchedulingModule)) bare.AddModule(module);
            await using var node = NodeComposition.Create(new NodeOptions { Home = Home(), LocalIp = "127.0.0.1" });
            var cases = new (string Name, Node Node, int Conditions)[]
            {
                ("node without streaming conditions (baseline)", bare, -1), ("with the feature, no condition", node, 0),
                ("1 condition on the table", node, 1), ("10 conditions on the table", node, 10),
            };
            var clients = new Dictionary<Node, HttpClient>();
            if (rest)
                foreach (var each in new[] { bare, node })
                {
                    var port = endToEnd ? await RestIngestBenchmark.StartNodeAsync(each, writers, 1024) : await StartRestAsync(each, writers);
                    clients[each] = RestCommandBenchmark.Client(port, writers);
                    clientsToDispose.Add(clients[each]);
                }
            var warmupPuts = new RestPutLoad(new IngestRows(50_000), 1000);
            Task Ingest(Node target, string table, IReadOnlyList<byte[]> part) =>
                endToEnd ? RestIngestBenchmark.IngestAsync(clients[target], part.Count == batches.Count ? puts : warmupPuts, writers, table, TimeSpan.FromMilliseconds(20))
                : rest ? puts.PutAllAsync(clients[target], writers, Dbms, table) : IngestAsync(target, table, part, writers);
            Console.WriteLine($"Streaming ingest{(endToEnd ? " by REST PUT until select count(*) sees every row (operator, SQLite)" : rest ? " by REST PUT" : "")}: {rowCount:N0} rows per run in 1,000-row batches, {writers} writers, journal fsynced per call, " +
                              $"{runs} alternating runs, {Environment.ProcessorCount} cores");
            var rates = cases.Select(_ => new List<double>()).ToArray();
            var cpu = cases.Select(_ => new List<double>()).ToArray(); // ns of process CPU per row: steadier than rows/s on a shared machine
            foreach (var warm in new[] { bare, node })
            {
                await Ingest(warm, "warmup", batches.Take(50).ToList());
                await ClearAsync(warm);
            }
            for (var run = 0; run < runs; run++)
            {
                for (var k = 0; k < cases.Length; k++)
                {
                    var c = (k + run) % cases.Length; // each case runs first, second, ... in turn
                    var table = $"t{c}_{run}";
                    for (var i = 0; i < cases[c].Conditions; i++)
                        await OkAsync(cases[c].Node, $"set streaming condition where dbms = {Dbms} and table = {table} if {TenConditions[i]} then echo never");
                    GC.Collect();
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    await Ingest(cases[c].Node, table, batches);
                    rates[c].Add(rowCount / clock.Elapsed.TotalSeconds);
                    cpu[c].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalNanoseconds / rowCount);
                    await ClearAsync(cases[c].Node);
                }
            }
            var conditions = node.Services.Get<IRowConditions>();
            foreach (var (table, count) in new[] { ($"t2_0", 1), ($"t3_0", 10) })
            {
                var best = double.MaxValue;
                for (var repeat = 0; repeat < 10; repeat++) // the best of 10; CPU time, so that other work on the machine does not count
                {
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    foreach (var batch in batches) conditions.Apply(Dbms, table, batch, 1000);
                    best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalNanoseconds / rowCount);
                }
                Console.WriteLine($"testing {count,2} condition(s) alone: {best:0} ns of CPU per row (best of 10 passes)");
            }
            Console.WriteLine($"{"case",-48}{"best rows/s",13}{"median",11}{"CPU ns/row",12}{"CPU vs baseline",17}");
            var baseline = RestCommandBenchmark.Median(cpu[0]);
            for (var c = 0; c < cases.Length; c++)
            {
                var perRow = RestCommandBenchmark.Median(cpu[c]);
                Console.WriteLine($"{cases[c].Name,-48}{rates[c].Max(),13:N0}{RestCommandBenchmark.Median(rates[c]),11:N0}{perRow,12:N0}{(perRow / baseline - 1) * 100,16:+0.0;-0.0}%");
            }
        }
        finally
        {
            foreach (var client in clientsToDispose) client.Dispose();
            foreach (var home in homes) Directory.Delete(home, recursive: true);
        }
    }

    private static List<byte[]> Batches(IngestRows rows)
    {
        var batches = new List<byte[]>();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i += 1000)
        {
            text.Clear();
            for (var r = i; r < Math.Min(rows.Count, i + 1000); r++) rows.AppendJson(text, r).Append('\n');
            batches.Add(Encoding.UTF8.GetBytes(text.ToString()));
        }
        return batches;
    }

    private static async Task IngestAsync(Node node, string table, IReadOnlyList<byte[]> batches, int writers)
    {
        var ingest = node.Services.Get<IDataIngest>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                var rows = batches[index];
                var result = await ingest.AppendStreamingAsync(new IngestBatch(Dbms, table, "0", "0", "json", rows, rows.Count((byte)'\n')), CancellationToken.None);
                if (result.IsError) throw new InvalidOperationException($"ingest failed: {result}");
            }
        })));
    }

    private static async Task<int> StartRestAsync(Node node, int writers)
    {
        var port = TestSupport.FreePort.Get();
        await OkAsync(node, $"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true and threads = {Math.Max(5, writers)}");
        return port;
    }

    /// <summary>Writes the buffered rows out and deletes the files, so no run carries the memory of the ones before it.</summary>
    private static async Task ClearAsync(Node node)
    {
        await OkAsync(node, "flush buffers");
        foreach (var file in Directory.EnumerateFiles(node.Dictionary.Get("watch_dir")!)) File.Delete(file);
        foreach (var kept in new[] { "archive_dir", "bkup_dir" }) // the files the operator loaded (end to end)
            if (node.Dictionary.Get(kept) is { } dir && Directory.Exists(dir))
                foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.Delete(file);
    }

    private static async Task OkAsync(Node node, string command)
    {
        var result = await node.Dispatcher.ExecuteAsync(command, CommandSource.Cli, CancellationToken.None);
        if (result.IsError) throw new InvalidOperationException($"'{command}' failed: {result.ErrorLine}");
    }
}
