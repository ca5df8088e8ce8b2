using EdgeNode.Core;
using EdgeNode.Core.Query;
using EdgeNode.Query.Commands;
using EdgeNode.Query.Execution;
using EdgeNode.Query.Monitoring;
using EdgeNode.Query.Responder;

namespace EdgeNode.Query;

/// <summary>
/// Distributed SQL (SPEC §12): the query node's <see cref="IQueryCoordinator"/> behind <c>run client () sql</c>, the
/// operator's <see cref="IPeerQueryResponder"/> answering peers' queries, the query pool (started at boot, as EdgeLake's)
/// and the query monitoring commands.
/// </summary>
public sealed class QueryModule : ICommandModule
{
    public void Register(Node node)
    {
        var jobs = new QueryJobs(node.Metrics);
        node.Services.Add<IQueryCoordinator>(new QueryCoordinator(node, jobs));
        node.Services.Add<IPeerQueryResponder>(new PeerQueryResponder(node));
        QueryStatusCommands.Register(node, jobs);
        QueryTimeCommands.Register(node, jobs);
        QueryPoolCommands.Register(node);
        QueryPoolCommands.StartBootPool(node);
        node.Metrics.AddSource(new QueryMetricsSource(node));
    }
}
