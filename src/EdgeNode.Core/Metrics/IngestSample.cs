namespace EdgeNode.Core.Metrics;

/// <summary>The node's row totals at one time: received per <see cref="IngestChannel"/> (indexed by it) and loaded into tables.</summary>
public sealed record IngestSample(DateTime At, long[] Received, long Loaded);
