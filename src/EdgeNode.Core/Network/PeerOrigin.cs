using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Network;

/// <summary>
/// Who sent the command being executed, when it came from a peer: where to reply and the job fields to echo. The TCP
/// server sets <see cref="Current"/> while the command runs, so a handler that streams its answer itself (a SQL query
/// sending <c>job reply</c> blocks) can reach the requester; it then calls <see cref="MarkReplied"/> and the server does
/// not send the usual <c>print</c> reply.
/// </summary>
public sealed class PeerOrigin(IpPort replyAddress, int jobLocation, uint jobId, int receivers, int receiverId)
{
    private static readonly AsyncLocal<PeerOrigin?> Ambient = new();
    private int _replied;

    public static PeerOrigin? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public IpPort ReplyAddress { get; } = replyAddress;
    public int JobLocation { get; } = jobLocation;
    public uint JobId { get; } = jobId;
    public int Receivers { get; } = receivers;
    public int ReceiverId { get; } = receiverId;

    /// <summary>
    /// The sender asked for a confirmation of a command that has nothing to print (header byte 49, which EdgeLake does
    /// not use): EdgeNode nodes ask it of the master they publish to; an EdgeLake node expects an answer only on error.
    /// </summary>
    public bool ConfirmationAsked { get; init; }

    /// <summary>
    /// The data the message carried after its command, as text (AnyLog puts some arguments there, e.g. the file ids of
    /// <c>file deliver</c>); null when there was none.
    /// </summary>
    public string? Data { get; init; }

    public bool Replied => Volatile.Read(ref _replied) != 0;

    public void MarkReplied() => Volatile.Write(ref _replied, 1);
}
