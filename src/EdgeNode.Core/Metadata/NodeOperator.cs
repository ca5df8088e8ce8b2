namespace EdgeNode.Core.Metadata;

/// <summary>
/// The operator this node runs, as <c>run operator</c> set it (EdgeLake keeps the same in its metadata: the node's member
/// and cluster ids): its policy, root cluster, member id (the <c>tsd_name</c> of its rows, <c>0</c> outside a cluster),
/// whether its loaded files go to the HA distributor (null: while a data distributor runs), and the directories the
/// distributor and the archive use.
/// </summary>
public sealed record NodeOperator(string PolicyId, string Name, string ClusterId, string Member, bool? Distributor, string DistrDir,
    string ArchiveDir);
