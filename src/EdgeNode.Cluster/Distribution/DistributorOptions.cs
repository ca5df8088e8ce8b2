using EdgeNode.Core.Binding;

namespace EdgeNode.Cluster.Distribution;

/// <summary><c>run data distributor [where cluster_id = .. and distr_dir = .. and archive_dir = ..]</c>, bound once at start.</summary>
internal sealed record DistributorOptions(string ClusterId, string SelfMember, string DistrDir, string ArchiveDir)
{
    public static readonly OptionSchema Schema = new(
        new OptionSpec("cluster_id", OptionType.Str, "the cluster whose members get the files (default: the cluster of this node's operator)"),
        new OptionSpec("distr_dir", OptionType.Dir, "where the operator leaves the files to distribute (default: the operator's, else !distr_dir)"),
        new OptionSpec("archive_dir", OptionType.Dir, "where files go once every member has them (default: the operator's, else !archive_dir)"));
}
