using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;

namespace EdgeNode.Benchmarks;

/// <summary>
/// Loads a 100,000-policy ledger (1,000 root clusters, 10,000 operators in 100 companies, 44,500 tables and as many
/// child clusters, written as EdgeLake writes them) and answers <c>blockchain get operator where company = x
/// bring.ip_port</c>. Baselines in the same run: parsing every line with System.Text.Json's JsonDocument (no index),
/// a linear scan of the policies for the same answer, and the dispatch of a trivial command.
/// </summary>
public sealed class MetadataLedgerBenchmark : IBenchmarkDriver
{
    public string Name => "metadata-ledger";

    public string Description => "load a 100k-policy ledger; blockchain get operator where company = x bring.ip_port";

    public async Task RunAsync(string[] arguments)
    {
        var count = arguments.Length > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 100_000;
        var home = Directory.CreateTempSubdirectory("edgenode-bench-ledger-").FullName;
        try
        {
            var file = Path.Combine(home, "EdgeLake", "blockchain", "blockchain.json");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllLinesAsync(file, LedgerGenerator.Lines(count));
            var bytes = new FileInfo(file).Length;
            Console.WriteLine($"Ledger: {count:N0} policies, {bytes / 1024.0 / 1024.0:F1} MB ({file})");

            var baselineLoad = Measure(5, () => ParseWithJsonDocument(file));
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            await using var node = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
            const string query = "blockchain get operator where company = \"company 42\" bring.ip_port";
            var cold = Stopwatch.StartNew();
            var first = await node.Dispatcher.ExecuteAsync(query, CommandSource.Cli);
            cold.Stop();
            if (first.IsError) throw new InvalidOperationException(first.ErrorLine);
            var answer = first.Text.Split(',').Length;
            var load = await MeasureAsync(5, () => node.Dispatcher.ExecuteAsync("blockchain load metadata", CommandSource.Cli));
            GC.Collect();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            await node.Dispatcher.ExecuteAsync(query, CommandSource.Cli); // builds the company index once after the reload
            var warm = await MeasureManyAsync(2000, () => node.Dispatcher.ExecuteAsync(query, CommandSource.Cli));
            var trivial = await MeasureManyAsync(2000, () => node.Dispatcher.ExecuteAsync("get version", CommandSource.Cli));
            var metadata = node.Services.Get<IMetadata>();
            var layer = Stopwatch.StartNew();
            var targets = metadata.GetQueryTargets("dbms_1", "table_1").Count;
            layer.Stop();
            var routing = MeasureMany(2000, () => metadata.GetQueryTargets("dbms_1", "table_1").Count);
            // a sync brings one more policy: the ledger is re-read, unchanged policies keep their parsed JSON
            await File.AppendAllTextAsync(file, "{\"table\": {\"name\": \"late\", \"dbms\": \"d\", \"id\": \"late1\"}}\n");
            var resync = Stopwatch.StartNew();
            await node.Dispatcher.ExecuteAsync("blockchain load metadata", CommandSource.Cli);
            metadata.GetQueryTargets("dbms_1", "table_1");
            resync.Stop();
            var policies = ParseWithJsonDocument(file);
            var scan = MeasureMany(200, () => LinearScan(policies, "company 42"));

            Console.WriteLine();
            Console.WriteLine($"{"measure",-58} {"median",12} {"p99",12}");
            Row("load: blockchain load metadata (read, parse, index)", load, null);
            Row("  baseline: JsonDocument.Parse of every line, no index", baselineLoad, null);
            Row("first query after start (includes the load)", [cold.Elapsed.TotalMilliseconds], null);
            Row($"query: {query[..40]}... ({answer} ip:port)", warm.Median, warm.P99);
            Row("  baseline: linear scan of 100k parsed policies", scan.Median, scan.P99);
            Row("  baseline: dispatch of 'get version'", trivial.Median, trivial.P99);
            Row($"first routing lookup (builds the metadata layer; {targets} target)", [layer.Elapsed.TotalMilliseconds], null);
            Row("routing lookup: IMetadata.GetQueryTargets(dbms, table)", routing.Median, routing.P99);
            Row("ledger changed by one policy: reload + layer rebuild + lookup", [resync.Elapsed.TotalMilliseconds], null);
            Console.WriteLine($"managed heap held by the loaded ledger: {(heap - heapBefore) / 1024.0 / 1024.0:F0} MB");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static void Row(string name, IReadOnlyList<double> samples, double? p99) =>
        Row(name, Percentile(samples, 0.5), p99);

    private static void Row(string name, double median, double? p99) =>
        Console.WriteLine($"{name,-58} {Format(median),12} {(p99 is { } p ? Format(p) : ""),12}");

    private static string Format(double ms) => ms >= 1 ? $"{ms:F1} ms" : $"{ms * 1000:F1} µs";

    private static List<double> Measure(int runs, Action action)
    {
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        return samples;
    }

    private static async Task<List<double>> MeasureAsync(int runs, Func<Task<CommandResult>> action)
    {
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
            if (result.IsError) throw new InvalidOperationException(result.ErrorLine);
        }
        return samples;
    }

    private static async Task<(double Median, double P99)> MeasureManyAsync(int runs, Func<Task<CommandResult>> action)
    {
        var samples = await MeasureAsync(runs, action);
        return (Percentile(samples, 0.5), Percentile(samples, 0.99));
    }

    private static (double Median, double P99) MeasureMany(int runs, Func<int> action)
    {
        var samples = Measure(runs, () => action());
        return (Percentile(samples, 0.5), Percentile(samples, 0.99));
    }

    private static double Percentile(IReadOnlyList<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    private static List<JsonDocument> ParseWithJsonDocument(string file)
    {
        var documents = new List<JsonDocument>(100_000);
        foreach (var line in File.ReadLines(file)) documents.Add(JsonDocument.Parse(line));
        return documents;
    }

    private static int LinearScan(List<JsonDocument> policies, string company)
    {
        var found = new List<string>();
        foreach (var document in policies)
        {
            var root = document.RootElement.EnumerateObject().First();
            if (root.Name != "operator" || !root.Value.TryGetProperty("company", out var c) || c.GetString() != company) continue;
            found.Add($"{root.Value.GetProperty("ip").GetString()}:{root.Value.GetProperty("port").GetInt32()}");
        }
        return string.Join(',', found).Length;
    }

    /// <summary>Policies shaped like those of a real EdgeLake network (see reference/edgelake-outputs).</summary>
    private static class LedgerGenerator
    {
        public static IEnumerable<string> Lines(int count)
        {
            var date = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var written = 0;
            string Line(string type, JsonObject body)
            {
                body["id"] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes($"{type}{written}")));
                body["date"] = date.AddMilliseconds(written).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                body["ledger"] = "global";
                written++;
                return PyJson.Serialize(new JsonObject { [type] = body });
            }
            var clusters = new List<(string Id, string Company)>();
            for (var c = 0; c < 1000 && written < count; c++)
            {
                var company = $"company {c % 100}";
                var line = Line("cluster", new JsonObject { ["company"] = company, ["name"] = $"cluster-{c}", ["status"] = "active" });
                clusters.Add((JsonNode.Parse(line)!["cluster"]!["id"]!.GetValue<string>(), company));
                yield return line;
            }
            for (var o = 0; o < 10_000 && written < count; o++)
            {
                var (cluster, company) = clusters[o % clusters.Count];
                yield return Line("operator", new JsonObject
                {
                    ["name"] = $"operator-{o}", ["company"] = company, ["hostname"] = $"host-{o}", ["ip"] = $"10.{o / 65536 % 256}.{o / 256 % 256}.{o % 256}",
                    ["port"] = 32148, ["rest_port"] = 32149, ["cluster"] = cluster, ["main"] = o % 3 == 0, ["loc"] = "0.0, 0.0",
                    ["country"] = "Unknown", ["state"] = "Unknown", ["city"] = "Unknown", ["member"] = o % 255 + 1,
                });
            }
            for (var t = 0; written < count; t++)
            {
                var table = $"table_{t}";
                yield return Line("table", new JsonObject
                {
                    ["name"] = table, ["dbms"] = $"dbms_{t % 50}",
                    ["create"] = $"CREATE TABLE IF NOT EXISTS {table}(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  " +
                                 $"tsd_name CHAR(3),  tsd_id INT,  timestamp timestamp not null default now(),  value decimal ); CREATE INDEX {table}_timestamp_index ON {table}(timestamp);",
                    ["source"] = "Processing JSON file",
                });
                if (written >= count) yield break;
                var (cluster, company) = clusters[t % clusters.Count];
                yield return Line("cluster", new JsonObject
                {
                    ["parent"] = cluster, ["name"] = $"cluster-{t % clusters.Count}", ["company"] = company,
                    ["table"] = new JsonArray(new JsonObject { ["dbms"] = $"dbms_{t % 50}", ["name"] = table, ["status"] = "active" }),
                    ["source"] = "Node at 10.0.0.1:32148", ["status"] = "active",
                });
            }
        }
    }
}
