using System.Diagnostics;
using System.Globalization;
using EdgeNode.Benchmarks.Network;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.TestSupport;

namespace EdgeNode.Benchmarks.Query;

/// <summary>
/// Network queries on loopback (issue 8): three SQLite operators sharing the rows, a query node, all in this process with
/// real TCP servers; the queries go through the dispatcher as a REST caller's do. Next to them in the same run: the same
/// query on one local SQLite database holding every row, the operator's share on its own database (the database work a
/// network query waits for), and the network query over an empty table (the network path alone).
/// </summary>
public sealed class NetworkQueryBenchmark : IBenchmarkDriver
{
    private const string Create =
        "CREATE TABLE IF NOT EXISTS readings(device_name VARCHAR, timestamp TIMESTAMP NOT NULL, value FLOAT); CREATE INDEX readings_timestamp_index ON readings(timestamp);";

    public string Name => "network-query";

    public string Description => "run client () sql count(*) and 1-day increments over 3 operators, p50/p99 next to one local SQLite db [--rows 1000000 --count 300 --increments 15]";

    public async Task RunAsync(string[] arguments)
    {
        var rows = Option(arguments, "--rows", 1_000_000);
        var countCalls = Option(arguments, "--count", 300);
        var incrementCalls = Option(arguments, "--increments", 15);
        await using var network = await QueryNetwork.StartAsync(["type = sqlite", "type = sqlite", "type = sqlite"],
            [("readings", Create), ("empty", Create.Replace("readings", "empty", StringComparison.Ordinal))]);
        await QueryNetwork.RunAsync(network.QueryNode, "connect dbms baseline where type = sqlite");
        var baseline = network.QueryNode.Services.Get<IDbmsRegistry>().Find("baseline")!;
        await baseline.CreateTableAsync(Create);
        var clock = Stopwatch.StartNew();
        await LoadAsync(baseline, network, rows);
        Console.WriteLine($"Loaded {rows:N0} rows (10 days, one every {864_000.0 / rows:0.###} s) into the local database and over 3 operators in {clock.Elapsed.TotalSeconds:0.0} s");

        var queryNode = network.QueryNode;
        var operatorNode = network.Operators[0].Node;
        const string count = "select count(*) from readings";
        const string increments = "select increments(day, 1, timestamp), count(*), avg(value), min(value), max(value) from readings";
        // what each operator runs for the network increments (the query node sends it; SQLite's date_trunc)
        const string operatorShare = "select strftime('%Y-%m-%d 00:00:00.000000', timestamp) as day, count(*), sum(value), count(value), min(value), " +
                                     "max(value) from readings group by day";
        const string grouped = "select count(*), avg(value), min(value), max(value) from readings group by strftime('%Y-%m-%d', timestamp) " +
                               "order by strftime('%Y-%m-%d', timestamp)";
        var expectedCount = await Run(queryNode, $"sql baseline stat = false \"{count}\"");
        Check(await Run(queryNode, $"run client () sql test stat = false \"{count}\""), expectedCount);
        Check(await Run(queryNode, $"run client () sql test stat = false \"{increments}\""), await Run(queryNode, $"sql baseline stat = false \"{grouped}\""));

        Console.WriteLine($"Latency of one query at a time, {Environment.ProcessorCount} cores, operators and query node in this process on 127.0.0.1");
        (string Name, Node Node, string Line, int Calls)[] cases =
        [
            ($"count(*): one local SQLite db, {rows:N0} rows", queryNode, $"sql baseline \"{count}\"", countCalls),
            ($"count(*): one operator's db alone, {rows / 3:N0} rows", operatorNode, $"sql test \"{count}\"", countCalls),
            ("count(*): network, empty table (network path only)", queryNode, "run client () sql test \"select count(*) from empty\"", countCalls),
            ($"count(*): network, 3 operators, {rows:N0} rows", queryNode, $"run client () sql test \"{count}\"", countCalls),
            ($"1-day increments: one local SQLite db, {rows:N0} rows", queryNode, $"sql baseline \"{grouped}\"", incrementCalls),
            ($"1-day increments: one operator's db alone, {rows / 3:N0} rows", operatorNode, $"sql test \"{operatorShare}\"", incrementCalls),
            ($"1-day increments: network, 3 operators, {rows:N0} rows", queryNode, $"run client () sql test \"{increments}\"", incrementCalls),
        ];
        foreach (var (name, node, line, calls) in cases)
        {
            await Latencies.MeasureAsync("warm-up", Math.Max(3, calls / 10), 1, () => Run(node, line));
            Console.WriteLine(await Latencies.MeasureAsync(name, calls, 1, () => Run(node, line)));
        }
    }

    /// <summary>Rows one every 0.864 s over 10 days (for 1M rows); row i goes to the local database and to operator i mod 3.</summary>
    private static async Task LoadAsync(IDbms baseline, QueryNetwork network, int rows)
    {
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var step = 864_000.0 / rows;
        IEnumerable<object?[]> Rows(int modulo, int remainder)
        {
            for (var i = remainder; i < rows; i += modulo)
                yield return [$"dev-{i % 50}", start.AddSeconds(i * step), i % 1000 / 4.0];
        }
        string[] columns = ["device_name", "timestamp", "value"];
        await QueryNetwork.LoadAsync(baseline, "readings", columns, Rows(1, 0));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => QueryNetwork.LoadAsync(network.OperatorDbms(i), "readings", columns, Rows(3, i))));
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
}
