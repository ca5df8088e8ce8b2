using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// The destination of <c>run client (...)</c>: explicit peers, a command whose output lists them
/// (<c>blockchain get operator bring.ip_port</c>), or none (<c>()</c>: the metadata picks the operators of a query),
/// with the <c>subset</c> and <c>timeout</c> options.
/// </summary>
internal sealed record ClientDestination
{
    public IReadOnlyList<IpPort> Peers { get; init; } = [];

    /// <summary>A command run on this node whose output lists the destinations.</summary>
    public string? Lookup { get; init; }

    public bool IsNetwork => Peers.Count == 0 && Lookup is null;

    public TimeSpan Timeout { get; init; } = PeerRequest.DefaultTimeout;

    public bool Subset { get; init; }
}
