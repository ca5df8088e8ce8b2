using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Network;

/// <summary>
/// Talks to peer nodes over the AnyLog TCP protocol (SPEC §3): sends a command to one or more <c>ip:port</c> destinations
/// and collects their replies, streams <c>job reply</c> rows back to a waiting caller, and sends files. Implemented by the
/// Network project and registered in <c>node.Services</c>; other projects use it without referencing Network.
/// Replies arrive through the node's TCP server, so it must be running (<c>run tcp server</c>).
/// </summary>
public interface IPeerClient
{
    /// <summary>True when the TCP server runs, so replies can reach this node.</summary>
    bool CanReceiveReplies { get; }

    /// <summary>
    /// Sends <see cref="PeerRequest.Command"/> to every destination and waits until each one replied, failed, or the
    /// request's timeout passed. Returns one reply per destination, in destination order.
    /// </summary>
    Task<IReadOnlyList<PeerReply>> SendAsync(PeerRequest request, CancellationToken cancellation);

    /// <summary>
    /// Sends the command and returns at once with a job whose <see cref="IPeerJob.Messages"/> stream every reply
    /// (print/echo texts, <c>job reply</c> rows per partition, send failures) until all destinations finished or the
    /// timeout passed. Dispose the job to free its slot.
    /// </summary>
    Task<IPeerJob> StartJobAsync(PeerRequest request, CancellationToken cancellation);

    /// <summary>
    /// Sends a local file as a <c>file write</c> transfer. <paramref name="destinationName"/> is a path on the peer
    /// (<c>!var</c> resolved there) for <see cref="FileTransferTarget.Path"/>, a file name for the other targets. Waits for
    /// the peer's confirmation (an EdgeNode peer checks the file hash before the file lands) up to <paramref name="timeout"/>.
    /// </summary>
    Task<PeerReply> SendFileAsync(IpPort destination, string sourcePath, string destinationName, FileTransferTarget target,
        TimeSpan timeout, CancellationToken cancellation);

    /// <summary>
    /// Answers the command being executed with a file: sends <paramref name="sourcePath"/> to the node that sent the
    /// command (<paramref name="origin"/> is <see cref="PeerOrigin.Current"/>) as a <c>file write</c> to
    /// <paramref name="destinationPath"/> (a path on that node), with the job fields of the request so the requester's
    /// waiting job completes when the file lands. Marks the origin replied.
    /// </summary>
    Task SendFileReplyAsync(PeerOrigin origin, string sourcePath, string destinationPath, CancellationToken cancellation);

    /// <summary>
    /// Streams query rows (<c>{"Query":[{...}]}</c> JSON strings) back to the node that sent the command being executed, as
    /// <c>job reply</c> blocks (SPEC §3.1 Query results). <paramref name="origin"/> is <see cref="PeerOrigin.Current"/>.
    /// </summary>
    Task SendJobReplyAsync(PeerOrigin origin, IAsyncEnumerable<string> rows, JobReplyInfo info, CancellationToken cancellation);

    /// <summary>
    /// Raised when a peer answers (Responding) or cannot be reached / does not answer in time. The metadata layer marks
    /// operators <c>not_responding</c> from it.
    /// </summary>
    event EventHandler<PeerStatusEventArgs>? PeerStatusChanged;

    /// <summary>Raised after a file sent by a peer landed (renamed to its final name), e.g. a ledger from the master.</summary>
    event EventHandler<PeerFileReceivedEventArgs>? FileReceived;
}
