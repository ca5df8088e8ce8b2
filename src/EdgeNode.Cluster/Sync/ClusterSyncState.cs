using System.Collections.Concurrent;
using EdgeNode.Cluster.Protocol;

namespace EdgeNode.Cluster.Sync;

/// <summary>
/// The HA state of this node, shared by the event handlers, the consumer and the status commands: per TSD table what the
/// members reported and what is validated here (<see cref="TableSync"/>), the peers whose consumers asked this node for
/// its TSD summary, and the signal that wakes the consumer early (a peer that is back, a first request from a peer).
/// </summary>
internal sealed class ClusterSyncState
{
    private readonly ConcurrentDictionary<string, TableSync> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTime> _peerConsumers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);

    public TableSync Table(string table) => _tables.GetOrAdd(table.ToLowerInvariant(), t => new TableSync(t));

    public IReadOnlyList<TableSync> Tables => _tables.Values.OrderBy(t => t.Table, StringComparer.Ordinal).ToList();

    /// <summary>The consumer asked the other members for their summaries once since this node started: the backlog is known.</summary>
    public bool BacklogKnown { get; set; }

    /// <summary>The peers (ip:port) whose consumers asked this node, and when they last did.</summary>
    public IReadOnlyDictionary<string, DateTime> PeerConsumers => _peerConsumers;

    /// <summary>
    /// Takes a member's summary of a table: the first one sets where validation starts (the last file before the start
    /// date is taken as present, as EdgeLake does); each one updates the source range when it reaches further; the safe
    /// ids it carries are recorded as that member's.
    /// </summary>
    public void Update(string senderMember, TsdSummary summary, DateTime now)
    {
        var sync = Table(summary.Table);
        lock (sync.Gate)
        {
            if (!sync.Tracked)
            {
                sync.Tracked = true;
                sync.BaseId = summary.FirstId;
                sync.ValidatedId = Math.Max(sync.ValidatedId, summary.FirstId);
                sync.ValidatedDate = summary.FirstDate;
            }
            if (!BacklogKnown) sync.BacklogId = Math.Max(sync.BacklogId, summary.LastId);
            if (summary.LastId >= sync.SourceLastId || sync.Source == senderMember)
            {
                sync.Source = senderMember;
                (sync.SourceFirstId, sync.SourceFirstDate, sync.SourceLastId, sync.SourceLastDate) =
                    (summary.FirstId, summary.FirstDate, summary.LastId, summary.LastDate);
            }
            sync.MessageTime = now;
        }
        foreach (var (table, safe) in summary.SafeIds)
        {
            var other = Table(table);
            lock (other.Gate) other.PeerSafeIds[senderMember] = safe;
        }
    }

    /// <summary>The safe ids this node sends with its summaries: each table it validated, and its own table complete up to <paramref name="ownLastId"/>.</summary>
    public IEnumerable<KeyValuePair<string, long>> SafeIdsToSend(string ownTable, long ownLastId)
    {
        yield return new(ownTable, ownLastId);
        foreach (var sync in Tables)
        {
            if (sync.Table == ownTable) continue;
            lock (sync.Gate)
                if (sync.Tracked) yield return new(sync.Table, sync.ValidatedId);
        }
    }

    /// <summary>Records a peer consumer; true the first time (the local consumer is woken to sync with it at once, as EdgeLake does).</summary>
    public bool NotePeerConsumer(string address, DateTime now)
    {
        var first = !_peerConsumers.ContainsKey(address);
        _peerConsumers[address] = now;
        if (first) Wake();
        return first;
    }

    /// <summary>Wakes the consumer before its next cycle.</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // woken already
        }
    }

    /// <summary>Waits for the next cycle or an earlier wake-up.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(interval);
        try
        {
            await _wake.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // the cycle's time
        }
    }
}
