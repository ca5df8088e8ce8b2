using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;

namespace EdgeNode.TestSupport;

/// <summary>
/// An <see cref="IMasterLink"/> that runs the command on a master node in the same process, as the master does with
/// a command a peer sends over TCP. <see cref="Reachable"/> false behaves like a master that is down.
/// </summary>
public sealed class InProcessMasterLink(Node master) : IMasterLink
{
    public bool Reachable { get; set; } = true;

    public List<string> Received { get; } = [];

    public async Task<MasterReply> SendAsync(IpPort masterAddress, string command, CancellationToken cancellation)
    {
        if (!Reachable) return MasterReply.Failure($"Failed to connect to {masterAddress}");
        lock (Received) Received.Add(command);
        var result = await master.Dispatcher.ExecuteAsync(command, CommandSource.Peer, cancellation);
        return result.IsError ? MasterReply.Failure(result.ErrorLine) : MasterReply.Success(result.Text);
    }
}
