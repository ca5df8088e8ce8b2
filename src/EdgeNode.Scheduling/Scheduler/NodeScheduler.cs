using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// One scheduler (<c>run scheduler N</c>): its tasks and the loop that runs them when due. The loop sleeps until the
/// earliest slot (at most <see cref="MaxSleep"/>, and wakes early when tasks change), starts each due task on its own
/// task so a slow one delays no other, and never starts a task whose previous run is still going. A failing task
/// records its error in its row and the error log; the scheduler goes on.
/// </summary>
internal sealed class NodeScheduler(int id, Node node)
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly List<ScheduledTask?> _tasks = [];
    private readonly HashSet<Task> _runs = [];
    private readonly SemaphoreSlim _wake = new(0);
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public int Id { get; } = id;

    public bool IsRunning { get; private set; }

    /// <summary>How long a stop waits for runs in progress before leaving them to finish on their own.</summary>
    public static TimeSpan StopWait { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The tasks not removed, in id order.</summary>
    public IReadOnlyList<ScheduledTask> Tasks
    {
        get
        {
            lock (_gate) return _tasks.OfType<ScheduledTask>().Where(t => t.Mode != TaskMode.Removed).ToList();
        }
    }

    /// <summary>Adds a task; a removed task's id is reused, as EdgeLake does. Null when the name is already taken.</summary>
    public ScheduledTask? Add(string? name, DateTime start, TimeSpan period, string command)
    {
        ScheduledTask task;
        lock (_gate)
        {
            if (name is not null && FindLocked(name) is not null) return null;
            var slot = _tasks.FindIndex(t => t is null || t.Mode == TaskMode.Removed);
            if (slot < 0)
            {
                slot = _tasks.Count;
                _tasks.Add(null);
            }
            task = new ScheduledTask(slot + 1, name, start, period, command);
            _tasks[slot] = task;
        }
        Wake();
        return task;
    }

    public ScheduledTask? Find(string name)
    {
        lock (_gate) return FindLocked(name);
    }

    public ScheduledTask? Find(int taskId)
    {
        lock (_gate)
            return taskId >= 1 && taskId <= _tasks.Count && _tasks[taskId - 1] is { Mode: not TaskMode.Removed } task ? task : null;
    }

    private ScheduledTask? FindLocked(string name) =>
        _tasks.FirstOrDefault(t => t is not null && t.Mode != TaskMode.Removed && t.Matches(name));

    /// <summary>Changes a task under the scheduler's lock (stop, resume, init, remove), then lets the loop look again.</summary>
    public void Change(ScheduledTask task, Action<ScheduledTask> change)
    {
        lock (_gate) change(task);
        Wake();
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    public void Start()
    {
        lock (_gate)
        {
            if (IsRunning) return;
            IsRunning = true;
            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
        }
        node.Log.Event($"Scheduler #{Id} is running");
    }

    public async Task StopAsync()
    {
        Task? loop;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            if (!IsRunning) return;
            IsRunning = false;
            (loop, stopping, _loop, _stopping) = (_loop, _stopping, null, null);
        }
        await stopping!.CancelAsync();
        Task[] runs;
        lock (_gate) runs = [.. _runs];
        var all = Task.WhenAll(runs.Append(loop!));
        if (await Task.WhenAny(all, Task.Delay(StopWait)) != all)
            node.Log.Error($"Scheduler #{Id}: tasks still running {StopWait.TotalSeconds:0} seconds after the stop; they end on their own");
        stopping.Dispose();
        node.Log.Event($"Scheduler #{Id} terminated");
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var now = node.Time.GetUtcNow().UtcDateTime;
            var sleep = MaxSleep;
            lock (_gate)
            {
                foreach (var task in _tasks)
                {
                    if (task is null || task.Mode is TaskMode.Stopped or TaskMode.Removed) continue;
                    if (task.NextDue > now)
                    {
                        if (task.NextDue - now < sleep) sleep = task.NextDue - now;
                        continue;
                    }
                    if (task.Running) task.Skipped++;
                    else Launch(task, now, stopping);
                    task.AdvancePast(now);
                    if (task.NextDue - now < sleep) sleep = task.NextDue - now;
                }
            }
            try
            {
                await _wake.WaitAsync(sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Starts a run (called under the lock): counted and marked Active at its start, as EdgeLake does.</summary>
    private void Launch(ScheduledTask task, DateTime now, CancellationToken stopping)
    {
        task.Running = true;
        task.Counter++;
        task.Mode = TaskMode.Active;
        var command = TimeMarkers.Has(task.Command) ? TimeMarkers.Apply(task, task.Command, now, TimeZoneInfo.Local) : task.Command;
        var run = Task.Run(() => RunAsync(task, command, stopping), CancellationToken.None);
        _runs.Add(run);
        _ = run.ContinueWith(done =>
        {
            lock (_gate) _runs.Remove(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(ScheduledTask task, string command, CancellationToken stopping)
    {
        CommandResult result;
        try
        {
            result = await node.Dispatcher.ExecuteAsync(command, CommandSource.Scheduler, node.Console, null, stopping);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = CommandResult.Error(ErrorCode.ProcessFailure, e.Message);
        }
        lock (_gate)
        {
            task.Running = false;
            task.RunStatus = result.IsError ? ErrorCodes.Text(result.Code) : "Success";
            task.LastError = result.IsError ? result.ErrorLine : null;
        }
        if (result.IsError && !stopping.IsCancellationRequested)
            node.Log.Error($"Scheduler #{Id} task {task.Id} '{task.Name ?? task.Command}' failed: {result.ErrorLine}");
    }
}
