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

    /// <summary>
    /// Transfers of an earlier run that were never used, next to <paramref name="newFile"/>: landed ones, and those a crash
    /// cut off (their partial copy, <c>&lt;transfer&gt;.&lt;id&gt;.transfer</c>), in either naming.
    /// </summary>
    public static IEnumerable<string> Leftovers(string newFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(newFile))!;
        if (!Directory.Exists(directory)) return [];
        string[] prefixes = [Path.GetFileName(newFile) + ".master_id_", Path.GetFileNameWithoutExtension(newFile) + ".master_id_"];
        return Directory.EnumerateFiles(directory, "*.master_id_*")
            .Where(file => prefixes.Any(prefix => Path.GetFileName(file).StartsWith(prefix, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"\.master_id_[1-9](\.[^./\\]+)?$")]
    private static partial Regex TransferSuffix();
}
