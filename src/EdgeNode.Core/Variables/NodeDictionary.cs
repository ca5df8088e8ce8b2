using System.Collections.Concurrent;

namespace EdgeNode.Core.Variables;

/// <summary>
/// The node's dictionary of <c>!variables</c>. Thread-safe: scripts, REST calls and peers read and write it concurrently.
/// Keys are case-sensitive, as in EdgeLake.
/// </summary>
public sealed class NodeDictionary
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    public bool TryGet(string key, out string value) => _values.TryGetValue(key, out value!);

    public bool Contains(string key) => _values.ContainsKey(key);

    public void Set(string key, string value) => _values[key] = value;

    /// <summary>Sets the key only when it is not declared yet (defaults must not override what a script set).</summary>
    public void SetDefault(string key, string value) => _values.TryAdd(key, value);

    public bool Remove(string key) => _values.TryRemove(key, out _);

    public IReadOnlyList<KeyValuePair<string, string>> Snapshot() =>
        _values.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
}
