using EdgeNode.Core.Binding;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// Where a file goes, fixed once for the file: a cluster (any of its operators may take it) or one destination named by
/// <c>set data distribution</c>. The route is the name of the directory the file waits in
/// (<c>cluster.&lt;id&gt;</c>, <c>dest.&lt;ip&gt;%3A&lt;port&gt;</c>, escaped so that no id can name another directory), so a
/// restart keeps it: a file that may have reached one cluster never goes to another.
/// </summary>
internal sealed record PublishRoute(string? ClusterId, IpPort? Destination)
{
    private const string ClusterPrefix = "cluster.";
    private const string DestinationPrefix = "dest.";

    public static PublishRoute ToCluster(string clusterId) => new(clusterId, null);

    public static PublishRoute To(IpPort destination) => new(null, destination);

    /// <summary>The directory name under <c>watch_dir/.publisher</c>.</summary>
    public string DirectoryName =>
        ClusterId is { } cluster ? ClusterPrefix + Uri.EscapeDataString(cluster) : DestinationPrefix + Uri.EscapeDataString(Destination.ToString()!);

    /// <summary>The route a directory name stands for; null for a name the publisher did not write.</summary>
    public static PublishRoute? FromDirectoryName(string name)
    {
        if (name.StartsWith(ClusterPrefix, StringComparison.Ordinal) && name.Length > ClusterPrefix.Length)
            return ToCluster(Uri.UnescapeDataString(name[ClusterPrefix.Length..]));
        if (name.StartsWith(DestinationPrefix, StringComparison.Ordinal)
            && IpPort.TryParse(Uri.UnescapeDataString(name[DestinationPrefix.Length..]), out var destination))
            return To(destination);
        return null;
    }

    /// <summary>As <c>get publisher</c> shows it.</summary>
    public override string ToString() => ClusterId is { } cluster ? $"cluster {cluster}" : $"{Destination} (set data distribution)";
}
