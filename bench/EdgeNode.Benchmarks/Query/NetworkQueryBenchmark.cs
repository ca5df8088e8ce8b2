using System.Diagnostics;
using System.Globalization;
using EdgeNode.Benchmarks.Network;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.TestSupport;

namespace EdgeNode.Benchmarks.Query;

/// <summary>
/// Network queries on loopback (issue 8): three SQLite operators sharing the rows and a query node whose dispatcher runs
/// the queries as a REST caller's, TCP servers on 127.0.0.1. The operators are nodes of this process (the software path;
/// the thread pool is sized as three processes would have it), or with <c>--processes</c> <c>edgenode</c> processes (adds
/// the operating system's process wake-ups). Next to them in the same run: the same query on one local SQLite database
/// holding every row, an operator's share on its own database (the database work a network query waits for), and the
/// network query over an empty table (the network path alone).
/// </summary>
public sealed class NetworkQueryBenchmark : IBenchmarkDriver
{
    private const string Create =
        "CREATE TABLE IF NOT EXISTS readings(device_name VARCHAR, timestamp TIMESTAMP NOT NULL, value FLOAT); CREATE INDEX readings_timestamp_index ON readings(timestamp);";

    private static readonly string CreateEmpty = Create.Replace("readings", "empty", StringComparison.Ordinal);

    private static readonly string[] Columns = ["device_name", "timestamp", "value"];

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(5);

    public string Name => "network-query";

    public string Description =>
        "run client () sql count(*) and 1-day increments on 3 operators, p50/p99 next to one local SQLite db [--rows 1000000 --count 300 --increments 15 --processes]";

