using System.Collections.Concurrent;

namespace EdgeNode.Cluster.Distribution;

/// <summary>What the distributor did since the node started (kept across <c>exit distributor</c> / <c>run data distributor</c>).</summary>
internal sealed class DistributorStatistics
{
    private readonly ConcurrentDictionary<string, PeerDelivery> _peers = new(StringComparer.Ordinal);
    private long _archived;

    public long Archived => Interlocked.Read(ref _archived);

    public IReadOnlyList<PeerDelivery> Peers => _peers.Values.OrderBy(p => p.Member, StringComparer.Ordinal).ToList();

    public PeerDelivery Peer(ClusterMember member)
    {
        var peer = _peers.GetOrAdd(member.Member, m => new PeerDelivery(m, member.Name, member.Address.ToString()));
        lock (peer) (peer.Name, peer.Address) = (member.Name, member.Address.ToString());
        return peer;
    }

    public void Sent(PeerDelivery peer, long bytes, DateTime now)
    {
        lock (peer)
        {
            peer.Files++;
            peer.Bytes += bytes;
            peer.LastSent = now;
        }
    }

    public void Failed(PeerDelivery peer, string error, DateTime now)
    {
        lock (peer)
        {
            peer.Failures++;
            peer.LastError = error;
            peer.LastErrorTime = now;
        }
    }

    public void ArchivedOne() => Interlocked.Increment(ref _archived);
}
