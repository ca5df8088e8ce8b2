using System.Text.Json.Nodes;
using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Metadata;

/// <summary>
/// Publishes a policy the way <c>blockchain insert where policy = .. and local = true [and master = ip:port]</c> does:
/// id and date added, validated and completed, appended to the local ledger (<c>"ledger": "local"</c>), then sent to
/// the master (<c>blockchain push</c>); when the master cannot be reached the policy stays local and is queued for the
/// next sync. Used by the operator to publish <c>table</c> and child <c>cluster</c> policies.
/// </summary>
public interface IPolicyPublisher
{
    /// <param name="policy">The policy as the user would write it (<c>{type: {...}}</c>); it is not changed.</param>
    /// <param name="master">The master node, or null to publish locally only.</param>
    Task<PublishResult> PublishAsync(JsonObject policy, IpPort? master, CancellationToken cancellation);

    /// <summary>
    /// Sends a metadata command (e.g. <c>blockchain replace policy ..</c>) to the master after the commands already waiting
    /// for it; when the master is not reached the command waits in the pending list for the next sync. False when queued.
    /// </summary>
    Task<bool> SendToMasterAsync(IpPort master, string command, CancellationToken cancellation);
}
