using System.Collections.Concurrent;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Monitoring;

/// <summary>
/// What the node learned of each peer it sent to (every send reports whether the peer answered): the last outcome, the
/// errors counted, the last error and when. Feeds the metrics (peer errors, peers not responding) and the status page.
/// Bounded: past <see cref="Capacity"/> peers, new ones are not tracked (a network that large is counted in aggregate).
/// </summary>
internal sealed class PeerHealth
{
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, PeerState> _peers = new(StringComparer.Ordinal);
    private long _errors;
    private long _untracked;

    /// <summary>Errors of every peer, those not tracked included.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public void Report(PeerStatusEventArgs status, DateTime now)
    {
        if (!status.Responding) Interlocked.Increment(ref _errors);
        var key = status.Peer.ToString();
        if (!_peers.TryGetValue(key, out var state))
        {
            if (_peers.Count >= Capacity)
            {
                Interlocked.Increment(ref _untracked);
                return;
            }
            state = _peers.GetOrAdd(key, _ => new PeerState(key));
        }
        state.Report(status.Responding, status.Reason, now);
    }

    /// <summary>Every tracked peer, by address.</summary>
    public IReadOnlyList<PeerState.Snapshot> Peers() => [.. _peers.Values.Select(p => p.Read()).OrderBy(p => p.Address, StringComparer.Ordinal)];
}
