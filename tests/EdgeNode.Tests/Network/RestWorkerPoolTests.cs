using EdgeNode.Network.Rest;

namespace EdgeNode.Tests.Network;

public sealed class RestWorkerPoolTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Busy_slots_show_in_EdgeLakes_pool_line()
    {
        var pool = new RestWorkerPool(6);
        Assert.Equal("REST Pool with 6 threads:".PadRight(60) + "[0, 0, 0, 0, 0, 0] (0)", pool.Describe());
        using var first = await pool.AcquireAsync(TimeSpan.FromSeconds(1), Token);
        var second = await pool.AcquireAsync(TimeSpan.FromSeconds(1), Token);
        Assert.Equal("REST Pool with 6 threads:                                   [1, 1, 0, 0, 0, 0] (2)", pool.Describe());
        second.Dispose();
        Assert.EndsWith("[1, 0, 0, 0, 0, 0] (2)", pool.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_pool_waits_then_gives_no_lease()
    {
        var pool = new RestWorkerPool(1);
        var held = await pool.AcquireAsync(TimeSpan.FromSeconds(1), Token);
        using var refused = await pool.AcquireAsync(TimeSpan.FromMilliseconds(50), Token);
        Assert.False(refused.Acquired);
        var waiting = pool.AcquireAsync(TimeSpan.FromSeconds(5), Token).AsTask();
        held.Dispose();
        using var granted = await waiting;
        Assert.True(granted.Acquired);
    }

    [Fact]
    public async Task Too_many_waiting_calls_are_refused_at_once()
    {
        var pool = new RestWorkerPool(1);
        using var held = await pool.AcquireAsync(TimeSpan.FromSeconds(1), Token);
        using var stop = new CancellationTokenSource();
        var waiting = Enumerable.Range(0, pool.MaxWaiting).Select(_ => pool.AcquireAsync(Timeout.InfiniteTimeSpan, stop.Token).AsTask()).ToList();
        var started = DateTime.UtcNow;
        using var refused = await pool.AcquireAsync(TimeSpan.FromSeconds(10), Token);
        Assert.False(refused.Acquired);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        foreach (var task in waiting) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }
}
