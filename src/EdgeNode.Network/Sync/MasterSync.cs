using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Client;

namespace EdgeNode.Network.Sync;

/// <summary>
/// One sync with a master (SPEC §2, <c>source = master</c>): the commands queued while the master was down go first, then
/// <c>event get_blockchain &lt;!blockchain_new&gt; &lt;md5&gt; 0</c>; the master answers that the ledger is current, or sends it
/// (it lands in the <see cref="LedgerInbox"/>) and says so. An EdgeLake master does not answer: a request it took without
/// an answer is a sync that found nothing new, unless its file lands meanwhile.
/// </summary>
internal sealed class MasterSync(Node node, PeerClient peers, ILedgerSync ledger, IpPort master, LedgerInbox inbox, LedgerApplier applier,
    TimeSpan replyTimeout)
{
    /// <summary>The last sync could not reach the master.</summary>
    public bool Unreachable { get; private set; }

    public async Task<string?> RunAsync(CancellationToken cancellation)
    {
        if (ledger.PendingCount > 0) await ledger.PushPendingAsync(cancellation);
        var version = ledger.Version;
        var command = $"event get_blockchain {SyncFiles.NewFile(node).Replace(' ', '\t')} {(version.Length > 0 ? version : "0")} 0";
        var (reply, delivered) = await peers.SendOneAsync(master, command, replyTimeout, cancellation);
        Unreachable = !delivered && !reply.Replied;
        if (Unreachable) return $"Failed to connect to {master}: {reply.Text}";
        if (reply.Replied && reply.ErrorCode != 0) return $"master {master}: {reply.Text}";
        if (reply.Replied && reply.Text.StartsWith(LedgerEventCommand.SentReply, StringComparison.Ordinal)
            && !await inbox.WaitAsync(replyTimeout, node.Time, cancellation))
            return string.Create(CultureInfo.InvariantCulture,
                $"master {master} sent a ledger that did not arrive within {replyTimeout.TotalSeconds:0} seconds");
        return await applier.ApplyWaitingAsync(cancellation);
    }
}
