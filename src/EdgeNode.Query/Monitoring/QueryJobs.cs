namespace EdgeNode.Query.Monitoring;

/// <summary>
/// The recent network queries of the node (the last <see cref="Capacity"/>, for <c>query status</c>), their execution
/// times (<c>get queries time</c>) and the query log setting (<c>set query log</c>).
/// </summary>
internal sealed class QueryJobs(Core.Metrics.NodeMetrics? metrics = null)
{
    public const int Capacity = 100;

    /// <summary>Upper bounds (seconds) of the execution-time buckets <c>get queries time</c> counts.</summary>
    public static readonly double[] Buckets = [0.01, 0.1, 1, 2, 5, 10, 30, 60, 300];

    private readonly Queue<QueryJob> _recent = new(Capacity);
    private readonly long[] _counts = new long[Buckets.Length + 1];
    private readonly object _gate = new();
    private long _next;
    private long _finished;
    private double _totalSeconds;
    private double _maxSeconds;

    /// <summary><c>set query log</c>: log every network query; with a profile only those that took at least that long.</summary>
    public bool LogQueries { get; set; }

    public TimeSpan LogThreshold { get; set; }

    public QueryJob Start(string dbms, string statement, string output, DateTime now)
    {
        lock (_gate)
        {
            var job = new QueryJob(++_next, dbms, statement, output, now);
            if (_recent.Count == Capacity) _recent.Dequeue();
            _recent.Enqueue(job);
            return job;
        }
    }

    public void Record(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        lock (_gate)
        {
            var bucket = Array.FindIndex(Buckets, b => seconds <= b);
            _counts[bucket < 0 ? Buckets.Length : bucket]++;
            _finished++;
            _totalSeconds += seconds;
            _maxSeconds = Math.Max(_maxSeconds, seconds);
        }
        metrics?.QueryLatency.Record(seconds);
    }

    /// <summary>Queries per bucket, the number of queries, their total and longest time in seconds.</summary>
    public (long[] Counts, long Queries, double TotalSeconds, double MaxSeconds) Times()
    {
        lock (_gate) return ((long[])_counts.Clone(), _finished, _totalSeconds, _maxSeconds);
    }

    public void ResetTimes()
    {
        lock (_gate)
        {
            Array.Clear(_counts);
            _finished = 0;
            _totalSeconds = 0;
            _maxSeconds = 0;
        }
    }

    /// <summary>Recent queries, oldest first.</summary>
    public IReadOnlyList<QueryJob> Recent()
    {
        lock (_gate) return _recent.ToArray();
    }

    public QueryJob? Find(long id)
    {
        lock (_gate) return _recent.FirstOrDefault(j => j.Id == id);
    }

    public QueryJob? Last()
    {
        lock (_gate) return _recent.LastOrDefault();
    }
}
