using System.Diagnostics.Metrics;
using EdgeNode.Core;
using EdgeNode.Core.Metrics;
using Prometheus;

namespace EdgeNode.Network.Monitoring;

/// <summary>
/// <c>GET /metrics</c>: the node's figures in the Prometheus text format, written by prometheus-net from a registry of
/// this node's own (nodes sharing a process do not mix). On each scrape the sources of <see cref="NodeMetrics"/> are read
/// and copied into the registry's counters and gauges (series that a source no longer reports are removed); the query
/// latency histogram is fed as queries end, through a listener on the node's <see cref="Meter"/>. The standard
/// <c>process_*</c> and <c>dotnet_*</c> figures come from prometheus-net's <see cref="DotNetStats"/>.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>Query latency buckets in seconds: from a local answer (ms) to a network query at its timeout.</summary>
    private static readonly double[] LatencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Node _node;
    private readonly CollectorRegistry _registry;
    private readonly IMetricFactory _factory;
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Gauge> _gauges = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;
    private readonly SemaphoreSlim _scrape = new(1, 1);

    static PrometheusExporter() => Metrics.SuppressDefaultMetrics(); // the process-wide default registry is never used

    public PrometheusExporter(Node node)
    {
        _node = node;
        _registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(_registry);
        DotNetStats.Register(_registry);
        var latency = _factory.CreateHistogram("edgenode_query_duration_seconds",
            "network queries by the time from their start to their last reply row (as 'get queries time' counts them)",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        var instrument = node.Metrics.QueryLatency;
        _listener = new MeterListener
        {
            InstrumentPublished = (published, listener) =>
            {
                if (ReferenceEquals(published, instrument)) listener.EnableMeasurementEvents(published);
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => latency.Observe(seconds));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads every source and writes the exposition text (one scrape at a time).</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellation)
    {
        await _scrape.WaitAsync(cancellation);
        try
        {
            Update(_node.Metrics.Collect(_node.Log));
            using var text = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(text, cancellation);
            return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
        }
        finally
        {
            _scrape.Release();
        }
    }

    private void Update(List<MetricSample> samples)
    {
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            var key = string.Join('\u001f', sample.LabelValues);
            if (!seen.TryGetValue(sample.Name, out var series)) seen[sample.Name] = series = new HashSet<string>(StringComparer.Ordinal);
            series.Add(key);
            if (sample.Kind == MetricKind.Counter)
            {
                var counter = Collector(_counters, sample, (name, help, labels) => _factory.CreateCounter(name, help, labels));
                if (sample.LabelValues.Length == 0) counter.IncTo(sample.Value);
                else counter.WithLabels(sample.LabelValues).IncTo(sample.Value);
            }
            else
            {
                var gauge = Collector(_gauges, sample, (name, help, labels) => _factory.CreateGauge(name, help, labels));
                if (sample.LabelValues.Length == 0) gauge.Set(sample.Value);
                else gauge.WithLabels(sample.LabelValues).Set(sample.Value);
            }
        }
        foreach (var (name, counter) in _counters) RemoveUnseen(name, counter, seen);
        foreach (var (name, gauge) in _gauges) RemoveUnseen(name, gauge, seen);
    }

    private static T Collector<T>(Dictionary<string, T> collectors, MetricSample sample, Func<string, string, string[], T> create)
    {
        if (!collectors.TryGetValue(sample.Name, out var collector))
            collectors[sample.Name] = collector = create(sample.Name, sample.Help, sample.LabelNames);
        return collector;
    }

    /// <summary>A table dropped, a peer forgotten: series the sources did not report this time leave the output.</summary>
    private static void RemoveUnseen<TChild>(string name, Collector<TChild> collector, Dictionary<string, HashSet<string>> seen)
        where TChild : ChildBase
    {
        if (collector.LabelNames.Length == 0) return;
        seen.TryGetValue(name, out var series);
        foreach (var labels in collector.GetAllLabelValues().ToList())
            if (series is null || !series.Contains(string.Join('\u001f', labels))) collector.RemoveLabelled(labels);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }
}
