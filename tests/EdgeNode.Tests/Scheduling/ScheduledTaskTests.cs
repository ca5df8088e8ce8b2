using EdgeNode.Scheduling.Scheduler;

namespace EdgeNode.Tests.Scheduling;

/// <summary>When a task runs: slots on the first run's rhythm, one catch-up run for missed slots; its times and repeat text.</summary>
public sealed class ScheduledTaskTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_slow_run_does_not_shift_the_following_slots()
    {
        var task = new ScheduledTask(1, "t", Start, TimeSpan.FromMinutes(1), "echo");
        task.AdvancePast(Start.AddSeconds(20)); // the run started at 10:00:20 (late) and took a while
        Assert.Equal(Start.AddMinutes(1), task.NextDue);
        task.AdvancePast(Start.AddMinutes(1).AddSeconds(59));
        Assert.Equal(Start.AddMinutes(2), task.NextDue);
    }

    [Fact]
    public void Missed_slots_make_one_run_then_the_rhythm_goes_on()
    {
        var task = new ScheduledTask(1, "t", Start, TimeSpan.FromMinutes(1), "echo");
        task.AdvancePast(Start.AddMinutes(10).AddSeconds(30)); // the node was busy or asleep for ten slots: this is the one catch-up run
        Assert.Equal(Start.AddMinutes(11), task.NextDue);
        task.AdvancePast(Start.AddMinutes(11)); // exactly on a slot: the next one follows
        Assert.Equal(Start.AddMinutes(12), task.NextDue);
    }

    [Theory]
    [InlineData(1, "0:0:1")]
    [InlineData(60, "0:1:0")]
    [InlineData(86_400, "24:0:0")]
    [InlineData(3_725, "1:2:5")]
    public void Repeat_time_is_printed_as_edgelake_does(int seconds, string expected) =>
        Assert.Equal(expected, SchedulerReport.RepeatTime(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Time_markers_cover_time_from_run_to_run()
    {
        var task = new ScheduledTask(1, "q", Start, TimeSpan.FromMinutes(5), "sql d \"select * from t where ts > TIME(PREVIOUS) and ts <= TIME(CURRENT)\"");
        var first = TimeMarkers.Apply(task, task.Command, Start, TimeZoneInfo.Utc);
        Assert.Equal("sql d \"select * from t where ts > '2026-03-01 09:55:00.000000' and ts <= '2026-03-01 10:00:00.000000'\"", first);
        var second = TimeMarkers.Apply(task, task.Command, Start.AddMinutes(5).AddSeconds(1), TimeZoneInfo.Utc);
        Assert.Equal("sql d \"select * from t where ts > '2026-03-01 10:00:00.000000' and ts <= '2026-03-01 10:05:01.000000'\"", second);
    }
}
