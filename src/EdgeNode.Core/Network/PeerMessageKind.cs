namespace EdgeNode.Core.Network;

/// <summary>What a <see cref="PeerJobMessage"/> carries.</summary>
public enum PeerMessageKind : byte
{
    /// <summary>A command's output (<c>print</c>).</summary>
    Print,
    /// <summary>A message or an error text (<c>echo</c>).</summary>
    Echo,
    /// <summary>Query rows (<c>job reply</c>).</summary>
    JobReply,
    /// <summary>A file sent for this job landed on this node (the answer to <c>file get</c>).</summary>
    FileReceived,
    /// <summary>This node could not deliver the request to the destination; <see cref="PeerJobMessage.Text"/> says why.</summary>
    SendFailed,
}
