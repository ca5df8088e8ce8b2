using System.Collections.Concurrent;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// Policy ids with the time this node sent them to a master (or asked the master to drop them). A ledger copy requested
/// within a minute of that time is read with them in mind (LedgerApplier); an hour later no request can still be in flight,
/// so older ids are forgotten: a node that publishes a policy a minute for years keeps an hour of them, not years.
/// </summary>
internal sealed class RecentPolicyIds(Func<DateTime> utcNow)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTime> _since = new(StringComparer.Ordinal);
    private DateTime _nextPrune = DateTime.MinValue;

    public int Count => _since.Count;

    public void Mark(string id)
    {
        var now = utcNow();
        _since[id] = now;
        if (now < _nextPrune) return;
        _nextPrune = now + Kept;
        foreach (var entry in _since)
            if (now - entry.Value > Kept) _since.TryRemove(entry);
    }

    public void Forget(string id) => _since.TryRemove(id, out _);

    public DateTime? Since(string id) => _since.TryGetValue(id, out var at) ? at : null;
}
