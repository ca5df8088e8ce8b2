using EdgeNode.Cluster.Consumption;
using EdgeNode.Core;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Query;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Sync;

/// <summary>
/// A member that was down comes back with fewer rows than the rest of its cluster; answering queries then would return
/// part of the cluster's rows as if they were all. Its consumer's first pass learns what the others held (each TSD
/// table's backlog); until the files up to there are loaded here, peer queries are refused with
/// <c>MemberCatchingUp</c> and the query node asks another member of the cluster. Once caught up it stays so (later
/// gaps are the distributor's files in flight). Without a running consumer nothing is known and queries are answered,
/// as EdgeLake does; nor is a query refused while the member that holds the backlog is not responding (the rows could not
/// come, and the refusal would leave the cluster unanswered).
/// </summary>
internal sealed class MemberCatchUp(Node node, ClusterSyncState state) : IMemberCatchUp
{
    /// <summary>How long a check's answer serves the queries that follow it (each check reads the TSD tables).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    private static readonly IReadOnlySet<long> NothingPending = new HashSet<long>();

    private readonly SemaphoreSlim _checking = new(1, 1);
    private volatile bool _caughtUp;
    private (DateTime At, string? Lagging) _last = (DateTime.MinValue, null);

    public async ValueTask<string?> LaggingAsync(CancellationToken cancellation)
    {
        if (_caughtUp || !state.BacklogKnown) return null;
        if (node.Processes.Get<ConsumerProcess>(ProcessNames.Consumer) is not { State: ProcessState.Running }
            || node.Services.Find<ITimeFiles>() is not { } files || node.Services.Find<IMetadata>() is not { NodeOperator: { } self } metadata)
            return null;
        await _checking.WaitAsync(cancellation);
        try
        {
            var now = node.Time.GetUtcNow().UtcDateTime;
            if (now - _last.At < Recheck) return _last.Lagging;
            var responding = ClusterMembers.Peers(metadata, self.ClusterId, self.Member).Where(m => m.Status != OperatorStatus.NotResponding)
                .Select(m => m.Member).ToHashSet(StringComparer.Ordinal);
            var (lagging, complete) = await CheckAsync(files, responding, cancellation);
            _last = (now, lagging);
            if (complete)
            {
                _caughtUp = true;
                node.Log.Event("HA: this member holds what its cluster held when it started comparing: it answers queries again");
            }
            return lagging;
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>
    /// Why queries are refused: the first TSD table whose backlog is not all loaded while its source still answers; null
    /// when none. Complete: every backlog is loaded (none was passed over for a source that does not respond).
    /// </summary>
    private async Task<(string? Lagging, bool Complete)> CheckAsync(ITimeFiles files, IReadOnlySet<string> responding, CancellationToken cancellation)
    {
        var complete = true;
        foreach (var sync in state.Tables)
        {
            long after, backlog;
            HashSet<long> absent;
            lock (sync.Gate)
            {
                if (!sync.Tracked || sync.ValidatedId >= sync.BacklogId) continue;
                if (!responding.Contains(sync.Source))
                {
                    complete = false;
                    continue;
                }
                (after, backlog, absent) = (sync.ValidatedId, sync.BacklogId, [.. sync.Absent]);
            }
            var gaps = await GapFinder.FindAsync(files, sync.Table, after, backlog, NothingPending, absent, limit: 0, cancellation);
            lock (sync.Gate) sync.ValidatedId = Math.Max(sync.ValidatedId, gaps.ValidatedId);
            if (gaps.ValidatedId < backlog)
                return ($"is catching up with its cluster: {sync.Table} holds the files up to id {gaps.ValidatedId} of the {backlog} another " +
                       "member holds; another member of the cluster answers meanwhile", false);
        }
        return (null, complete);
    }
}
