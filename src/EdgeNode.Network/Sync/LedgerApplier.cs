using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Network.Sync;

/// <summary>
/// Makes a received ledger the node's ledger (SPEC §2 step 3 through <see cref="ILedgerSync.ReplaceAsync"/>: local-only
/// policies merged, <c>.old</c> kept, atomic swap, metadata reloaded), then sends the local-only policies where the
/// ledger comes from: the master (<c>blockchain push</c>) or, on a master syncing from its table, the table itself.
/// With <c>dest = dbms</c> it also loads the ledger into the local ledger table. A damaged file is set aside as
/// <c>&lt;name&gt;.rejected</c>; the ledger in use is not touched.
/// </summary>
internal sealed class LedgerApplier(Node node, ILedgerSync ledger, LedgerInbox inbox, IpPort? master, bool toDbms)
{
    /// <summary>
    /// How long a master may take to hold a policy it was given (or to drop one): an EdgeLake master stores it from another
    /// thread, and on a busy machine that was seen to take over 10 seconds (it then refused the second copy with an error).
    /// A policy the master really lost goes again with the first ledger asked for a minute after its delivery; one whose
    /// drop the master did not take comes back with it.
    /// </summary>
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(60);

    private long _requestedTicks;

    /// <summary>A ledger was asked of the master at <paramref name="utc"/>: what lands afterwards was exported then or later.</summary>
    public void Requested(DateTime utc) => Interlocked.Exchange(ref _requestedTicks, utc.Ticks);

    /// <summary>Uses every ledger that landed; returns the last error, or null.</summary>
    public async Task<string?> ApplyWaitingAsync(CancellationToken cancellation)
    {
        string? error = null;
        while (inbox.TryTake(out var file)) error = await ApplyAsync(file, cancellation) ?? error;
        return error;
    }

    public async Task<string?> ApplyAsync(string file, CancellationToken cancellation)
    {
        if (!File.Exists(file)) return null; // a later transfer under the same name was used already
        LedgerReplaceResult result;
        try
        {
            // a policy dropped shortly before the ledger was asked for, or after, stays dropped: the master may have written this
            // ledger before it took the drop (as with deliveries); the next ledger settles it
            var requested = new DateTime(Interlocked.Read(ref _requestedTicks), DateTimeKind.Utc);
            result = await ledger.ReplaceAsync(file, id => ledger.DroppedAt(id) is { } dropped && dropped > requested - InFlight, cancellation);
        }
        catch (InvalidDataException e)
        {
            File.Move(file, file + ".rejected", overwrite: true);
            return $"{e.Message}; set aside as {file}.rejected";
        }
        node.Log.Event($"Ledger {Path.GetFileName(file)} in use: version {result.Version}, {result.PolicyCount} policies" +
                       (result.KeptLocalPolicies.Count > 0 ? $", {result.KeptLocalPolicies.Count} local policies kept" : ""));
        if (result.KeptLocalPolicies.Count > 0 && await PushKeptAsync(result.KeptLocalPolicies, cancellation) is { } pushError)
            return pushError;
        return toDbms ? await LoadTableAsync(cancellation) : null;
    }

    /// <summary><c>dest = dbms</c>: adds the ledger's policies the local ledger table lacks.</summary>
    public async Task<string?> LoadTableAsync(CancellationToken cancellation)
    {
        var result = await node.Dispatcher.ExecuteAsync("blockchain update dbms", CommandSource.Internal, cancellation);
        return result.IsError ? $"dest = dbms: {result.ErrorLine}" : null;
    }

    /// <summary>
    /// Local-only policies go to the master as confirmed (<c>"ledger": "global"</c>) policies; one that does not get there
    /// stays local in the ledger and goes again after the next sync. A policy delivered to the master shortly before the
    /// ledger was asked for, or after, is not sent again: the master may have written this ledger before it took the
    /// policy (an EdgeLake master refuses a second copy with an error); the next ledger holds it, or a later sync sends it.
    /// </summary>
    private async Task<string?> PushKeptAsync(IReadOnlyList<Policy> kept, CancellationToken cancellation)
    {
        var table = master is null ? node.Services.Find<ILedgerTable>() : null;
        var requested = new DateTime(Interlocked.Read(ref _requestedTicks), DateTimeKind.Utc);
        foreach (var policy in kept)
        {
            if (master is not null && ledger.DeliveredAt(policy.Id) is { } delivered && delivered > requested - InFlight) continue;
            var global = policy.Clone();
            global.Body["ledger"] = "global";
            if (master is { } endpoint)
            {
                var reply = await node.Services.Get<IMasterLink>().SendAsync(endpoint, "blockchain push " + global.ToJson(), cancellation);
                if (!reply.Ok) return $"local policy {policy.Id} not pushed to master {endpoint}: {reply.Text}";
            }
            else if (table is { IsConnected: true })
            {
                await table.InsertAsync(LedgerRow.From(global, global.Text("ip") ?? node.ExternalIp), cancellation);
            }
        }
        return null;
    }
}
