using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Cluster.Distribution;

/// <summary>
/// What the distributor works with: <c>run data distributor [where cluster_id = .. and distr_dir = .. and archive_dir = ..]</c>
/// over the operator of this node (its cluster, member id and directories), resolved once that operator runs.
/// </summary>
internal sealed record DistributorOptions(string ClusterId, string SelfMember, string DistrDir, string ArchiveDir)
{
    /// <summary>The options given to the command; null where the operator's apply.</summary>
    public sealed record Given(string? ClusterId, string? DistrDir, string? ArchiveDir)
    {
        /// <summary>The options over <paramref name="self"/>, or null while it cannot distribute (no operator, no cluster, no member id).</summary>
        public DistributorOptions? Over(NodeOperator? self) =>
            self is null || self.Member is "" or "0" || (ClusterId ?? self.ClusterId) is not { Length: > 0 } cluster
                ? null
                : new DistributorOptions(cluster, self.Member, DistrDir ?? self.DistrDir, ArchiveDir ?? self.ArchiveDir);
    }

    public static readonly OptionSchema Schema = new(
        new OptionSpec("cluster_id", OptionType.Str, "the cluster whose members get the files (default: the cluster of this node's operator)"),
        new OptionSpec("distr_dir", OptionType.Dir, "where the operator leaves the files to distribute (default: the operator's, else !distr_dir)"),
        new OptionSpec("archive_dir", OptionType.Dir, "where files go once every member has them (default: the operator's, else !archive_dir)"));
}