    public async Task RunAsync(string[] arguments)
    {
        var rows = Option(arguments, "--rows", 1_000_000);
        var countCalls = Option(arguments, "--count", 300);
        var incrementCalls = Option(arguments, "--increments", 15);
        var processes = arguments.Contains("--processes");
        ThreadPool.GetMinThreads(out var workers, out var io);
        // in-process operators block pool threads in SQLite as processes would block their own: give them threads
        if (!processes) ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount), io);
        string[] tables = processes ? [] : ["type = sqlite", "type = sqlite", "type = sqlite"];
        await using var network = await QueryNetwork.StartAsync(tables, [("readings", Create), ("empty", CreateEmpty)]);
        await using var operators = new OperatorProcesses();
        var clock = Stopwatch.StartNew();
        await QueryNetwork.RunAsync(network.QueryNode, "connect dbms baseline where type = sqlite");
        var baseline = network.QueryNode.Services.Get<IDbmsRegistry>().Find("baseline")!;
        await baseline.CreateTableAsync(Create);
        await QueryNetwork.LoadAsync(baseline, "readings", Columns, Rows(rows, 1, 0));
        for (var i = 0; i < 3; i++)
        {
            if (!processes)
            {
                await QueryNetwork.LoadAsync(network.OperatorDbms(i), "readings", Columns, Rows(rows, 3, i));
                continue;
            }
            var (name, address) = await operators.StartAsync(i, Rows(rows, 3, i));
            await network.PublishOperatorAsync(name, address);
        }
        Console.WriteLine($"Loaded {rows:N0} rows (10 days, one every {864_000.0 / rows:0.###} s) into the local database and over 3 operators " +
                          $"({(processes ? "edgenode processes" : "nodes of this process")}) in {clock.Elapsed.TotalSeconds:0.0} s");

        var queryNode = network.QueryNode;
        const string count = "select count(*) from readings";
        const string increments = "select increments(day, 1, timestamp), count(*), avg(value), min(value), max(value) from readings";
        // what each operator runs for the network increments (SQLite's date_trunc)
        const string operatorShare = "select strftime('%Y-%m-%d 00:00:00.000000', timestamp) as day, count(*), sum(value), count(value), min(value), " +
                                     "max(value) from readings group by day";
        const string grouped = "select count(*), avg(value), min(value), max(value) from readings group by strftime('%Y-%m-%d', timestamp) " +
                               "order by strftime('%Y-%m-%d', timestamp)";
        Check(await Run(queryNode, $"run client () sql test stat = false \"{count}\""), await Run(queryNode, $"sql baseline stat = false \"{count}\""));
        Check(await Run(queryNode, $"run client () sql test stat = false \"{increments}\""), await Run(queryNode, $"sql baseline stat = false \"{grouped}\""));

        Console.WriteLine($"Latency of one query at a time, {Environment.ProcessorCount} cores, 127.0.0.1");
        var share = processes ? operators.Reader : network.Operators[0].Node;
        (string Name, Node Node, string Line, int Calls)[] cases =
        [
            ($"count(*): one local SQLite db, {rows:N0} rows", queryNode, $"sql baseline \"{count}\"", countCalls),
            ($"count(*): one operator's share, {rows / 3:N0} rows", share, $"sql test \"{count}\"", countCalls),
            ("count(*): network, empty table (network path only)", queryNode, "run client () sql test \"select count(*) from empty\"", countCalls),
            ($"count(*): network, 3 operators, {rows:N0} rows", queryNode, $"run client () sql test \"{count}\"", countCalls),
            ($"1-day increments: one local SQLite db, {rows:N0} rows", queryNode, $"sql baseline \"{grouped}\"", incrementCalls),
            ($"1-day increments: one operator's share, {rows / 3:N0} rows", share, $"sql test \"{operatorShare}\"", incrementCalls),
            ($"1-day increments: network, 3 operators, {rows:N0} rows", queryNode, $"run client () sql test \"{increments}\"", incrementCalls),
        ];
        foreach (var (name, node, line, calls) in cases)
        {
            await WarmUpAsync(calls, () => Run(node, line));
            Console.WriteLine(await Latencies.MeasureAsync(name, calls, 1, () => Run(node, line)));
        }
    }

    /// <summary>
    /// Runs the query a tenth of the measured calls and for at least <see cref="WarmUpTime"/>: the tiered JIT compiles a
    /// method's optimized code only after 30 calls and a pause in new compilations, in every process of the network, so a
    /// short warm-up measured the operators' first, unoptimized code (a node that has been running answers with the other).
    /// </summary>
    private static async Task WarmUpAsync(int calls, Func<Task> query)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Math.Max(3, calls / 10) || clock.Elapsed < WarmUpTime; i++) await query();
    }

    /// <summary>Rows one every 0.864 s over 10 days (for 1M rows); every <paramref name="step"/>-th from <paramref name="first"/>.</summary>
    private static IEnumerable<object?[]> Rows(int rows, int step, int first)
    {
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var seconds = 864_000.0 / rows;
        for (var i = first; i < rows; i += step) yield return [$"dev-{i % 50}", start.AddSeconds(i * seconds), i % 1000 / 4.0];
    }

    private static async Task<string> Run(Node node, string line)
    {
        var result = await node.Dispatcher.ExecuteAsync(line, CommandSource.Rest);
        if (result.IsError) throw new InvalidOperationException($"'{line}' failed: {result.ErrorLine}");
        return result.Text;
    }

    /// <summary>The network answer must be the local one (JSON spacing of timestamp results aside).</summary>
    private static void Check(string network, string local)
    {
        if (network.Replace(" ", "", StringComparison.Ordinal) != local.Replace(" ", "", StringComparison.Ordinal))
            throw new InvalidOperationException($"the network answered\n{network}\nthe local database\n{local}");
    }

    private static int Option(string[] arguments, string name, int fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? int.Parse(arguments[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>
    /// Operators as <c>edgenode</c> processes. A node of this process writes each operator's database file first (bulk
    /// load), then the process opens it; that node stays open to read the operator's share for comparison (WAL readers).
    /// </summary>
    private sealed class OperatorProcesses : IAsyncDisposable
    {
        private readonly List<(NodeProcess Process, string Home)> _processes = [];
        private readonly List<Node> _loaders = [];

        public Node Reader => _loaders[0];

        public async Task<(string Name, string Address)> StartAsync(int index, IEnumerable<object?[]> rows)
        {
            var name = $"operator-{index + 1}";
            var home = Directory.CreateTempSubdirectory("edgenode-bench-op-").FullName;
            var loader = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
            _loaders.Add(loader);
            await QueryNetwork.RunAsync(loader, "connect dbms test where type = sqlite");
            var dbms = loader.Services.Get<IDbmsRegistry>().Find("test")!;
            await dbms.CreateTableAsync(Create);
            await dbms.CreateTableAsync(CreateEmpty);
            await QueryNetwork.LoadAsync(dbms, "readings", Columns, rows);
            var process = NodeProcess.Start(home);
            _processes.Add((process, home));
            var port = FreePort.Get();
            await process.SendAsync($"set node name {name}");
            await Expect(process, $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
            await Expect(process, "connect dbms test where type = sqlite");
            return (name, $"127.0.0.1:{port}");
        }

        private static async Task Expect(NodeProcess process, string command)
        {
            var output = await process.RunAsync(command);
            if (output.Contains("Error", StringComparison.Ordinal)) throw new InvalidOperationException($"'{command}' failed: {output}");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var loader in _loaders) await loader.DisposeAsync();
            foreach (var (process, home) in _processes)
            {
                await process.DisposeAsync();
                Directory.Delete(home, recursive: true);
            }
        }
    }
}
