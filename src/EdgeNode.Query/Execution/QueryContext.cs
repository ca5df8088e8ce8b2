using EdgeNode.Core;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Monitoring;

namespace EdgeNode.Query.Execution;

/// <summary>
/// What a query run uses of the node: the peer client, <c>system_query</c> and its tables, the DBMS registry, the job
/// list and the log, and the metadata (null without one) that names the members answering for an operator that does not.
/// </summary>
internal sealed record QueryContext(IPeerClient Peers, IDbms SystemQuery, IDbmsRegistry Registry, QueryJobs Jobs, ConsolidationTablePool Tables, NodeLog Log,
    IMetadata? Metadata = null)
{
    /// <summary>Answers up to this many characters are kept in memory; larger ones stream to callers that can take a stream.</summary>
    public int BufferLimit { get; init; } = 8 * 1024 * 1024;
}
