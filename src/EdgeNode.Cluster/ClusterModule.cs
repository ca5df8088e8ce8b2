using EdgeNode.Cluster.Consumption;
using EdgeNode.Cluster.Distribution;
using EdgeNode.Cluster.Status;
using EdgeNode.Cluster.Sync;
using EdgeNode.Core;
using EdgeNode.Core.Query;

namespace EdgeNode.Cluster;

/// <summary>
/// High availability (SPEC §9, AnyLog's HA; the message forms of EdgeLake's <c>dbms/ha.py</c>): every member of a cluster
/// holds the same rows. The distributor (Distribution/) sends what this node ingested to the other members; the consumer
/// (Consumption/) finds and pulls what it misses; the members' messages and file deliveries are in Sync/; status and
/// tests in Status/. Queries fail over to another member in the Query project.
/// </summary>
public sealed class ClusterModule : ICommandModule
{
    public void Register(Node node)
    {
        var state = new ClusterSyncState();
        node.Services.Add<IMemberCatchUp>(new MemberCatchUp(node, state));
        new HaEventCommands(node, state).Register();
        new FileDelivery(node).Register();
        DistributorCommands.Register(node, new DistributorStatistics(), state);
        ConsumerCommands.Register(node, state);
        new HaStatusCommand(node, state).Register();
        new TsdSummaryCommand(node).Register();
        new ClusterTestCommands(node).Register();
    }
}
