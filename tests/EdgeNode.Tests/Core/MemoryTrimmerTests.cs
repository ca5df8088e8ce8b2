using EdgeNode.Core.Hosting;

namespace EdgeNode.Tests.Core;

public sealed class MemoryTrimmerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private const long Mb = 1L << 20;

    private static DateTimeOffset At(int seconds) => Start.AddSeconds(seconds);

    [Fact]
    public void A_node_that_keeps_allocating_is_never_trimmed()
    {
        var trims = 0;
        var trimmer = new MemoryTrimmer(() => trims++);
        for (var second = 0; second < 120; second++)
            Assert.False(trimmer.Sample(second * 50 * Mb, At(second)));
        Assert.Equal(0, trims);
    }

    [Fact]
    public void The_first_quiet_tick_after_a_burst_runs_the_releases_then_the_trim_and_a_quiet_node_settles_once_more()
    {
        var calls = new List<string>();
        var trimmer = new MemoryTrimmer(() => calls.Add("trim"));
        trimmer.OnTrim(() => calls.Add("sqlite"));
        var largeBuffers = trimmer.LargeBuffers;
        trimmer.Sample(0, At(0));
        trimmer.Sample(MemoryTrimmer.BurstBytes, At(1)); // the burst: not quiet
        Assert.Empty(calls);
        Assert.Same(largeBuffers, trimmer.LargeBuffers);
        Assert.True(trimmer.Sample(MemoryTrimmer.BurstBytes + MemoryTrimmer.QuietBytes, At(2)));
        Assert.Equal(["sqlite", "trim"], calls);
        Assert.NotSame(largeBuffers, trimmer.LargeBuffers); // the pooled buffers of the burst go with their pool
        // quiet from then on: once more when the shared pool's arrays are old enough to go, then nothing
        var settled = 2 + (int)MemoryTrimmer.SettleDelay.TotalSeconds;
        for (var second = 3; second < 300; second++)
            Assert.Equal(second == settled, trimmer.Sample(MemoryTrimmer.BurstBytes + MemoryTrimmer.QuietBytes, At(second)));
        Assert.Equal(["sqlite", "trim", "sqlite", "trim"], calls);
        Assert.Equal(2, trimmer.Trims);
    }

    [Fact]
    public void Small_allocations_while_idle_do_not_add_up_to_a_trim_before_a_burst_size()
    {
        var trims = 0;
        var trimmer = new MemoryTrimmer(() => trims++);
        var allocated = 0L;
        for (var second = 0; second < 31; second++) trimmer.Sample(allocated += Mb, At(second));
        Assert.Equal(0, trims); // 30 MB in quiet ticks: below the burst size
        trimmer.Sample(allocated += 3 * Mb, At(31));
        Assert.True(trimmer.Sample(allocated, At(32)));
    }

    [Fact]
    public void Bursts_closer_than_the_minimum_interval_are_trimmed_once_it_has_passed()
    {
        var trims = 0;
        var trimmer = new MemoryTrimmer(() => trims++);
        trimmer.Sample(0, At(0));
        trimmer.Sample(40 * Mb, At(1));
        Assert.True(trimmer.Sample(40 * Mb, At(2)));
        trimmer.Sample(80 * Mb, At(3));
        var interval = (int)MemoryTrimmer.MinimumInterval.TotalSeconds;
        for (var second = 4; second < 2 + interval; second++) Assert.False(trimmer.Sample(80 * Mb, At(second)));
        Assert.True(trimmer.Sample(80 * Mb, At(2 + interval)));
        Assert.Equal(2, trims);
    }
}
