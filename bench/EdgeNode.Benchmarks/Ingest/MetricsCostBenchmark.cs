using System.Diagnostics;
using EdgeNode.Core.Metrics;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// What the ingest counters cost: <see cref="NodeMetrics.RowsReceived"/> called by 8 threads at once (as 8 REST clients'
/// PUTs reach it, once per batch), next to the same threads doing the same loop without the counter (the baseline), in
/// the same run. The difference per call, set against the CPU a 1,000-row PUT costs end to end (rest-ingest), is the
/// share of ingest the metrics take.
/// </summary>
public sealed class MetricsCostBenchmark : IBenchmarkDriver
{
    /// <summary>CPU of a 1,000-row PUT end to end, from rest-ingest in docs/performance.md (6.7 µs a row).</summary>
    private const double PutCpuNanoseconds = 6.7e6;

    public string Name => "metrics-cost";

    public string Description => "ns per ingest counter add (8 threads contending) next to the same loop without it [--calls 20000000 --threads 8]";

    public Task RunAsync(string[] arguments)
    {
        var calls = Rest.RestCommandBenchmark.Option(arguments, "--calls", 20_000_000);
        var threads = Rest.RestCommandBenchmark.Option(arguments, "--threads", 8);
        using var metrics = new NodeMetrics();
        var sink = new long[threads * 8];
        for (var round = 0; round < 3; round++)
        {
            var baseline = Time(threads, calls, t => sink[t * 8] += 1_000);
            var counted = Time(threads, calls, t =>
            {
                sink[t * 8] += 1_000;
                metrics.RowsReceived(IngestChannel.Rest, 1_000);
            });
            var extra = Math.Max(0, counted - baseline);
            Console.WriteLine($"round {round + 1}: loop alone {baseline:F2} ns/call, with RowsReceived {counted:F2} ns/call; the counter adds {extra:F2} ns " +
                              $"per 1,000-row PUT = {extra / PutCpuNanoseconds * 100:F5}% of the PUT's {PutCpuNanoseconds / 1e6:F1} ms of CPU");
        }
        if (metrics.Received(IngestChannel.Rest) != 3L * (calls / threads) * threads * 1_000) throw new InvalidOperationException("counter lost adds");
        return Task.CompletedTask;
    }

    /// <summary>Wall-clock ns per call with <paramref name="threads"/> threads sharing <paramref name="calls"/> calls.</summary>
    private static double Time(int threads, int calls, Action<int> call)
    {
        var each = calls / threads;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < each; i++) call(t);
        });
        return clock.Elapsed.TotalNanoseconds / (each * threads);
    }
}
