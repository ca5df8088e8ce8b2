namespace EdgeNode.Core.Network;

/// <summary>Reading the replies of a request the way <c>subset</c> asks.</summary>
public static class PeerReplies
{
    /// <summary>True when the request succeeded: every destination replied, or (subset) at least one did.</summary>
    public static bool IsComplete(PeerRequest request, IReadOnlyList<PeerReply> replies) =>
        request.Subset ? replies.Any(r => r.Replied) : replies.All(r => r.Replied);
}
