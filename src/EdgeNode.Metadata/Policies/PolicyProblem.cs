using EdgeNode.Core.Commands;

namespace EdgeNode.Metadata.Policies;

/// <summary>Why a policy is refused: an error code (87 for an operator without a valid cluster, as EdgeLake) and a message naming the attribute.</summary>
internal sealed record PolicyProblem(ErrorCode Code, string Message);
