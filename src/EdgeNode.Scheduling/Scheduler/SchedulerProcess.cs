using EdgeNode.Core.Processes;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// The <c>Scheduler</c> row of <c>get processes</c>: running while any scheduler runs, its details listing their ids.
/// Each scheduler runs its own loop (<see cref="NodeScheduler"/>); this process only starts with the first one and stops
/// them all (<c>exit scheduler</c> without an id, node shutdown).
/// </summary>
internal sealed class SchedulerProcess(Schedulers schedulers) : IProcess
{
    private bool _declared;

    public string Name => ProcessNames.Scheduler;

    public ProcessState State => schedulers.AnyRunning ? ProcessState.Running : _declared ? ProcessState.Stopped : ProcessState.NotDeclared;

    public string Details => schedulers.Describe();

    public ShutdownStage Stage => ShutdownStage.Pipeline;

    public Task StartAsync(CancellationToken cancellation)
    {
        _declared = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellation) => schedulers.StopAllAsync();
}
