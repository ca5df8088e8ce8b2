using System.Collections.Concurrent;

namespace EdgeNode.Core.Hosting;

/// <summary>Per-command trace levels set by <c>trace level = N &lt;command&gt;</c>; 0 (off) when never set.</summary>
public sealed class TraceSettings
{
    private readonly ConcurrentDictionary<string, int> _levels = new(StringComparer.OrdinalIgnoreCase);

    public int LevelFor(string commandWords) =>
        _levels.IsEmpty ? 0 : _levels.TryGetValue(commandWords, out var level) ? level : 0;

    public void Set(string commandWords, int level)
    {
        if (level <= 0) _levels.TryRemove(commandWords, out _);
        else _levels[commandWords] = level;
    }

    public IReadOnlyDictionary<string, int> All => _levels;
}
