using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Network;

/// <summary>
/// A command for peers: the wire text (words separated by spaces; a word that holds spaces carries TABs instead, as
/// AnyLog sends SQL), the destinations, how long to wait for replies, and whether missing replies are tolerated.
/// </summary>
public sealed record PeerRequest(IReadOnlyList<IpPort> Destinations, string Command)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// <c>subset = true</c>: replies from some destinations are a valid (partial) answer. False: a destination that failed
    /// or did not answer in time makes the whole request fail. Either way every destination is waited for until the
    /// timeout, so the replies that did arrive are reported; see <see cref="PeerReplies.IsComplete"/>.
    /// </summary>
    public bool Subset { get; init; }
}
