using EdgeNode.Core;
using EdgeNode.Core.Metrics;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Sync;

namespace EdgeNode.Network.Monitoring;

/// <summary>
/// The network figures: errors per peer and the peers whose last message failed (routing marks them <c>not_responding</c>
/// and skips them), and the age of the last successful blockchain sync while the synchronizer runs.
/// </summary>
internal sealed class NetworkMetricsSource(Node node, PeerHealth peers) : IMetricsSource
{
    public void Collect(ICollection<MetricSample> samples)
    {
        var silent = 0;
        foreach (var peer in peers.Peers())
        {
            samples.Add(MetricSample.Counter("edgenode_peer_errors_total", "messages to the peer that failed (not delivered, or no reply in time)",
                peer.Errors, "peer", peer.Address));
            if (!peer.Responding) silent++;
        }
        samples.Add(MetricSample.Gauge("edgenode_operators_not_responding",
            "peers (operators a query or a publisher sent to) whose last message failed: marked not_responding and skipped by routing", silent));
        if (node.Processes.Get<BlockchainSyncProcess>(ProcessNames.BlockchainSync) is { State: ProcessState.Running } sync)
        {
            var last = sync.Statistics.LastSuccessStart;
            var age = last == DateTime.MinValue ? (node.Time.GetUtcNow().UtcDateTime - node.StartTime).TotalSeconds
                : (node.Time.GetUtcNow().UtcDateTime - last).TotalSeconds;
            samples.Add(MetricSample.Gauge("edgenode_sync_age_seconds",
                "seconds since the last successful blockchain sync started (since the node started when none succeeded yet)", Math.Max(0, age)));
        }
    }
}
