using System.Collections.Concurrent;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// Which peers confirm what they took: a file transfer once the file landed, a <c>blockchain push</c> once the policy is in
/// the ledger. An EdgeNode peer does when the sender asks (header byte 49), so a sender learns that the file or policy is
/// durable there; an EdgeLake peer answers those only when they failed (it never reads the byte). Learned once per peer
/// from its <c>get version</c> answer (<c>EdgeNode Version: ...</c> or <c>EdgeLake Version: ...</c>) and kept while the
/// node runs; a peer that does not answer is asked again next time.
/// </summary>
internal sealed class ConfirmingPeers(Func<IpPort, CancellationToken, Task<PeerReply>> askVersion)
{
    private readonly ConcurrentDictionary<IpPort, bool> _known = new();

    public async Task<bool> ConfirmsAsync(IpPort peer, CancellationToken cancellation)
    {
        if (_known.TryGetValue(peer, out var confirms)) return confirms;
        var reply = await askVersion(peer, cancellation);
        if (reply.Status != PeerReplyStatus.Replied) return true; // unknown: wait for a confirmation as long as the caller allows
        confirms = reply.Text.TrimStart().StartsWith("EdgeNode", StringComparison.Ordinal);
        _known[peer] = confirms;
        return confirms;
    }
}
