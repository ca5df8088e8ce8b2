namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Files left in the watch dir because their database could not take them (down, unreachable, not connected yet), with
/// one gate per database (the first section of the file names). While a database's gate is closed its files are not
/// offered; when the gate's delay has passed, one file goes as a probe: if it loads, the gate opens for all; if it
/// fails too, the gate closes again for longer (a quarter second doubling up to <see cref="MaxDelay"/>). So an outage
/// costs one try per database per period, however many files pile up. Not thread-safe: <see cref="WatchDirQueue"/>
/// calls it under its lock.
/// </summary>
internal sealed class DbmsWaits
{
    /// <summary>Longest wait between two tries of a database that is unavailable.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Failures, long DueMilliseconds, string? Probe)> _gates = new(StringComparer.Ordinal);

    /// <summary>Files waiting (failed, or held behind a closed gate).</summary>
    public int Count => _failures.Count;

    /// <summary>How often this file failed for its database (0: never, or only held).</summary>
    public int Failures(string path) => _failures.GetValueOrDefault(path);

    /// <summary>True when the file must not be offered now; else, behind a gate whose delay passed, the file becomes its probe.</summary>
    public bool Holds(string path, long now)
    {
        var key = Key(path);
        if (!_gates.TryGetValue(key, out var gate)) return false;
        if (gate.Probe is not null || now < gate.DueMilliseconds)
        {
            _failures.TryAdd(path, 0);
            return true;
        }
        _gates[key] = gate with { Probe = path };
        return false;
    }

    /// <summary>The file failed for its database: it waits, and its database's gate closes for longer.</summary>
    public void Failed(string path, long now)
    {
        _failures[path] = _failures.GetValueOrDefault(path) + 1;
        var key = Key(path);
        var failures = _gates.TryGetValue(key, out var gate) ? gate.Failures + 1 : 1;
        var delay = Math.Min(MaxDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures - 1, 10)));
        _gates[key] = (failures, now + (long)delay, null);
    }

    /// <summary>The file was handled (loaded or moved aside): its database took work again, its gate opens.</summary>
    public void Finished(string path)
    {
        _failures.Remove(path);
        _gates.Remove(Key(path));
    }

    /// <summary>The file was left alone (not for the operator): if it was the probe, the next file probes.</summary>
    public void Released(string path)
    {
        var key = Key(path);
        if (_gates.TryGetValue(key, out var gate) && gate.Probe == path) _gates[key] = gate with { Probe = null };
    }

    /// <summary>Forgets files no longer in the watch dir.</summary>
    public void Prune(IReadOnlySet<string> present)
    {
        foreach (var gone in _failures.Keys.Where(p => !present.Contains(p)).ToList()) _failures.Remove(gone);
    }

    /// <summary>The database section of a data file name (<c>dbms.table....json</c>).</summary>
    private static string Key(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return (dot > 0 ? name[..dot] : name).ToLowerInvariant();
    }
}
