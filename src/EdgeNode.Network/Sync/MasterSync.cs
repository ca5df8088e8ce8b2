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
/// (it lands in the <see cref="LedgerInbox"/>) and says so first. An EdgeLake master does not answer: its file landing ends
/// the wait, and a request it took without answering is a sync that found nothing new.
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
        applier.Requested(node.Time.GetUtcNow().UtcDateTime);
        // an EdgeLake master answers with the file alone: a ledger that lands first ends the wait for an answer
        using var landed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var asking = peers.SendOneAsync(master, command, replyTimeout, landed.Token);
        var landing = inbox.WaitAsync(landed.Token);
        var first = await Task.WhenAny(asking, landing);
        cancellation.ThrowIfCancellationRequested();
        if (first == landing && !asking.IsCompleted)
        {
            await landed.CancelAsync();
            await Ignore(asking);
            Unreachable = false;
            return await applier.ApplyWaitingAsync(cancellation);
        }
        await landed.CancelAsync();
        await Ignore(landing);
        var (reply, delivered) = await asking;
        Unreachable = !delivered && !reply.Replied;
        if (Unreachable) return $"Failed to connect to {master}: {reply.Text}";
        if (reply.Replied && reply.ErrorCode != 0) return $"master {master}: {reply.Text}";
        if (reply.Replied && reply.Text.StartsWith(LedgerEventCommand.SentReply, StringComparison.Ordinal)
            && !await inbox.WaitAsync(replyTimeout, node.Time, cancellation))
            return string.Create(CultureInfo.InvariantCulture,
                $"master {master} sent a ledger that did not arrive within {replyTimeout.TotalSeconds:0} seconds");
        return await applier.ApplyWaitingAsync(cancellation);
    }

    /// <summary>Waits for a task that was cancelled because the other one finished first.</summary>
    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // the other answer came first
        }
    }
}
