using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>What a <c>file write</c> message produced: a landed file, a large command to execute, or why it was refused.</summary>
internal sealed record FileWriteResult(FileTransferTarget Target)
{
    public string? Path { get; init; }
    public string? LargeCommand { get; init; }
    public string? Error { get; init; }

    /// <summary>The error code sent back with <see cref="Error"/>.</summary>
    public ErrorCode Code { get; init; } = ErrorCode.FileError;

    public bool Landed => Path is not null;

    public static FileWriteResult Failed(FileTransferTarget target, string error) => new(target) { Error = error };
}
