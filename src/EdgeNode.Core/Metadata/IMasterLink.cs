using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Metadata;

/// <summary>
/// Sends a metadata command to a master node over the AnyLog TCP protocol (<c>run client (ip:port) &lt;command&gt;</c>)
/// and waits for its reply. Implemented by the Network module and registered with <c>node.Services.Add&lt;IMasterLink&gt;</c>.
/// The commands sent are <c>blockchain push &lt;policy json&gt;</c> and <c>blockchain drop policy where id = &lt;id&gt;</c>.
/// </summary>
public interface IMasterLink
{
    /// <summary>Sends <paramref name="command"/> and returns the master's reply; a failure to connect or an error reply is not <see cref="MasterReply.Ok"/>.</summary>
    Task<MasterReply> SendAsync(IpPort master, string command, CancellationToken cancellation);
}
