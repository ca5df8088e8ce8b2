using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Cluster;

/// <summary>Another operator of this node's cluster: its member id, name, the address to reach it, and its status.</summary>
internal sealed record ClusterMember(string Member, string Name, IpPort Address, bool IsMain, OperatorStatus Status)
{
    /// <summary>The TSD table its files are kept in on the other members.</summary>
    public string TsdTable => "tsd_" + Member;
}
