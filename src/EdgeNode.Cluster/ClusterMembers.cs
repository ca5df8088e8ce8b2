using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Cluster;

/// <summary>
/// This node's place in its cluster, from the metadata (SPEC §9): the operator it runs (<c>run operator</c> sets it) and
/// the other operators of the same root cluster, whose member ids name their TSD tables (<c>tsd_&lt;member&gt;</c>).
/// </summary>
internal static class ClusterMembers
{
    /// <summary>The operator this node runs in a cluster; throws <see cref="CommandSyntaxException"/> saying what is missing.</summary>
    public static NodeOperator RequireSelf(Node node, string process)
    {
        var metadata = node.Services.Find<IMetadata>()
                       ?? throw new CommandSyntaxException("the node has no metadata layer", 0, ErrorCode.MetadataNotAvailable);
        if (metadata.NodeOperator is not { } self)
            throw new CommandSyntaxException($"the {process} works for the operator of this node: start it first (run operator where policy = ...)", 0,
                ErrorCode.ProcessNotRunning);
        if (self.ClusterId.Length == 0 || self.Member is "" or "0")
            throw new CommandSyntaxException($"the operator policy {self.PolicyId} names no cluster and member: the {process} has no peers", 0,
                ErrorCode.OperatorClusterMissing);
        return self;
    }

    /// <summary>The other members of a cluster (operators without a member id or address are left out: nothing can name their files).</summary>
    public static IReadOnlyList<ClusterMember> Peers(IMetadata metadata, string clusterId, string selfMember)
    {
        var peers = new List<ClusterMember>();
        foreach (var target in metadata.GetClusterMembers(clusterId))
        {
            if (target.MemberId is not { } id || !IpPort.TryParse(target.IpPort, out var address)) continue;
            var member = id.ToString(CultureInfo.InvariantCulture);
            if (member == selfMember || peers.Exists(p => p.Member == member)) continue;
            peers.Add(new ClusterMember(member, target.Name, address, target.IsMain, metadata.GetOperatorStatus(address.ToString()) == OperatorStatus.NotResponding
                ? OperatorStatus.NotResponding
                : target.Status));
        }
        return peers;
    }

    /// <summary>The member id of the cluster's operator at <paramref name="address"/> (the reply address of its message), or null.</summary>
    public static string? MemberAt(IMetadata metadata, string clusterId, IpPort address)
    {
        var text = address.ToString();
        return metadata.GetClusterMembers(clusterId)
            .FirstOrDefault(t => t.MemberId is not null && (t.IpPort == text || t.ExternalIpPort == text || t.LocalIpPort == text))
            ?.MemberId?.ToString(CultureInfo.InvariantCulture);
    }
}
