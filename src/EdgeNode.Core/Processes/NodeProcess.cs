using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Processes;

/// <summary>
/// Base of every background process: owns the state machine and the work loop task. Subclasses prepare in
/// <see cref="OnStartingAsync"/> (bind a port, open files: failures reject the <c>run</c> command) and work in
/// <see cref="ExecuteAsync"/> until cancelled. An exception in the loop marks the process Faulted; the node keeps running.
/// </summary>
public abstract class NodeProcess : IProcess
{
    private readonly object _gate = new();
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private string? _fault;

    protected NodeProcess(NodeLog log) => Log = log;

    protected NodeLog Log { get; }

    public abstract string Name { get; }

    public virtual ShutdownStage Stage => ShutdownStage.Pipeline;

    public ProcessState State { get; private set; } = ProcessState.NotDeclared;

    public string Details => State == ProcessState.Faulted ? $"Faulted: {_fault}" : DescribeConfiguration();

    /// <summary>The configuration string of <c>get processes</c> while running.</summary>
    protected abstract string DescribeConfiguration();

    /// <summary>How long <see cref="StopAsync"/> waits for the loop before giving up on it.</summary>
    protected virtual TimeSpan StopTimeout => TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (State is ProcessState.Starting or ProcessState.Running or ProcessState.Stopping)
                throw new CommandSyntaxException($"{Name} is already running", 0, ErrorCode.ProcessAlreadyRunning);
            State = ProcessState.Starting;
            _fault = null;
        }
        try
        {
            await OnStartingAsync(cancellation);
        }
        catch
        {
            State = ProcessState.Stopped;
            throw;
        }
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        State = ProcessState.Running;
        _loop = Task.Run(() => RunLoopAsync(token), CancellationToken.None);
    }

    private async Task RunLoopAsync(CancellationToken token)
    {
        try
        {
            await ExecuteAsync(token);
            if (State == ProcessState.Running) State = ProcessState.Stopped;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            State = ProcessState.Stopped;
        }
        catch (Exception e)
        {
            _fault = e.Message;
            Log.Error($"Process {Name} faulted: {e}"); // logged before the state flips, so whoever sees Faulted finds the reason
            State = ProcessState.Faulted;
        }
    }

    public async Task StopAsync(CancellationToken cancellation)
    {
        if (State is not (ProcessState.Running or ProcessState.Starting or ProcessState.Faulted)) return;
        if (State != ProcessState.Faulted) State = ProcessState.Stopping;
        if (_stopping is not null) await _stopping.CancelAsync();
        try
        {
            await OnStoppingAsync(cancellation);
        }
        catch (Exception e)
        {
            Log.Error($"Process {Name} failed to stop cleanly: {e.Message}");
        }
        if (_loop is not null)
        {
            var finished = await Task.WhenAny(_loop, Task.Delay(StopTimeout, cancellation));
            if (finished != _loop) Log.Error($"Process {Name} did not stop within {StopTimeout.TotalSeconds:0} seconds");
        }
        if (State != ProcessState.Faulted) State = ProcessState.Stopped;
        _stopping?.Dispose();
        _stopping = null;
    }

    /// <summary>Prepares the process; an exception rejects the start.</summary>
    protected virtual Task OnStartingAsync(CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>The work loop; return or throw <see cref="OperationCanceledException"/> when <paramref name="stopping"/> fires.</summary>
    protected abstract Task ExecuteAsync(CancellationToken stopping);

    /// <summary>Releases what the loop cannot release itself (e.g. closes a listener to unblock accept).</summary>
    protected virtual Task OnStoppingAsync(CancellationToken cancellation) => Task.CompletedTask;
}
