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
    private readonly DbmsWaits _waiting = new();
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
            if (_waiting.Count > 0) _waiting.Prune(files.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal));
        }
        foreach (var file in files) Offer(file.FullName);
    }

    /// <summary>Queues a file unless it is queued already, not a data file, or was set aside (<see cref="Skip"/>).</summary>
    public bool Offer(string path)
    {
        if (!IsDataFile(Path.GetFileName(path), _types)) return false;
        lock (_queued)
        {
            if (_skipped.Contains(path) || _queued.Contains(path) || _waiting.Holds(path, Environment.TickCount64)) return false;
            _queued.Add(path);
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
            _waiting.Finished(path);
        }
    }

    /// <summary>
    /// A file whose database could not take it (down, not connected yet) stays in the watch dir; a scan offers it again
    /// once its database's retry gate lets it (<see cref="DbmsWaits"/>).
    /// </summary>
    public void Defer(string path)
    {
        lock (_queued)
        {
            _queued.Remove(path);
            _waiting.Failed(path, Environment.TickCount64);
        }
    }

    /// <summary>How often a file failed for its database (0 when it never did).</summary>
    public int Tries(string path)
    {
        lock (_queued) return _waiting.Failures(path);
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
            _waiting.Released(path);
        }
    }

    /// <summary>Offers again a file set aside with <see cref="Skip"/> (what it waited for may have come: a cluster for its table).</summary>
    public bool Retry(string path)
    {
        lock (_queued) _skipped.Remove(path);
        return Offer(path);
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
