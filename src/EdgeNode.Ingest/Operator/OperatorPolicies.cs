using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// The policies an operator publishes (SPEC §5, reference <c>blockchain_get_all_final.txt</c>): a <c>table</c> policy
/// <c>{name, dbms, create, source: "Processing JSON file"}</c> for each table it creates, and a child <c>cluster</c> policy
/// <c>{parent, name, company, table: [{dbms, name}], source: "Node at ip:port"}</c> that adds the table to its cluster.
/// Published to the local ledger and the master (<c>master_node</c>), queued when the master is not reached. A failure to
/// publish is logged and does not stop the data: the rows are loaded locally either way.
/// </summary>
internal sealed class OperatorPolicies(Node node, OperatorIdentity identity, OperatorOptions options)
{
    public const string TableSource = "Processing JSON file";

    private IMetadata? Metadata => node.Services.Find<IMetadata>();

    public bool HasTablePolicy(string dbms, string table) => Metadata?.GetTablePolicy(dbms, table) is not null;

    public Task PublishTableAsync(string dbms, string table, string create, CancellationToken cancellation) =>
        PublishAsync(new JsonObject
        {
            ["table"] = new JsonObject { ["name"] = table, ["dbms"] = dbms, ["create"] = create, ["source"] = TableSource },
        }, $"table policy of {dbms}.{table}", cancellation);

    /// <summary>Adds dbms.table to the operator's cluster with a child cluster policy, unless the cluster serves it already.</summary>
    public async Task AssignClusterAsync(string dbms, string table, CancellationToken cancellation)
    {
        if (identity.ClusterId.Length == 0 || Metadata is not { } metadata) return;
        if (metadata.ClusterServes(identity.ClusterId, identity.Company, dbms, table)) return;
        if (!options.CreateTable)
        {
            node.Log.Error($"Operator: cluster {identity.ClusterName} does not list {dbms}.{table} and create_table = false: no cluster policy published");
            return;
        }
        await PublishAsync(new JsonObject
        {
            ["cluster"] = new JsonObject
            {
                ["parent"] = identity.ClusterId,
                ["name"] = identity.ClusterName,
                ["company"] = identity.Company,
                ["table"] = new JsonArray(new JsonObject { ["dbms"] = dbms, ["name"] = table }),
                ["source"] = $"Node at {node.Address}",
            },
        }, $"cluster policy of {dbms}.{table}", cancellation);
    }

    private async Task PublishAsync(JsonObject policy, string what, CancellationToken cancellation)
    {
        if (node.Services.Find<IPolicyPublisher>() is not { } publisher)
        {
            node.Log.Error($"Operator: no metadata service to publish the {what}");
            return;
        }
        if (options.Blockchain is not null && options.Master is null)
            node.Log.Event($"Operator: blockchain platform '{options.Blockchain}' is not supported; the {what} stays on the local ledger");
        var result = await publisher.PublishAsync(policy, options.Master, cancellation);
        if (!result.Ok && result.Code != ErrorCode.DuplicatePolicy)
            node.Log.Error($"Operator: publishing the {what} failed: {result.Message}");
        else if (result.Ok)
            node.Log.Event($"Operator: published the {what} ({result.Policy?.Id}){(result.QueuedForMaster ? ", queued for the master" : "")}");
    }
}
