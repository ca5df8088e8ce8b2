using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Network;

/// <summary>A peer answered (<see cref="Responding"/>) or did not (<see cref="Reason"/> says why).</summary>
public sealed class PeerStatusEventArgs(IpPort peer, bool responding, string reason) : EventArgs
{
    public IpPort Peer { get; } = peer;
    public bool Responding { get; } = responding;
    public string Reason { get; } = reason;
}
