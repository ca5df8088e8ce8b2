using System.Globalization;
using System.Text.RegularExpressions;
using EdgeNode.Core;

namespace EdgeNode.Network.Sync;

/// <summary>
/// The file names of the sync conversation (SPEC §2): the node names its <c>!blockchain_new</c> path, the master sends its
/// ledger as <c>&lt;that path&gt;.master_id_&lt;k&gt;.json</c> with k cycling 1..9, as EdgeLake does.
/// </summary>
internal static partial class SyncFiles
{
    /// <summary>The node's <c>!blockchain_new</c>: the name it gives the master, and where a master exports its table.</summary>
    public static string NewFile(Node node) =>
        node.Dictionary.Get("blockchain_new") is { Length: > 0 } file ? file : Path.Combine(node.Paths.BlockchainDir, "blockchain.new");

    public static string TransferName(string callerFile, int counter) =>
        string.Create(CultureInfo.InvariantCulture, $"{callerFile}.master_id_{counter}.json");

    /// <summary>True for a ledger a master sent (<c>*.master_id_&lt;k&gt;.json</c>).</summary>
    public static bool IsTransfer(string path) => TransferSuffix().IsMatch(path);

    /// <summary>Transfers of an earlier run that were never used (landed, or cut off by a crash), next to <paramref name="newFile"/>.</summary>
    public static IEnumerable<string> Leftovers(string newFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(newFile))!;
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, Path.GetFileName(newFile) + ".master_id_*")
            : [];
    }

    [GeneratedRegex(@"\.master_id_[1-9]\.json$")]
    private static partial Regex TransferSuffix();
}
