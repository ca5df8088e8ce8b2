using System.Diagnostics;

namespace EdgeNode.Query.Monitoring;

/// <summary>
/// A network query as <c>query status</c>, <c>query explain</c> and <c>query destination</c> show it: the command,
/// where its answer goes, the remote and local SQL, and the progress of each operator. Updated by the query's own
/// task; read under <see cref="Gate"/> by the monitoring commands.
/// </summary>
internal sealed class QueryJob(long id, string dbms, string statement, string output, DateTime started)
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public object Gate { get; } = new();

    public long Id { get; } = id;
    public string Dbms { get; } = dbms;
    public string Statement { get; } = statement;

    /// <summary>Where the answer goes, as EdgeLake prints it: <c>['rest']</c>, <c>['stdout']</c>, <c>['file']</c>, <c>['dbms']</c>.</summary>
    public string Output { get; } = output;

    public DateTime Started { get; } = started;

    /// <summary>Processing, Completed, Error, Timeout.</summary>
    public string Status { get; set; } = "Processing";

    public string? Error { get; set; }

    public TimeSpan Elapsed => Finished ?? Stopwatch.GetElapsedTime(_startTimestamp);

    public TimeSpan? Finished { get; private set; }

    /// <summary>True until <see cref="Finish"/> records how the query ended (<c>job active</c>).</summary>
    public bool IsRunning
    {
        get
        {
            lock (Gate) return Finished is null;
        }
    }

    public long Rows { get; set; }

    /// <summary>The first phase of a <c>period</c> query: the operators' query and the local one finding the window's end.</summary>
    public List<string> PeriodRemoteSql { get; } = [];
    public string? PeriodSql { get; set; }

    public List<string> RemoteSql { get; } = [];
    public string? LocalCreate { get; set; }
    public string? LocalSql { get; set; }

    public List<OperatorProgress> Operators { get; } = [];

    /// <summary>Records how the query ended; false when it had ended already.</summary>
    public bool Finish(string status, string? error = null)
    {
        lock (Gate)
        {
            if (Finished is not null) return false;
            Status = status;
            Error = error;
            Finished = Stopwatch.GetElapsedTime(_startTimestamp);
            return true;
        }
    }
}
