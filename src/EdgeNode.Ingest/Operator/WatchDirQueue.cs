using System.Threading.Channels;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// The files of the watch dir waiting for a worker. A file arrives by a file-system event (at once) or by the periodic
/// scan (so nothing is missed: events overflow, are lost on some file systems, and files already there at start raise
/// none). A file is queued once until <see cref="Done"/>: one worker at a time. Only complete data files are taken —
/// <c>.json</c>, <c>.gz</c>, <c>.sql</c> — never <c>.transfer</c> or temporary names, which writers rename when done.
/// </summary>
internal sealed class WatchDirQueue : IDisposable
{
    private readonly string _directory;
    private readonly IReadOnlySet<string> _types;
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Tries, long DueMilliseconds)> _waiting = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;

    public WatchDirQueue(string directory, IReadOnlySet<string> types)
    {
        _directory = directory;
        _types = types;
    }

    public ChannelReader<string> Reader => _channel.Reader;

    /// <summary>Files queued or being processed.</summary>
    public int Waiting
    {
        get
        {
            lock (_queued) return _queued.Count;
        }
    }

    public void StartWatching()
    {
        _watcher = new FileSystemWatcher(_directory) { IncludeSubdirectories = false, InternalBufferSize = 64 * 1024 };
        _watcher.Created += (_, e) => Offer(e.FullPath);
        _watcher.Renamed += (_, e) => Offer(e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Scans are skipped while this many files wait: the backlog is work enough, and new files are found when it drains.</summary>
    private const int ScanBacklog = 1_000;

    /// <summary>Queues every eligible file of the directory that is not queued yet, oldest first.</summary>
    public void Scan()
    {
        if (Waiting >= ScanBacklog) return;
        List<FileInfo> files;
        try
        {
            files = new DirectoryInfo(_directory).EnumerateFiles().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        }
        catch (IOException)
        {
            return; // the directory is being changed or is gone: the next scan tries again
        }
        lock (_queued)
        {
            // a file set aside and since removed: a new file of that name is a new file
            if (_skipped.Count > 0) _skipped.IntersectWith(files.Select(f => f.FullName));
            if (_waiting.Count > 0)
            {
                var present = files.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in _waiting.Keys.Where(p => !present.Contains(p)).ToList()) _waiting.Remove(gone);
            }
        }
        foreach (var file in files) Offer(file.FullName);
    }

    /// <summary>Queues a file unless it is queued already, not a data file, or was set aside (<see cref="Skip"/>).</summary>
    public bool Offer(string path)
    {
        if (!IsDataFile(Path.GetFileName(path), _types)) return false;
        lock (_queued)
        {
            if (_skipped.Contains(path)) return false;
            if (_waiting.TryGetValue(path, out var retry) && Environment.TickCount64 < retry.DueMilliseconds) return false;
            if (!_queued.Add(path)) return false;
        }
        _channel.Writer.TryWrite(path);
        return true;
    }

    /// <summary>The file left the queue (loaded, moved aside, or left in place on purpose: it may be offered again).</summary>
    public void Done(string path)
    {
        lock (_queued)
        {
            _queued.Remove(path);
            _waiting.Remove(path);
        }
    }

    /// <summary>Longest wait between two tries of a file whose database is unavailable.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A file whose database could not take it (down, not connected yet) stays in the watch dir and is offered again by
    /// a scan after a delay that doubles from a quarter second up to <see cref="MaxRetryDelay"/>. Returns the number of
    /// tries so far (1 on the first failure).
    /// </summary>
    public int Defer(string path)
    {
        lock (_queued)
        {
            _queued.Remove(path);
            var tries = _waiting.TryGetValue(path, out var earlier) ? earlier.Tries + 1 : 1;
            var delay = Math.Min(MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(tries - 1, 10)));
            _waiting[path] = (tries, Environment.TickCount64 + (long)delay);
            return tries;
        }
    }

    /// <summary>Tries of a file that is waiting for its database (0 when it is not waiting).</summary>
    public int Tries(string path)
    {
        lock (_queued) return _waiting.TryGetValue(path, out var retry) ? retry.Tries : 0;
    }

    /// <summary>Files waiting in the watch dir for their database.</summary>
    public int WaitingForDbms
    {
        get
        {
            lock (_queued) return _waiting.Count;
        }
    }

    /// <summary>A file the operator leaves in the watch dir (another table's, with <c>limit_tables</c>): not offered again.</summary>
    public void Skip(string path)
    {
        lock (_queued)
        {
            _queued.Remove(path);
            _skipped.Add(path);
        }
    }

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>True for names the operator takes: <c>.json</c>, <c>.gz</c> and <c>.sql</c> files of the allowed types, not hidden.</summary>
    public static bool IsDataFile(string name, IReadOnlySet<string> types)
    {
        if (name.Length == 0 || name[0] == '.') return false;
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return types.Contains("gz");
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return types.Contains("json");
        if (name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) return types.Contains("sql");
        return false;
    }

    public void Dispose()
    {
        Complete();
        _watcher?.Dispose();
    }
}
