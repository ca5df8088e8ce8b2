using System.Buffers;

namespace EdgeNode.Core.Hosting;

/// <summary>
/// Gives memory back after a burst of work (an ingest, a large query): once the node has allocated
/// <see cref="BurstBytes"/> since the last trim and then goes quiet for a tick, the modules release their caches (SQLite
/// closes its idle pooled connections and their page caches), the GC compacts and decommits, and the C heap returns
/// its free pages. A busy node is never interrupted; without it the node held the peak of the burst for good
/// (docs/performance.md, memory budget). A node still quiet <see cref="SettleDelay"/> later is trimmed once more: the
/// shared <c>ArrayPool</c> drops only arrays unused for 60 s (at a full collection), and the loads and REST bodies of the
/// burst left theirs there. <c>EDGENODE_TRIM_MEMORY=0</c> turns it off.
/// </summary>
public sealed class MemoryTrimmer
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>At most this much allocated during a tick counts as quiet.</summary>
    public const long QuietBytes = 1L << 20;

    /// <summary>What must have been allocated since the last trim for another one to be worth its cost.</summary>
    public const long BurstBytes = 32L << 20;

    /// <summary>Trims at most this often, however bursty the load.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);

    /// <summary>When the trim that follows a burst's is due: past the shared pool's 60 s.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(65);

    /// <summary>Arrays above this are allocated, not pooled (<see cref="LargeBuffers"/>).</summary>
    public const int LargeBufferLimit = 16 * 1024 * 1024;

    private readonly List<Action> _releases = [];
    private ArrayPool<byte> _largeBuffers = NewLargeBuffers();
    private readonly Action _trim;
    private long _previousAllocated = -1;
    private long _allocatedAtTrim;
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;
    private int _trims;
    private bool _settlePending;

    /// <param name="trim">What a trim does after the modules' releases (tests count calls); null: <see cref="CompactAndReturn"/>.</param>
    public MemoryTrimmer(Action? trim = null) => _trim = trim ?? CompactAndReturn;

    public int Trims => Volatile.Read(ref _trims);

    /// <summary>
    /// The pool for large transient byte buffers (streaming buffers, the data files the operator loads): a new array on the
    /// large object heap each time cost a full collection every few of them, and the shared <c>ArrayPool</c> keeps what it
    /// holds for a minute or more. This pool is replaced by an empty one at each trim: arrays out at that moment go back
    /// to the old pool and are collected with it. Arrays above <see cref="LargeBufferLimit"/> are allocated, not pooled.
    /// </summary>
    public ArrayPool<byte> LargeBuffers => Volatile.Read(ref _largeBuffers);

    private static ArrayPool<byte> NewLargeBuffers() => ArrayPool<byte>.Create(LargeBufferLimit, 4);

    /// <summary>Registers a release of cached memory a module can rebuild on demand (run on the trimmer's thread).</summary>
    public void OnTrim(Action release)
    {
        lock (_releases) _releases.Add(release);
    }

    /// <summary>One tick: the process's allocated bytes so far at <paramref name="now"/>. Returns whether it trimmed.</summary>
    public bool Sample(long totalAllocated, DateTimeOffset now)
    {
        var previous = _previousAllocated;
        _previousAllocated = totalAllocated;
        if (previous < 0)
        {
            _allocatedAtTrim = totalAllocated;
            return false;
        }
        if (totalAllocated - previous > QuietBytes) return false;
        var burst = totalAllocated - _allocatedAtTrim >= BurstBytes && now - _lastTrim >= MinimumInterval;
        var settle = _settlePending && now - _lastTrim >= SettleDelay;
        if (!burst && !settle) return false;
        Action[] releases;
        lock (_releases) releases = [.. _releases];
        foreach (var release in releases) release();
        Volatile.Write(ref _largeBuffers, NewLargeBuffers());
        _trim();
        _allocatedAtTrim = totalAllocated;
        _lastTrim = now;
        _settlePending = burst;
        Interlocked.Increment(ref _trims);
        return true;
    }

    /// <summary>Samples every <see cref="Tick"/> until <paramref name="stop"/>.</summary>
    public async Task RunAsync(TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) Sample(GC.GetTotalAllocatedBytes(), time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            // the node stops
        }
    }

    /// <summary>A compacting full collection that decommits what the GC no longer needs, then the C heap's trim.</summary>
    private static void CompactAndReturn()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    }
}
