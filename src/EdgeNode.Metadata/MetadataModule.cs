using EdgeNode.Core;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Commands;

namespace EdgeNode.Metadata;

/// <summary>
/// Policies, the local ledger, the <c>blockchain</c> commands and the metadata layer (SPEC §2). Registers
/// <see cref="IMetadata"/>, <see cref="IPolicyPublisher"/> and <see cref="ILedgerSync"/> for the other modules. The
/// ledger is read on first use, so start-up does not wait for it.
/// </summary>
public sealed class MetadataModule : ICommandModule
{
    public void Register(Node node)
    {
        var service = new MetadataService(node);
        node.Services.Add<IMetadata>(service);
        node.Services.Add<IPolicyPublisher>(service);
        node.Services.Add<ILedgerSync>(service);
        node.Services.Add<Core.Storage.ITablePolicySource>(new TablePolicySource(service));
        new BlockchainPolicyCommands(service).Register(node);
        new BlockchainQueryCommands(service).Register(node);
        PolicyBuilderCommands.Register(node);
        new ConfigPolicyCommands(service).Register(node);
        new DataNodesCommand(service).Register(node);
        new ClusterInfoCommand(service).Register(node);
        new LedgerTableCommands(service).Register(node);
    }
}
