namespace EdgeNode.Core.Metrics;

/// <summary>
/// A part of the node that reports figures when the metrics are read (a Prometheus scrape, the status page). Sources read
/// what the node already counts; nothing is computed on the hot paths for them. Collect must be quick and must not throw.
/// </summary>
public interface IMetricsSource
{
    void Collect(ICollection<MetricSample> samples);
}
