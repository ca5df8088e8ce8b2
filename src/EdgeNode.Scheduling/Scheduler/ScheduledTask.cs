namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// One task of a scheduler: the command, its period and first run, and what <c>get scheduler</c> shows (mode, run counter,
/// status of the last run). Times are UTC. Its slots are <see cref="Start"/> + k × <see cref="Period"/>, so the task keeps
/// its wall-clock rhythm however long a run takes; mutable fields are guarded by the owning scheduler's lock.
/// </summary>
internal sealed class ScheduledTask(int id, string? name, DateTime start, TimeSpan period, string command)
{
    /// <summary>What <c>get scheduler</c> shows as Run Status before the first run.</summary>
    public const string NoRuns = "No runs";

    public int Id { get; } = id;
    public string? Name { get; } = name;
    public string Command { get; } = command;
    public TimeSpan Period { get; } = period;

    /// <summary>The first slot; <c>task init where start = ..</c> moves it.</summary>
    public DateTime Start { get; set; } = start;

    /// <summary>The next slot the task runs at.</summary>
    public DateTime NextDue { get; set; } = start;

    public TaskMode Mode { get; set; }
    public long Counter { get; set; }

    /// <summary>Slots passed while the previous run was still going (the task never runs twice at once).</summary>
    public long Skipped { get; set; }

    public string RunStatus { get; set; } = NoRuns;

    /// <summary>The last error's full text, for the error log and <c>get scheduler ... where format = json</c>.</summary>
    public string? LastError { get; set; }

    /// <summary>True while a run is in progress.</summary>
    public bool Running { get; set; }

    /// <summary>The quoted time that <c>TIME(CURRENT)</c> had on the previous run: the next run's <c>TIME(PREVIOUS)</c>.</summary>
    public string? PreviousTime { get; set; }

    public bool Matches(string name) => Name is not null && Name.Equals(name, StringComparison.Ordinal);

    /// <summary>
    /// Moves <see cref="NextDue"/> past <paramref name="now"/> by whole periods: a slot that passed (a long run, a node that
    /// was busy or asleep) is run once, never once per missed period, and later slots stay on the original rhythm.
    /// </summary>
    public void AdvancePast(DateTime now)
    {
        var next = NextDue + Period;
        if (next <= now)
        {
            var missed = (now - next).Ticks / Period.Ticks + 1;
            next += TimeSpan.FromTicks(missed * Period.Ticks);
        }
        NextDue = next;
    }
}
