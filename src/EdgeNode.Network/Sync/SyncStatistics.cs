namespace EdgeNode.Network.Sync;

/// <summary>
/// The counters of <c>get synchronizer</c>: sync calls, metadata loads, periods that succeeded or failed, the last error,
/// and when the last successful sync started (what <c>wait N for sync</c> waits for). Thread-safe.
/// </summary>
internal sealed class SyncStatistics
{
    private long _calls;
    private long _loads;
    private long _ok;
    private long _errors;
    private long _lastSuccessStartTicks = DateTime.MinValue.Ticks;
    private string? _lastError;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Times the node's metadata changed (a ledger from the master, a local insert) since the synchronizer started.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public long Ok => Interlocked.Read(ref _ok);

    public long Errors => Interlocked.Read(ref _errors);

    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>When the last sync that succeeded started.</summary>
    public DateTime LastSuccessStart => new(Interlocked.Read(ref _lastSuccessStartTicks), DateTimeKind.Utc);

    public void Called() => Interlocked.Increment(ref _calls);

    public void Loaded() => Interlocked.Increment(ref _loads);

    public void Succeeded(DateTime started)
    {
        Interlocked.Increment(ref _ok);
        Interlocked.Exchange(ref _lastSuccessStartTicks, started.Ticks);
    }

    public void Failed(string error)
    {
        Interlocked.Increment(ref _errors);
        Volatile.Write(ref _lastError, error);
    }
}
