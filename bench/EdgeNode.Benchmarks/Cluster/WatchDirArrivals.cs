using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeNode.Benchmarks.Cluster;

/// <summary>
/// Times the data files landing in a watch dir. A file transfer writes <c>&lt;name&gt;.&lt;id&gt;.transfer</c>, fsyncs it and
/// only then renames it to its name, so the rename is the moment the file is durably held; the operator may load and
/// move it away right after, which is why the arrivals are watched (inotify) instead of listing the directory.
/// </summary>
internal sealed class WatchDirArrivals : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentDictionary<string, double> _arrivals = new();
    private Exception? _error;

    public WatchDirArrivals(string directory)
    {
        _watcher = new FileSystemWatcher(directory) { InternalBufferSize = 64 * 1024, NotifyFilter = NotifyFilters.FileName };
        _watcher.Renamed += (_, e) => Arrived(e.Name);
        _watcher.Created += (_, e) => Arrived(e.Name);
        _watcher.Error += (_, e) => _error = e.GetException();
    }

    /// <summary>Starts the clock and the watch.</summary>
    public void Start()
    {
        _clock.Start();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Distinct data files arrived so far (a file sent twice counts once).</summary>
    public int Count => _error is null ? _arrivals.Count : throw new InvalidOperationException($"the watch of the watch dir failed: {_error.Message}", _error);

    /// <summary>Seconds from <see cref="Start"/> to the arrival of the last file.</summary>
    public double LastArrival => _arrivals.Values.Max();

    private void Arrived(string? name)
    {
        if (name is not null && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) _arrivals.TryAdd(name, _clock.Elapsed.TotalSeconds);
    }

    public void Dispose() => _watcher.Dispose();
}
