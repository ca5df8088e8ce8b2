using System.Diagnostics;
using System.Globalization;
using System.Net;
using EdgeNode.Core;
using EdgeNode.TestSupport;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Benchmarks.Rest;

/// <summary>
/// Command calls over REST: <c>get status</c> sent as AnyLog clients send it (GET, <c>command</c> header,
/// <c>User-Agent: AnyLog/1.23</c>) to a real node's REST server, next to a bare Kestrel endpoint that answers the same text,
/// measured in the same run with the same client: calls/s with several clients, p50/p99 latency with one.
/// </summary>
public sealed class RestCommandBenchmark : IBenchmarkDriver
{
    public string Name => "rest-command";

    public string Description => "REST 'get status' calls/s and p50/p99 latency, next to a bare Kestrel endpoint [--seconds 5 --clients 4]";

    public async Task RunAsync(string[] arguments)
    {
        var seconds = Option(arguments, "--seconds", 5);
        var clients = Option(arguments, "--clients", 4);
        var home = Directory.CreateTempSubdirectory("edgenode-bench-").FullName;
        try
        {
            await using var node = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
            var nodePort = FreePort.Get();
            var started = await node.Dispatcher.ExecuteAsync(
                $"run rest server where internal_ip = 127.0.0.1 and internal_port = {nodePort} and bind = true and threads = {Math.Max(5, clients)}",
                Core.Commands.CommandSource.Cli);
            if (started.IsError) throw new InvalidOperationException(started.ErrorLine);
            var expected = (await node.Dispatcher.ExecuteAsync("get status", Core.Commands.CommandSource.Cli)).Text;
            // the floor: Kestrel answering the same text without any processing
            await using var bare = await BareKestrel.StartAsync(context =>
            {
                context.Response.ContentType = "text";
                return context.Response.WriteAsync(expected);
            });

            Console.WriteLine($"REST command calls: GET 'get status', {clients} clients for calls/s, 1 client for latency, " +
                              $"{Rounds} alternating rounds of {seconds} s each (median shown), 127.0.0.1");
            (string Name, int Port)[] targets = [("bare Kestrel (baseline)", bare.Port), ("EdgeNode REST get status", nodePort)];
            var results = targets.Select(_ => new List<(double Rate, double P50, double P99)>()).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var t = 0; t < targets.Length; t++)
                {
                    using var http = Client(targets[t].Port, clients);
                    await MeasureThroughputAsync(http, expected, clients, TimeSpan.FromSeconds(1)); // warm-up: JIT, connections
                    var rate = await MeasureThroughputAsync(http, expected, clients, TimeSpan.FromSeconds(seconds));
                    var (p50, p99) = await MeasureLatencyAsync(http, expected, TimeSpan.FromSeconds(seconds));
                    results[t].Add((rate, p50, p99));
                }
            }
            Console.WriteLine($"{"endpoint",-28}{"calls/s",12}{"p50 ms",10}{"p99 ms",10}");
            for (var t = 0; t < targets.Length; t++)
            {
                var r = results[t];
                Console.WriteLine($"{targets[t].Name,-28}{Median(r.Select(x => x.Rate)),12:N0}{Median(r.Select(x => x.P50)),10:0.000}" +
                                  $"{Median(r.Select(x => x.P99)),10:0.000}");
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private const int Rounds = 3;

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static async Task<double> MeasureThroughputAsync(HttpClient http, string expected, int clients, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var calls = 0L;
            while (stop.Elapsed < duration)
            {
                await CallAsync(http, expected);
                calls++;
            }
            return calls;
        }));
        return counts.Sum() / stop.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P99)> MeasureLatencyAsync(HttpClient http, string expected, TimeSpan duration)
    {
        var samples = new List<double>(100_000);
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            await CallAsync(http, expected);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)]);
    }

    private static async Task CallAsync(HttpClient http, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("command", "get status");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || text != expected)
            throw new InvalidOperationException($"unexpected reply {(int)response.StatusCode}: {text}");
    }

    /// <summary>An HTTP client as AnyLog clients are (keep-alive, <c>User-Agent: AnyLog/1.23</c>) with one connection per caller.</summary>
    internal static HttpClient Client(int port, int clients)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        return http;
    }

    internal static int Option(string[] arguments, string name, int fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? int.Parse(arguments[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
