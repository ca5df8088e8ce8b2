using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Network;

/// <summary>
/// What one destination answered: its text (a command's output, or the error it printed), or why there is none
/// (<see cref="PeerReplyStatus.Failed"/> with the reason, <see cref="PeerReplyStatus.TimedOut"/>).
/// </summary>
public sealed record PeerReply(IpPort Destination, PeerReplyStatus Status, string Text)
{
    /// <summary>The error code the peer put in its reply header (0 when its command succeeded).</summary>
    public int ErrorCode { get; init; }

    /// <summary>The peer flagged the text as JSON (generic flag 2).</summary>
    public bool IsJson { get; init; }

    public bool Replied => Status == PeerReplyStatus.Replied;
}
