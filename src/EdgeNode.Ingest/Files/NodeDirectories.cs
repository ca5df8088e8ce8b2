using EdgeNode.Core;
using EdgeNode.Core.Hosting;

namespace EdgeNode.Ingest.Files;

/// <summary>A data directory of the node: its dictionary value (<c>!watch_dir</c>, <c>!blobs_dir</c>...), else its default under <c>EdgeLake/data</c>.</summary>
internal static class NodeDirectories
{
    public static string Get(Node node, string key)
    {
        if (node.Dictionary.Get(key) is { Length: > 0 } value) return value;
        var folder = NodePaths.DataDirectories.FirstOrDefault(d => d.Key == key).Folder ?? key.Replace("_dir", "", StringComparison.Ordinal);
        return Path.Combine(node.Paths.DataDir, folder);
    }
}
