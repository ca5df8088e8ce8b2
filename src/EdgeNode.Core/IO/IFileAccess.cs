namespace EdgeNode.Core.IO;

/// <summary>
/// Which files of this node the network may reach: a peer's file transfers, and file paths named by data that arrives
/// (a message that points at a blob file). Implemented by the Network project (the rule of <c>get file access</c>:
/// the node root, the node's directories and those allowed with <c>set file access</c>); registered in
/// <c>node.Services</c>.
/// </summary>
public interface IFileAccess
{
    /// <summary>Null when the network may <paramref name="verb"/> (read, write) <paramref name="path"/> (a full path); else why not.</summary>
    string? Refusal(string path, string verb);
}
