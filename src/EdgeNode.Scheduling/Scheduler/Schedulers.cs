using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// The node's schedulers: 0 is the system scheduler (started at boot), 1-10 are the users' (<c>run scheduler [id]</c>,
/// 1 by default). A scheduler exists once a task is scheduled on it or it is run; tasks scheduled before
/// <c>run scheduler</c> wait for it. All of them show as one <c>Scheduler</c> row in <c>get processes</c>
/// (<see cref="SchedulerProcess"/>).
/// </summary>
internal sealed class Schedulers
{
    public const int System = 0;
    public const int Default = 1;
    public const int MaxId = 10;

    private readonly Node _node;
    private readonly NodeScheduler?[] _schedulers = new NodeScheduler?[MaxId + 1];
    private readonly object _gate = new();

    public Schedulers(Node node)
    {
        _node = node;
        Process = new SchedulerProcess(this);
    }

    public SchedulerProcess Process { get; }

    /// <summary>The declared schedulers, in id order.</summary>
    public IReadOnlyList<NodeScheduler> Declared
    {
        get
        {
            lock (_gate) return _schedulers.OfType<NodeScheduler>().ToList();
        }
    }

    public bool AnyRunning => Declared.Any(s => s.IsRunning);

    public NodeScheduler? Find(int id) => id is >= 0 and <= MaxId ? _schedulers[id] : null;

    /// <summary>The scheduler with this id, declared now if needed.</summary>
    public NodeScheduler Declare(int id)
    {
        lock (_gate) return _schedulers[id] ??= new NodeScheduler(id, _node);
    }

    /// <summary><c>run scheduler N</c>: a second run of the same id is an error; the Scheduler row appears with the first.</summary>
    public async Task<CommandResult> RunAsync(int id, CancellationToken cancellation)
    {
        if (id is < 0 or > MaxId)
            return CommandResult.Error(ErrorCode.CommandStructure, $"scheduler id {id} is not in 0..{MaxId}");
        var scheduler = Declare(id);
        if (scheduler.IsRunning)
            return CommandResult.Error(ErrorCode.ProcessAlreadyRunning, $"Scheduler {id} is already running");
        if (Process.State != ProcessState.Running)
        {
            var started = await _node.Processes.StartAsync(Process, cancellation);
            if (started.IsError) return started;
        }
        scheduler.Start();
        return CommandResult.Empty;
    }

    /// <summary><c>exit scheduler N</c>.</summary>
    public async Task<CommandResult> ExitAsync(int id)
    {
        if (Find(id) is not { IsRunning: true } scheduler)
            return CommandResult.Error(ErrorCode.ProcessNotRunning, $"Scheduler {id} is not running");
        await scheduler.StopAsync();
        return CommandResult.Empty;
    }

    public async Task StopAllAsync()
    {
        foreach (var scheduler in Declared) await scheduler.StopAsync();
    }

    /// <summary>EdgeLake's <c>get processes</c> details: <c>Schedulers IDs in use: [0 (system)] [1 (user)] [2]</c>.</summary>
    public string Describe()
    {
        var running = Declared.Where(s => s.IsRunning).Select(s => s.Id switch
        {
            System => " [0 (system)]",
            Default => " [1 (user)]",
            _ => $" [{s.Id}]",
        });
        return "Schedulers IDs in use:" + string.Concat(running);
    }
}
