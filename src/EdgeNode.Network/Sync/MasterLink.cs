using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Client;

namespace EdgeNode.Network.Sync;

/// <summary>
/// <see cref="IMasterLink"/> over the AnyLog TCP protocol: <c>run client (master) &lt;command&gt;</c>, one destination, asking
/// for a confirmation. An EdgeNode master confirms within <see cref="ReplyTimeout"/>; an EdgeLake master answers a failed
/// <c>blockchain push</c> with an error and a successful one with nothing, so its silence for
/// <see cref="PeerClient.FailureReportWait"/> counts as done (pushes are idempotent: being wrong only costs a repeat). An
/// error reply or a master that cannot be reached is a failure, except the refusal of a policy the master holds already.
/// </summary>
internal sealed class MasterLink(PeerClient peers) : IMasterLink
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    public async Task<MasterReply> SendAsync(IpPort master, string command, CancellationToken cancellation)
    {
        var wait = await peers.ConfirmsAsync(master, cancellation) ? ReplyTimeout : PeerClient.FailureReportWait;
        var (reply, delivered) = await peers.SendOneAsync(master, command, wait, cancellation, askConfirmation: true);
        return reply.Status switch
        {
            PeerReplyStatus.Replied when reply.ErrorCode == 0 => MasterReply.Success(reply.Text),
            PeerReplyStatus.TimedOut when delivered => MasterReply.Success($"delivered to {master}, which sent no reply"),
            _ when HoldsAlready(reply.Text) => MasterReply.Success($"{master} holds the policy already"),
            _ => MasterReply.Failure(reply.Text),
        };
    }

    /// <summary>
    /// An EdgeLake master refuses a policy it holds (its ledger table's unique policy id, SQLite or PostgreSQL wording):
    /// another node published the same policy first (two operators creating one table), or an earlier copy got there.
    /// </summary>
    private static bool HoldsAlready(string error) =>
        error.Contains("UNIQUE constraint failed: ledger.policy_id", StringComparison.OrdinalIgnoreCase)
        || (error.Contains("duplicate key value violates unique constraint", StringComparison.OrdinalIgnoreCase)
            && error.Contains("ledger", StringComparison.OrdinalIgnoreCase));
}
