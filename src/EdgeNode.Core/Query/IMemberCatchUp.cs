namespace EdgeNode.Core.Query;

/// <summary>
/// Whether this node, a member of an HA cluster, still lacks files the other members of its cluster held when its data
/// consumer first compared with them (it was down, or new): until it has loaded them, the queries of peers are refused
/// with <see cref="Commands.ErrorCode.MemberCatchingUp"/> so that another member answers for the cluster instead of this
/// one answering with part of the rows (SPEC §9). Implemented by the Cluster module.
/// </summary>
public interface IMemberCatchUp
{
    /// <summary>Why this member cannot answer for its cluster yet; null once it holds what the others held.</summary>
    ValueTask<string?> LaggingAsync(CancellationToken cancellation);
}
