namespace EdgeNode.Ingest.Operator;

/// <summary>
/// The counters of <c>get operator</c>, kept for the node's lifetime (an operator restarted with <c>exit operator</c> and
/// <c>run operator</c> keeps adding to them, as EdgeLake's do). Tables are listed in the order they were first seen.
/// </summary>
internal sealed class OperatorStatistics(Core.Metrics.NodeMetrics? metrics = null)
{
    private readonly object _gate = new();
    private readonly Ordered<FileCounter> _json = new();
    private readonly Ordered<FileCounter> _sql = new();
    private readonly Ordered<InsertCounter> _inserts = new();

    public ErrorCounter JsonErrors { get; } = new("JSON Errors");
    public ErrorCounter SqlErrors { get; } = new("SQL Errors");

    public long TotalRows { get; private set; }
    public long TotalFiles { get; private set; }
    public double ProcessingSeconds { get; private set; }
    public long TotalErrors => JsonErrors.Counter + SqlErrors.Counter;

    /// <summary>Where the previous <c>get operator summary</c> left off (its "new" columns count from there).</summary>
    public (DateTime At, long Rows, long Errors) LastSummary { get; set; }

    /// <summary>A JSON file loaded (or, <paramref name="immediate"/>, an already inserted write-immediate file archived).</summary>
    public void JsonFile(string dbms, string table, DateTime at, bool immediate, double processingSeconds)
    {
        lock (_gate)
        {
            var counter = _json.Get(dbms, table);
            if (immediate) counter.Immediate++;
            else counter.Files++;
            counter.Last = at;
        }
        Processed(processingSeconds);
    }

    /// <summary>A file handled, in <paramref name="seconds"/> from pick-up to done.</summary>
    public void Processed(double seconds)
    {
        lock (_gate)
        {
            TotalFiles++;
            ProcessingSeconds += seconds;
        }
    }

    /// <summary>Rows written into one physical table (a partition is shown as <c>table.partition</c>).</summary>
    public void SqlFile(string dbms, string physical, DateTime at)
    {
        lock (_gate)
        {
            var counter = _sql.Get(dbms, physical);
            counter.Files++;
            counter.Last = at;
        }
    }

    public void Inserted(string dbms, string table, long rows, bool immediate, double dbmsSeconds, DateTime at)
    {
        lock (_gate)
        {
            var counter = _inserts.Get(dbms, table);
            counter.First ??= at;
            counter.Last = at;
            if (immediate) counter.ImmediateRows += rows;
            else counter.BatchRows += rows;
            counter.DbmsSeconds += dbmsSeconds;
            TotalRows += rows;
        }
        metrics?.RowsLoaded(rows);
    }

    public IReadOnlyList<(string Dbms, string Table, FileCounter Counter)> JsonFiles() => Snapshot(_json);
    public IReadOnlyList<(string Dbms, string Table, FileCounter Counter)> SqlFiles() => Snapshot(_sql);
    public IReadOnlyList<(string Dbms, string Table, InsertCounter Counter)> Inserts() => Snapshot(_inserts);

    private IReadOnlyList<(string, string, T)> Snapshot<T>(Ordered<T> items) where T : class, ICloneable, new()
    {
        lock (_gate) return items.Entries.Select(e => (e.Dbms, e.Table, (T)e.Value.Clone())).ToList();
    }

    internal sealed class FileCounter : ICloneable
    {
        public long Files;
        public long Immediate;
        public DateTime Last;

        public object Clone() => MemberwiseClone();
    }

    internal sealed class InsertCounter : ICloneable
    {
        public DateTime? First;
        public DateTime Last;
        public long BatchRows;
        public long ImmediateRows;
        public double DbmsSeconds;

        public object Clone() => MemberwiseClone();
    }

    internal sealed class ErrorCounter(string type)
    {
        private readonly object _gate = new();

        public string Type { get; } = type;
        public long Counter { get; private set; }
        public DateTime? Last { get; private set; }
        public string Dbms { get; private set; } = "";
        public string Table { get; private set; } = "";
        public int Code { get; private set; }
        public string Text { get; private set; } = "";

        public void Add(string dbms, string table, int code, string text, DateTime at)
        {
            lock (_gate)
            {
                Counter++;
                Last = at;
                (Dbms, Table, Code, Text) = (dbms, table, code, text);
            }
        }
    }

    /// <summary>Counters by (dbms, table) in first-seen order.</summary>
    private sealed class Ordered<T> where T : class, new()
    {
        private readonly Dictionary<(string, string), T> _byKey = [];

        public List<(string Dbms, string Table, T Value)> Entries { get; } = [];

        public T Get(string dbms, string table)
        {
            if (_byKey.TryGetValue((dbms, table), out var value)) return value;
            value = new T();
            _byKey[(dbms, table)] = value;
            Entries.Add((dbms, table, value));
            return value;
        }
    }
}
