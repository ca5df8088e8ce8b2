namespace EdgeNode.Core.Output;

/// <summary>The <c>"Statistics"</c> of a query reply: rows returned, elapsed time, nodes that answered (0 for a local query).</summary>
public readonly record struct QueryStatistics(long Count, TimeSpan Time, int Nodes);
