namespace EdgeNode.Core.Metrics;

/// <summary>How a figure behaves over time: a counter only grows (Prometheus <c>_total</c>), a gauge goes up and down.</summary>
public enum MetricKind : byte
{
    Counter,
    Gauge,
}
