using EdgeNode.Core;
using EdgeNode.Core.Metadata;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Server;

namespace EdgeNode.Network.Sync;

/// <summary>
/// Wires the master node and the blockchain synchronizer into a node: <see cref="IMasterLink"/> (how <c>blockchain insert
/// ... and master = ip:port</c> reaches the master), the master's <c>event get_blockchain</c>, <c>run blockchain sync</c>
/// and <c>get synchronizer</c>.
/// </summary>
internal static class SyncRegistration
{
    public static void Register(Node node, PeerClient peers, PeerCommandExecutor replies)
    {
        var exporter = new LedgerExporter(node.Time);
        node.Services.Add<IMasterLink>(new MasterLink(peers));
        new LedgerEventCommand(exporter, replies).Register(node);
        SyncCommands.Register(node, peers, exporter);
    }
}
