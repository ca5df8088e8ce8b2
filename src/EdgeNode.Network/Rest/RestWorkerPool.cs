using System.Text;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Limits how many REST calls execute at once (the <c>threads</c> of <c>run rest server</c>) and shows which slots are busy
/// for <c>get rest pool</c>. Calls wait for a free slot within their own time budget; beyond <see cref="MaxWaiting"/> queued
/// calls the server answers "busy" at once instead of piling up requests in memory.
/// </summary>
internal sealed class RestWorkerPool(int threads)
{
    private readonly SemaphoreSlim _free = new(threads, threads);
    private readonly int[] _busy = new int[threads];
    private long _served;
    private int _waiting;

    public int Threads => threads;

    public int MaxWaiting { get; } = Math.Max(100, threads * 20);

    public long Served => Interlocked.Read(ref _served);

    /// <summary>Waits up to <paramref name="wait"/> for a slot; an unacquired lease means the server is too busy.</summary>
    public async ValueTask<RestWorkerLease> AcquireAsync(TimeSpan wait, CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            return default;
        }
        try
        {
            if (!await _free.WaitAsync(wait, cancellation)) return default;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        for (var slot = 0; slot < _busy.Length; slot++)
        {
            if (Interlocked.CompareExchange(ref _busy[slot], 1, 0) != 0) continue;
            Interlocked.Increment(ref _served);
            return new RestWorkerLease(this, slot);
        }
        _free.Release();
        throw new InvalidOperationException("REST pool slots out of step with its semaphore");
    }

    internal void Release(int slot)
    {
        Volatile.Write(ref _busy[slot], 0);
        _free.Release();
    }

    /// <summary>EdgeLake's line: <c>REST Pool with 6 threads:</c> padded to 60, the busy flags, then the calls served.</summary>
    public string Describe()
    {
        var line = new StringBuilder($"REST Pool with {threads} threads:".PadRight(60)).Append('[');
        for (var slot = 0; slot < _busy.Length; slot++)
        {
            if (slot > 0) line.Append(", ");
            line.Append(Volatile.Read(ref _busy[slot]));
        }
        return line.Append("] (").Append(Served).Append(')').ToString();
    }
}
