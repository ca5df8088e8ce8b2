namespace EdgeNode.Core.Metrics;

/// <summary>
/// One figure of the node at the time it is read, as a metrics source reports it: its name (Prometheus style,
/// <c>edgenode_...</c>, counters ending in <c>_total</c>), kind, help text, value and labels. A metric name always comes
/// with the same label names; the values tell the series apart (a table, a process, a channel).
/// </summary>
public readonly record struct MetricSample(string Name, MetricKind Kind, string Help, double Value, string[] LabelNames, string[] LabelValues)
{
    private static readonly string[] None = [];

    public static MetricSample Gauge(string name, string help, double value) => new(name, MetricKind.Gauge, help, value, None, None);

    public static MetricSample Counter(string name, string help, double value) => new(name, MetricKind.Counter, help, value, None, None);

    public static MetricSample Gauge(string name, string help, double value, string label, string labelValue) =>
        new(name, MetricKind.Gauge, help, value, [label], [labelValue]);

    public static MetricSample Counter(string name, string help, double value, string label, string labelValue) =>
        new(name, MetricKind.Counter, help, value, [label], [labelValue]);
}
