namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// Bounds on what a peer may send, so that garbage or a hostile sender cannot exhaust the node: blocks of a message held
/// in memory, bytes of a file transfer and blocks of a streamed <c>job reply</c>. (How long a sender may stay silent is
/// an option of the server: <see cref="TcpServerOptions.IdleTimeout"/>.)
/// </summary>
internal sealed record MessageLimits
{
    /// <summary>Blocks of a command, print/echo text or <c>.lmsg</c> command held in memory (about 7.5 MB of payload).</summary>
    public int MaxInMemoryBlocks { get; init; } = 4096;

    public long MaxFileBytes { get; init; } = 16L << 30;

    /// <summary>Blocks of one <c>job reply</c> message (about 1.8 GB of rows); the job's timeout bounds it as well.</summary>
    public int MaxStreamBlocks { get; init; } = 1_000_000;
}
