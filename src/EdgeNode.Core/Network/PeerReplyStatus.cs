namespace EdgeNode.Core.Network;

/// <summary>Outcome of a request for one destination.</summary>
public enum PeerReplyStatus : byte
{
    /// <summary>No answer yet (only seen while a job runs).</summary>
    Pending,
    /// <summary>The peer answered (its command may still have failed: see <see cref="PeerReply.ErrorCode"/>).</summary>
    Replied,
    /// <summary>The message could not be delivered (connection refused, reset, unknown host).</summary>
    Failed,
    /// <summary>The message was delivered but no answer came within the timeout.</summary>
    TimedOut,
}
