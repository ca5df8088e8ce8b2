using EdgeNode.Core.Binding;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// The overrides of <c>set data distribution where dbms = d and table = t|* and dest = ip:port [and dest = ..]</c>: the
/// files of a table (or of every table of a database, <c>*</c>) go to the destinations named, round robin per file,
/// instead of the clusters the metadata names. A table's own entry wins over its database's <c>*</c>. Kept for the
/// node's lifetime (a script sets them again after a restart, as for other <c>set</c> commands); a file already routed
/// keeps its route.
/// </summary>
internal sealed class DataDistribution
{
    public const string AllTables = "*";

    private readonly object _gate = new();
    private readonly Dictionary<(string Dbms, string Table), Entry> _entries = [];

    private sealed class Entry(IReadOnlyList<IpPort> destinations)
    {
        public IReadOnlyList<IpPort> Destinations { get; } = destinations;
        public int Next;
    }

    /// <summary>Raised after an override is set or removed (files waiting for a cluster may have a destination now).</summary>
    public event EventHandler? Changed;

    public void Set(string dbms, string table, IReadOnlyList<IpPort> destinations)
    {
        lock (_gate) _entries[Key(dbms, table)] = new Entry(destinations);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Removes an override; false when there was none.</summary>
    public bool Remove(string dbms, string table)
    {
        bool removed;
        lock (_gate) removed = _entries.Remove(Key(dbms, table));
        if (removed) Changed?.Invoke(this, EventArgs.Empty);
        return removed;
    }

    /// <summary>The destination of the next file of dbms.table, or null when no override names one.</summary>
    public IpPort? Next(string dbms, string table)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(Key(dbms, table), out var entry) && !_entries.TryGetValue(Key(dbms, AllTables), out entry)) return null;
            var destination = entry.Destinations[entry.Next % entry.Destinations.Count];
            entry.Next = (entry.Next + 1) % entry.Destinations.Count;
            return destination;
        }
    }

    /// <summary>Every override, by database then table.</summary>
    public IReadOnlyList<(string Dbms, string Table, IReadOnlyList<IpPort> Destinations)> List()
    {
        lock (_gate)
            return _entries.Select(e => (e.Key.Dbms, e.Key.Table, e.Value.Destinations))
                .OrderBy(e => e.Dbms, StringComparer.Ordinal).ThenBy(e => e.Table, StringComparer.Ordinal).ToList();
    }

    private static (string, string) Key(string dbms, string table) => (dbms.ToLowerInvariant(), table.ToLowerInvariant());
}
