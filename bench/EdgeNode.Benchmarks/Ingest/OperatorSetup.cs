using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// Sets an in-process node up as an EdgeLake operator is deployed, through the command language: work directories,
/// almgm with tsd_info, a cluster and an operator policy in the local ledger, then <c>run operator</c> as deployments run
/// it (<c>update_tsd_info = true</c>, <c>archive_json = true</c>, two threads).
/// </summary>
internal static class OperatorSetup
{
    public static async Task RunOperatorAsync(Node node, CancellationToken cancellation)
    {
        await OkAsync(node, "create work directories", cancellation);
        await OkAsync(node, "connect dbms almgm where type = sqlite", cancellation);
        await OkAsync(node, "create table tsd_info where dbms = almgm", cancellation);
        node.Dictionary.Set("p", "{\"cluster\": {\"company\": \"bench\", \"name\": \"c1\"}}");
        await OkAsync(node, "blockchain insert where policy = !p and local = true", cancellation);
        await OkAsync(node, "cluster_id = blockchain get cluster bring [cluster][id]", cancellation);
        await OkAsync(node, "p = create policy operator with defaults where name = op1 and company = bench and cluster = !cluster_id", cancellation);
        await OkAsync(node, "blockchain insert where policy = !p and local = true", cancellation);
        await OkAsync(node, "operator_id = blockchain get operator bring [operator][id]", cancellation);
        await OkAsync(node, "run operator where policy = !operator_id and update_tsd_info = true and archive_json = true and threads = 2", cancellation);
    }

    /// <summary>Runs a command that must succeed; returns its output.</summary>
    public static async Task<string> OkAsync(Node node, string command, CancellationToken cancellation)
    {
        var result = await node.Dispatcher.ExecuteAsync(command, CommandSource.Internal, cancellation);
        if (result.IsError) throw new InvalidOperationException($"'{command}' failed: {result.ErrorLine}");
        return result.Text;
    }
}
