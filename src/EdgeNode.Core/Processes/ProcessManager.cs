using System.Collections.Concurrent;
using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Processes;

/// <summary>
/// Starts processes by command, rejects a second start, stops them by <c>exit</c> with a bounded wait, lists every known
/// process for <c>get processes</c> (Not declared when not started), and stops all on shutdown: listeners, then
/// pipelines, then storage.
/// </summary>
public sealed class ProcessManager(NodeLog log)
{
    private readonly ConcurrentDictionary<string, IProcess> _processes = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _startGate = new(1, 1);

    public IProcess? Get(string name) => _processes.TryGetValue(name, out var process) ? process : null;

    public T? Get<T>(string name) where T : class, IProcess => Get(name) as T;

    public bool IsRunning(string name) => Get(name)?.State == ProcessState.Running;

    /// <summary>Starts a process; a second start while one is running is an error result, not an exception.</summary>
    public async Task<CommandResult> StartAsync(IProcess process, CancellationToken cancellation)
    {
        await _startGate.WaitAsync(cancellation);
        try
        {
            if (_processes.TryGetValue(process.Name, out var existing)
                && existing.State is ProcessState.Running or ProcessState.Starting or ProcessState.Stopping)
                return CommandResult.Error(ErrorCode.ProcessAlreadyRunning,
                    $"{process.Name} is already running ({existing.Details}); use 'exit {ExitWord(process.Name)}' first");
            try
            {
                await process.StartAsync(cancellation);
            }
            catch (CommandSyntaxException e)
            {
                return CommandResult.Error(e.Code, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a port in use or a missing directory is the user's to fix: the message says it; a bug keeps its stack
                log.Error($"Failed to start {process.Name}: {(e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException ? e.Message : e)}");
                return CommandResult.Error(ErrorCode.ProcessFailure, $"{process.Name} failed to start: {e.Message}");
            }
            _processes[process.Name] = process;
            log.Event($"{process.Name} started: {process.Details}");
            return CommandResult.Empty;
        }
        finally
        {
            _startGate.Release();
        }
    }

    public async Task<CommandResult> StopAsync(string name, CancellationToken cancellation)
    {
        if (!_processes.TryGetValue(name, out var process) || process.State is ProcessState.Stopped or ProcessState.NotDeclared)
            return CommandResult.Error(ErrorCode.ProcessNotRunning, $"{name} is not running");
        await process.StopAsync(cancellation);
        log.Event($"{name} stopped");
        return CommandResult.Empty;
    }

    /// <summary>Every known process in display order, then any other registered one.</summary>
    public IReadOnlyList<(string Name, string Status, string Details)> List()
    {
        var rows = new List<(string, string, string)>();
        foreach (var (name, _) in ProcessNames.All) rows.Add(Row(name));
        foreach (var name in _processes.Keys.Where(k => !ProcessNames.All.Any(p => p.Name.Equals(k, StringComparison.OrdinalIgnoreCase))).Order())
            rows.Add(Row(name));
        return rows;
    }

    private (string, string, string) Row(string name)
    {
        if (!_processes.TryGetValue(name, out var process)) return (name, "Not declared", "");
        return process.State switch
        {
            ProcessState.Running or ProcessState.Starting => (name, "Running", process.Details),
            ProcessState.Stopping => (name, "Stopping", process.Details),
            ProcessState.Faulted => (name, "Faulted", process.Details),
            _ => (name, "Not declared", ""),
        };
    }

    /// <summary>Maps an exit word (<c>tcp</c>, <c>synchronizer</c>, <c>broker</c>) to a process name.</summary>
    public static string? NameForExitWord(string words)
    {
        var normalized = string.Join(' ', words.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        foreach (var (name, exitWords) in ProcessNames.All)
            if (exitWords.Contains(normalized) || name.Equals(normalized, StringComparison.OrdinalIgnoreCase)) return name;
        return null;
    }

    public static string ExitWord(string name) =>
        ProcessNames.All.FirstOrDefault(p => p.Name == name).ExitWords?.FirstOrDefault() ?? name.ToLowerInvariant();

    /// <summary>Stops everything in shutdown order, each stage in parallel, bounded by <paramref name="timeout"/> overall.</summary>
    public async Task StopAllAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var stage in Enum.GetValues<ShutdownStage>())
        {
            var stopping = _processes.Values
                .Where(p => p.Stage == stage && p.State is ProcessState.Running or ProcessState.Starting or ProcessState.Faulted)
                .Select(async p =>
                {
                    try
                    {
                        await p.StopAsync(deadline.Token);
                        log.Event($"{p.Name} stopped ({stage} stage of shutdown)");
                    }
                    catch (Exception e)
                    {
                        log.Error($"Stopping {p.Name} failed: {e.Message}");
                    }
                })
                .ToArray();
            try
            {
                await Task.WhenAll(stopping).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                log.Error($"Shutdown timed out while stopping {stage} processes");
                return;
            }
        }
    }
}
