using EdgeNode.Core;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Layer;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// Owns the ledger of a node: the file named by <c>!blockchain_file</c>, its in-memory <see cref="LedgerState"/> (loaded
/// on first use, and again when <c>!blockchain_file</c> points elsewhere), the <see cref="MetadataLayer"/> (rebuilt
/// lazily after a change) and the md5 version. One lock serializes writers and guards readers; file writes happen
/// under it so the file and memory always agree. <see cref="Changed"/> fires after each change, outside the lock.
/// </summary>
internal sealed class MetadataStore(Func<string> pathProvider, NodeLog log)
{
    private readonly Lock _gate = new();
    private LedgerState? _state;
    private HashSet<string> _localIds = new(StringComparer.Ordinal); // "ledger": "local" policies, kept across a sync
    private string? _loadedPath;
    private LedgerLoad? _lastLoad;
    private long _generation;
    private MetadataLayer? _layer;
    private long _layerGeneration = -1;
    private string? _version;
    private (long Length, DateTime Written) _versionStamp;
    private (long Length, DateTime Written) _fileStamp;

    public event EventHandler? Changed;

    public string FilePath => pathProvider();

    /// <summary>Increments on every change of the in-memory ledger.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                EnsureLoaded();
                return _generation;
            }
        }
    }

    /// <summary>What the last load of the file found (invalid lines, torn tail).</summary>
    public LedgerLoad LastLoad
    {
        get
        {
            lock (_gate)
            {
                EnsureLoaded();
                return _lastLoad!;
            }
        }
    }

    /// <summary>Runs a read against the current ledger under the lock. Keep it short; format output outside.</summary>
    public T Read<T>(Func<LedgerState, T> read)
    {
        lock (_gate) return read(EnsureLoaded());
    }

    public MetadataLayer Layer
    {
        get
        {
            lock (_gate)
            {
                var state = EnsureLoaded();
                if (_layer is null || _layerGeneration != _generation)
                {
                    _layer = MetadataLayer.Build(state);
                    _layerGeneration = _generation;
                }
                return _layer;
            }
        }
    }

    public string Version
    {
        get
        {
            var path = FilePath;
            var info = new FileInfo(path);
            if (!info.Exists) return "";
            var stamp = (info.Length, info.LastWriteTimeUtc);
            lock (_gate)
            {
                if (_version is not null && stamp == _versionStamp) return _version;
            }
            var version = LedgerFile.Md5(path);
            lock (_gate)
            {
                _version = version;
                _versionStamp = stamp;
            }
            return version;
        }
    }

    /// <summary>
    /// Appends a policy after <paramref name="check"/> (run under the lock against the current ledger, it may complete
    /// the policy) accepts it: the file first (fsync), then memory.
    /// </summary>
    public PolicyProblem? Append(Policy policy, Func<LedgerState, PolicyProblem?> check)
    {
        lock (_gate)
        {
            var state = EnsureLoaded();
            if (check(state) is { } problem) return problem;
            WriteAppend([policy.ToJson()]);
            state.Add(policy);
            if (policy.Text("ledger") == "local") _localIds.Add(policy.Id);
            _generation++;
        }
        RaiseChanged();
        return null;
    }

    /// <summary>Appends a deletion marker for a policy in the ledger; false when the id is unknown.</summary>
    public bool MarkDeleted(string id)
    {
        lock (_gate)
        {
            var state = EnsureLoaded();
            if (!state.Contains(id)) return false;
            WriteAppend([LedgerFile.DeletedMarker(id)]);
            state.Remove(id);
            _localIds.Remove(id);
            _generation++;
        }
        RaiseChanged();
        return true;
    }

    /// <summary>Rewrites the ledger without the policies <paramref name="remove"/> selects; returns them.</summary>
    public IReadOnlyList<Policy> RemoveWhere(Func<Policy, bool> remove)
    {
        List<Policy> removed;
        lock (_gate)
        {
            var state = EnsureLoaded();
            removed = state.All.Where(remove).ToList();
            if (removed.Count == 0) return removed;
            foreach (var policy in removed)
            {
                state.Remove(policy.Id);
                _localIds.Remove(policy.Id);
            }
            RewriteFrom(state);
        }
        RaiseChanged();
        return removed;
    }

    /// <summary>Replaces a policy in place (same position) by another; the file is rewritten atomically.</summary>
    public PolicyProblem? Replace(string id, Policy replacement, Func<LedgerState, PolicyProblem?> check)
    {
        lock (_gate)
        {
            var state = EnsureLoaded();
            if (!state.Contains(id))
                return new PolicyProblem(Core.Commands.ErrorCode.PolicyNotFound, $"no policy with id '{id}' in the ledger");
            if (check(state) is { } problem) return problem;
            var policies = state.All.Select(p => p.Id == id ? replacement : p).ToList();
            _localIds.Remove(id);
            if (replacement.Text("ledger") == "local") _localIds.Add(replacement.Id);
            _state = new LedgerState(policies);
            RewriteFrom(_state);
        }
        RaiseChanged();
        return null;
    }

    /// <summary>Re-reads the file (<c>blockchain load metadata</c>).</summary>
    public LedgerLoad Reload()
    {
        LedgerLoad load;
        lock (_gate)
        {
            var previous = _state;
            _state = null;
            EnsureLoaded(previous);
            load = _lastLoad!;
        }
        RaiseChanged();
        return load;
    }

    /// <summary>
    /// Makes a received ledger the active one, keeping this node's local-only policies the received one lacks
    /// (see <see cref="ILedgerSync.ReplaceAsync"/>). The old file becomes <c>blockchain.old</c>.
    /// </summary>
    public LedgerReplaceResult ReplaceFile(string receivedFile, Func<string, bool>? withheld = null)
    {
        LedgerReplaceResult result;
        lock (_gate)
        {
            var state = EnsureLoaded();
            var path = FilePath;
            var received = LedgerFile.Read(receivedFile);
            if (!received.FileExists) throw new FileNotFoundException($"received ledger '{receivedFile}' does not exist", receivedFile);
            // a damaged ledger never replaces a good one: the caller sets the file aside and the next sync fetches it again
            if (!received.IsClean) throw new InvalidDataException($"received ledger not used: {received.Describe(receivedFile)}");
            var incoming = withheld is null ? received.Policies : received.Policies.Where(p => !withheld(p.Id)).ToList();
            var ids = incoming.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            // only policies known to be local are looked at: the others are not parsed
            var kept = state.All.Where(p => _localIds.Contains(p.Id) && !ids.Contains(p.Id)).ToList();
            // the master's lines are kept byte for byte, so this file's md5 equals the master's export and the next sync is a no-op;
            // with nothing to add, the received file itself (made durable) is renamed into place
            string staged;
            if (kept.Count == 0 && incoming.Count == received.Policies.Count)
            {
                staged = receivedFile;
                using (var file = new FileStream(staged, FileMode.Open, FileAccess.ReadWrite)) file.Flush(flushToDisk: true);
            }
            else
            {
                staged = path + ".new.tmp";
                LedgerFile.Rewrite(staged, incoming.Concat(kept).Select(LineOf));
                File.Delete(receivedFile);
            }
            if (File.Exists(path)) File.Copy(path, Path.ChangeExtension(path, ".old"), overwrite: true);
            File.Move(staged, path, overwrite: true);
            Core.IO.DurableFiles.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _state = new LedgerState(ReuseUnchanged(incoming, state).Concat(kept).ToList());
            _localIds = [.. received.LocalIds.Where(ids.Contains), .. kept.Select(p => p.Id)];
            _lastLoad = received;
            _loadedPath = path;
            _generation++;
            _version = null;
            _fileStamp = Stamp(path);
            result = new LedgerReplaceResult(LedgerFile.Md5(path), _state.Count, kept);
        }
        RaiseChanged();
        return result;
    }

    private static string LineOf(Policy policy) =>
        policy.Source.IsEmpty ? policy.ToJson() : System.Text.Encoding.UTF8.GetString(policy.Source.Span);

    /// <summary>Reloads when the file on disk changed since this node last read or wrote it (another writer, a copied file).</summary>
    public void ReloadIfChangedOnDisk()
    {
        lock (_gate)
        {
            if (_state is null || Stamp(FilePath) == _fileStamp) return;
        }
        Reload();
    }

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, DateTime.MinValue);
    }

    private LedgerState EnsureLoaded(LedgerState? previous = null)
    {
        var path = FilePath;
        if (_state is not null && _loadedPath == path) return _state;
        var load = LedgerFile.Read(path);
        if (!load.IsClean) log.Error(load.Describe(path));
        _state = new LedgerState(previous is null ? load.Policies : ReuseUnchanged(load.Policies, previous));
        _localIds = load.LocalIds;
        _lastLoad = load;
        _loadedPath = path;
        _generation++;
        _version = null;
        _fileStamp = Stamp(path);
        return _state;
    }

    /// <summary>
    /// The loaded policies, each replaced by the policy already in memory when its ledger line is the same: a sync that
    /// adds a few policies to a large ledger does not rebuild the JSON of all the others.
    /// </summary>
    private static List<Policy> ReuseUnchanged(IReadOnlyList<Policy> loaded, LedgerState previous)
    {
        var result = new List<Policy>(loaded.Count);
        foreach (var policy in loaded)
        {
            var old = previous.Find(policy.Id);
            result.Add(old is not null && old.Type == policy.Type && !old.Source.IsEmpty && old.Source.Span.SequenceEqual(policy.Source.Span)
                ? old
                : policy);
        }
        return result;
    }

    private void WriteAppend(IReadOnlyList<string> lines)
    {
        if (LedgerFile.Append(FilePath, lines) is { } note) log.Error(note);
        _version = null;
        _fileStamp = Stamp(FilePath);
    }

    private void RewriteFrom(LedgerState state)
    {
        LedgerFile.Rewrite(FilePath, state.All.Select(p => p.ToJson()));
        _generation++;
        _version = null;
        _fileStamp = Stamp(FilePath);
    }

    private void RaiseChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
