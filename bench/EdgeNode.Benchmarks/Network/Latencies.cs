using System.Diagnostics;

namespace EdgeNode.Benchmarks.Network;

/// <summary>Round-trip times of one benchmark run: rate, p50, p99.</summary>
internal sealed class Latencies(string name)
{
    private readonly List<double> _milliseconds = [];
    private double _elapsedSeconds;

    /// <summary>Runs <paramref name="roundTrip"/> <paramref name="count"/> times by <paramref name="concurrency"/> callers.</summary>
    public static async Task<Latencies> MeasureAsync(string name, int count, int concurrency, Func<Task> roundTrip)
    {
        var latencies = new Latencies(name);
        var perCaller = count / concurrency;
        var clock = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var own = new List<double>(perCaller);
            for (var i = 0; i < perCaller; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await roundTrip();
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return own;
        }).ToArray();
        foreach (var own in await Task.WhenAll(callers)) latencies._milliseconds.AddRange(own);
        latencies._elapsedSeconds = clock.Elapsed.TotalSeconds;
        return latencies;
    }

    public double PerSecond => _milliseconds.Count / _elapsedSeconds;

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public override string ToString() =>
        $"{name,-44} {PerSecond,10:N0} round trips/s   p50 {Percentile(50),7:0.000} ms   p99 {Percentile(99),7:0.000} ms";
}
