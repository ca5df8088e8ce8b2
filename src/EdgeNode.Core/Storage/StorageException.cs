using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Storage;

/// <summary>
/// A storage failure for programmatic callers (the operator): a bad value, a missing table, a database error. Carries the
/// error code commands report; command handlers turn it into a <see cref="CommandResult"/> error.
/// </summary>
public sealed class StorageException(ErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorCode Code { get; } = code;

    /// <summary>
    /// The database could not be reached or could not take the write right now (server down, connection lost, disk
    /// full, locked): the same work can succeed later, so the operator keeps the file and retries instead of failing it.
    /// </summary>
    public bool IsTransient { get; init; }
}
