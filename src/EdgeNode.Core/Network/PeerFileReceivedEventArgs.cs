namespace EdgeNode.Core.Network;

/// <summary>A file sent by a peer landed at <see cref="Path"/> (already renamed from its temporary name).</summary>
public sealed class PeerFileReceivedEventArgs(string path, FileTransferTarget target, string sender) : EventArgs
{
    public string Path { get; } = path;
    public FileTransferTarget Target { get; } = target;

    /// <summary>The sender's address as its header gave it (<c>ip:port</c>), or its socket IP.</summary>
    public string Sender { get; } = sender;
}
