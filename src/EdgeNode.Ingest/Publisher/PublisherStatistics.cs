namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// The counters of <c>get publisher</c>, per table and destination (EdgeLake's publisher keeps files, errors and the last
/// error per destination; rows and the last file are added), kept for the node's lifetime: a publisher restarted with
/// <c>exit publisher</c> and <c>run publisher</c> keeps adding to them.
/// </summary>
internal sealed class PublisherStatistics
{
    private readonly object _gate = new();
    private readonly List<DestinationCounter> _counters = [];
    private readonly Dictionary<(string, string, string), DestinationCounter> _index = [];

    public long TotalFiles { get; private set; }
    public long TotalRows { get; private set; }
    public long TotalErrors { get; private set; }
    public string LastFile { get; private set; } = "";
    public DateTime? LastFileTime { get; private set; }

    /// <summary>Where the previous <c>get publisher summary</c> left off (its "new" columns count from there).</summary>
    public (DateTime At, long Files, long Rows, long Errors) LastSummary { get; set; }

    /// <summary>An operator confirmed a file.</summary>
    public void Shipped(string dbms, string table, string destination, string file, long rows, DateTime at)
    {
        lock (_gate)
        {
            var counter = Get(dbms, table, destination);
            counter.Files++;
            counter.Rows += rows;
            counter.LastFile = file;
            counter.Last = at;
            TotalFiles++;
            TotalRows += rows;
            LastFile = file;
            LastFileTime = at;
        }
    }

    /// <summary>A try failed (the file stays, to be tried again) or a file was moved to the error dir.</summary>
    public void Failed(string dbms, string table, string destination, string error, DateTime at)
    {
        lock (_gate)
        {
            var counter = Get(dbms, table, destination);
            counter.Errors++;
            counter.LastError = error;
            counter.LastErrorTime = at;
            TotalErrors++;
        }
    }

    /// <summary>A copy of every counter, in the order the tables and destinations were first seen.</summary>
    public IReadOnlyList<DestinationCounter> Snapshot()
    {
        lock (_gate) return _counters.Select(c => c with { }).ToList();
    }

    private DestinationCounter Get(string dbms, string table, string destination)
    {
        if (_index.TryGetValue((dbms, table, destination), out var counter)) return counter;
        counter = _index[(dbms, table, destination)] = new DestinationCounter(dbms, table, destination);
        // grouped by table, as the report prints them
        var after = _counters.FindLastIndex(c => c.Dbms == dbms && c.Table == table);
        _counters.Insert(after < 0 ? _counters.Count : after + 1, counter);
        return counter;
    }
}
