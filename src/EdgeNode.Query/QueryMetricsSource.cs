using EdgeNode.Core;
using EdgeNode.Core.Metrics;
using EdgeNode.Core.Processes;
using EdgeNode.Query.Responder;

namespace EdgeNode.Query;

/// <summary>The query pool's threads (<c>run query pool</c>): how many there are and how many read a query now.</summary>
internal sealed class QueryMetricsSource(Node node) : IMetricsSource
{
    public void Collect(ICollection<MetricSample> samples)
    {
        var pool = node.Processes.Get<QueryPoolProcess>(ProcessNames.QueryPool) is { State: ProcessState.Running } running ? running : null;
        samples.Add(MetricSample.Gauge("edgenode_query_threads_busy", "query pool threads reading a query for a peer now", pool?.Busy ?? 0));
        samples.Add(MetricSample.Gauge("edgenode_query_threads", "query pool threads", pool?.Threads ?? 0));
    }
}
