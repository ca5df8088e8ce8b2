using System.Diagnostics.Metrics;

namespace EdgeNode.Core.Metrics;

/// <summary>
/// The node's figures for operators (Prometheus <c>/metrics</c>, the status page): the few counters that the hot paths
/// add to (rows received per channel, rows loaded: one interlocked add per batch, message or file, never per row), the
/// query latency histogram (a <see cref="System.Diagnostics.Metrics"/> instrument: recording costs nothing while no
/// listener is attached), and the sources that report the rest when the metrics are read.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    /// <summary>Longs between two counters: each on its own cache line, so channels fed by different threads do not contend.</summary>
    private const int Stride = 8;

    private static readonly int Channels = Enum.GetValues<IngestChannel>().Length;

    private readonly long[] _received = new long[Channels * Stride];
    private readonly long[] _loaded = new long[Stride];
    private readonly object _gate = new();
    private IMetricsSource[] _sources = [];

    public NodeMetrics()
    {
        Meter = new Meter("EdgeNode.Node");
        QueryLatency = Meter.CreateHistogram<double>("edgenode.query.duration", "s", "time from a network query's start to its last reply row");
    }

    /// <summary>This node's instruments (each node its own, so that nodes sharing a process are told apart).</summary>
    public Meter Meter { get; }

    /// <summary>Seconds a network query took (recorded where <c>get queries time</c> counts it).</summary>
    public Histogram<double> QueryLatency { get; }

    public IngestHistory History { get; } = new();

    public void RowsReceived(IngestChannel channel, long rows) => Interlocked.Add(ref _received[(int)channel * Stride], rows);

    public long Received(IngestChannel channel) => Interlocked.Read(ref _received[(int)channel * Stride]);

    /// <summary>Rows committed into a table by the operator (all tables; per table, the operator's own source reports them).</summary>
    public void RowsLoaded(long rows) => Interlocked.Add(ref _loaded[0], rows);

    public long Loaded => Interlocked.Read(ref _loaded[0]);

    public void AddSource(IMetricsSource source)
    {
        lock (_gate) _sources = [.. _sources, source];
    }

    /// <summary>Every source's figures now; a source that fails is skipped (and named in the log) rather than failing the read.</summary>
    public List<MetricSample> Collect(NodeLog log)
    {
        var samples = new List<MetricSample>(128);
        foreach (var source in Volatile.Read(ref _sources))
        {
            try
            {
                source.Collect(samples);
            }
            catch (Exception e)
            {
                log.Error($"Metrics source {source.GetType().Name} failed: {e.Message}");
            }
        }
        return samples;
    }

    /// <summary>The totals now, for <see cref="History"/>.</summary>
    public IngestSample Sample(DateTime at)
    {
        var received = new long[Channels];
        for (var i = 0; i < Channels; i++) received[i] = Received((IngestChannel)i);
        return new IngestSample(at, received, Loaded);
    }

    public void Dispose() => Meter.Dispose();
}
