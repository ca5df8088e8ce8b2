using System.Globalization;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Who the operator is, from its policy (SPEC §2): the cluster it serves (id and name of the root cluster policy), the
/// company its cluster policies are published for, and its member id, which stamps every row (<c>tsd_name</c>) and names
/// the TSD tables of its peers.
/// </summary>
internal sealed record OperatorIdentity(string PolicyId, string Name, string ClusterId, string ClusterName, string Company, string Member)
{
    /// <summary>A file a cluster peer ingested first: its 8-section name carries another member id (its rows go to <c>tsd_&lt;member&gt;</c>).</summary>
    public bool IsPeerFile(DataFileName name) => name.HasTsd && name.TsdMember is not ("@" or "0") && name.TsdMember != Member;

    /// <summary>Reads the operator policy; throws <see cref="CommandSyntaxException"/> when it is missing or not an operator.</summary>
    public static OperatorIdentity Resolve(IMetadata metadata, OperatorOptions options)
    {
        var policy = metadata.GetPolicy(options.PolicyId)
                     ?? throw new CommandSyntaxException($"no policy with id '{options.PolicyId}' in the ledger (blockchain get operator)", 0,
                         ErrorCode.PolicyNotFound);
        if (policy.Type != "operator")
            throw new CommandSyntaxException($"policy '{options.PolicyId}' is a '{policy.Type}' policy, not an operator policy", 0, ErrorCode.PolicyError);
        var clusterId = policy.Text("cluster") ?? "";
        var cluster = clusterId.Length == 0 ? null : metadata.GetPolicy(clusterId);
        if (clusterId.Length > 0 && cluster is null)
            throw new CommandSyntaxException($"the operator policy names cluster '{clusterId}', which is not in the ledger", 0,
                ErrorCode.OperatorClusterMissing);
        var member = policy.Integer("member")?.ToString(CultureInfo.InvariantCulture) ?? "0";
        return new OperatorIdentity(policy.Id, policy.Name ?? "", clusterId, cluster?.Name ?? "", options.Company ?? policy.Company ?? cluster?.Company ?? "",
            member);
    }
}
