using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Metadata;

/// <summary>
/// Outcome of <see cref="IPolicyPublisher.PublishAsync"/>: the policy as stored (with id, date, defaults), or an error
/// with its code. <see cref="QueuedForMaster"/> is true when the master was not reached and the policy waits in the
/// pending list for the next sync.
/// </summary>
public sealed record PublishResult(Policy? Policy, ErrorCode Code, string Message, bool QueuedForMaster = false)
{
    public bool Ok => Code == ErrorCode.Success;

    public static PublishResult Success(Policy policy, bool queued = false, string message = "") =>
        new(policy, ErrorCode.Success, message, queued);

    public static PublishResult Failure(ErrorCode code, string message) => new(null, code, message);
}
