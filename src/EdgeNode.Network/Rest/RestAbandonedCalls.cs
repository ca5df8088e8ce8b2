using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeNode.Core;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Calls that answered a timeout while their command still ran. The command was asked to stop (its token cancelled) and its
/// pool slot freed, so it cannot stall other clients; it is watched here until it ends, and awaited (bounded) when the
/// server stops.
/// </summary>
internal sealed class RestAbandonedCalls(NodeLog log)
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _next;

    public int Count => _running.Count;

    /// <summary>Watches <paramref name="work"/>; when it ends, releases its token source and <paramref name="input"/>.</summary>
    public void Track(Task work, CancellationTokenSource cancellation, IDisposable? input, string what)
    {
        var id = Interlocked.Increment(ref _next);
        _running[id] = work;
        _ = WatchAsync(id, work, cancellation, input, what, Stopwatch.GetTimestamp());
    }

    private async Task WatchAsync(long id, Task work, CancellationTokenSource cancellation, IDisposable? input, string what, long started)
    {
        try
        {
            await work;
        }
        catch (Exception e)
        {
            log.Error($"REST call '{what}' failed after its timeout: {e.Message}");
        }
        finally
        {
            _running.TryRemove(id, out _);
            cancellation.Dispose();
            input?.Dispose();
            log.Event($"REST call '{what}' ended {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after its timeout reply");
        }
    }

    /// <summary>Waits for the calls still running, at most <paramref name="limit"/>.</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        var running = _running.Values.ToArray();
        if (running.Length == 0) return;
        try
        {
            await Task.WhenAll(running).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            log.Error($"{_running.Count} REST calls still running after their timeout when the REST server stopped");
        }
        catch (Exception)
        {
            // failures were logged by their watchers
        }
    }
}
