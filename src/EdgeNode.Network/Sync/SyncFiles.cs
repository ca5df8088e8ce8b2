using System.Globalization;
using System.Text.RegularExpressions;
using EdgeNode.Core;

namespace EdgeNode.Network.Sync;

/// <summary>
/// The file names of the sync conversation (SPEC §2): the node names its <c>!blockchain_new</c> path, the master sends its
/// ledger under that name with <c>master_id_&lt;k&gt;</c> in it, k cycling 1..9. An EdgeNode master sends
/// <c>&lt;path&gt;.master_id_&lt;k&gt;.json</c>; an EdgeLake master puts it before the extension
/// (<c>blockchain.master_id_3.new</c> for <c>blockchain.new</c>): a node takes both.
/// </summary>
internal static partial class SyncFiles
{
    /// <summary>The node's <c>!blockchain_new</c>: the name it gives the master, and where a master exports its table.</summary>
    public static string NewFile(Node node) =>
        node.Dictionary.Get("blockchain_new") is { Length: > 0 } file ? file : Path.Combine(node.Paths.BlockchainDir, "blockchain.new");

    public static string TransferName(string callerFile, int counter) =>
        string.Create(CultureInfo.InvariantCulture, $"{callerFile}.master_id_{counter}.json");

    /// <summary>True for a ledger a master sent (<c>*.master_id_&lt;k&gt;[.extension]</c>).</summary>
    public static bool IsTransfer(string path) => TransferSuffix().IsMatch(path);

    /// <summary>Transfers of an earlier run that were never used (landed, or cut off by a crash), next to <paramref name="newFile"/>.</summary>
    public static IEnumerable<string> Leftovers(string newFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(newFile))!;
        if (!Directory.Exists(directory)) return [];
        var name = Path.GetFileName(newFile);
        var stem = Path.GetFileNameWithoutExtension(newFile);
        return Directory.EnumerateFiles(directory, name + ".master_id_*")
            .Concat(stem != name ? Directory.EnumerateFiles(directory, stem + ".master_id_*") : [])
            .Where(IsTransfer)
            .Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\.master_id_[1-9](\.[^./\\]+)?$")]
    private static partial Regex TransferSuffix();
}
