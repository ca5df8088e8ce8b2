using EdgeNode.Core;
using EdgeNode.Core.IO;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Commands;
using EdgeNode.Network.Tcp.Server;

namespace EdgeNode.Network.Tcp;

/// <summary>Wires the TCP peer protocol into a node: its commands, and <see cref="IPeerClient"/> / <see cref="IConsoleDestination"/>.</summary>
internal static class TcpRegistration
{
    public static void Register(Node node)
    {
        var limits = new MessageLimits();
        var jobs = new JobTable(node.Time);
        var client = new PeerClient(node, jobs, new PeerSender());
        var executor = new PeerCommandExecutor(node);
        var access = new PeerFileAccess(node);
        var handler = new ConnectionHandler(node, jobs, client, executor, new FileReceiver(node, limits, access, client.FileGets), access, limits);
        var console = new ConsoleDestination();
        node.Services.Add<IPeerClient>(client);
        node.Services.Add<IFileAccess>(access);
        // every send tells the metadata layer whether the peer answers, so queries and publishers skip dead operators
        client.PeerStatusChanged += (_, e) => node.Services.Find<IMetadata>()?.SetOperatorStatus(e.Peer.ToString(),
            e.Responding ? OperatorStatus.Active : OperatorStatus.NotResponding);
        var health = new Monitoring.PeerHealth();
        client.PeerStatusChanged += (_, e) => health.Report(e, node.Time.GetUtcNow().UtcDateTime);
        node.Services.Add(health);
        node.Metrics.AddSource(new Monitoring.NetworkMetricsSource(node, health));
        node.Services.Add<IConsoleDestination>(console);
        TcpCommands.Register(node, handler, new RunClientCommand(client, console), new ReplyIpSetting());
        FileAccessCommands.Register(node, access);
        NetworkTestCommands.Register(node, client);
        Sync.SyncRegistration.Register(node, client, executor);
    }
}
