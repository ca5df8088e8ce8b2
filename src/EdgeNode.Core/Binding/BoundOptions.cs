using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Binding;

/// <summary>
/// The typed values of a where clause after binding against an <see cref="OptionSchema"/>: strings, longs (int, time in
/// seconds, storage in bytes), doubles, bools, <see cref="IpPort"/>, <see cref="DateTime"/>, lists, nested options.
/// </summary>
public sealed class BoundOptions
{
    // One value is stored as itself; a repeated key holds a Values list (most clauses repeat nothing). A clause has a
    // handful of keys: a flat array searched in order costs less to build and to read than a dictionary.
    private KeyValuePair<string, object>[] _entries;
    private int _count;

    private sealed class Values : List<object>;

    internal BoundOptions(int capacity = 8) => _entries = new KeyValuePair<string, object>[Math.Max(1, capacity)];

    private int IndexOf(string key)
    {
        for (var i = 0; i < _count; i++)
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal)) return i;
        return -1;
    }

    private bool TryGet(string key, out object value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null!;
        return index >= 0;
    }

    internal void Add(string key, object value)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
            _entries[_count++] = new(key, value);
            return;
        }
        var existing = _entries[index].Value;
        if (existing is not Values list) _entries[index] = new(key, list = [existing]);
        list.Add(value);
    }

    public bool Has(string key) => IndexOf(key) >= 0;

    public IEnumerable<string> Keys => _entries.Take(_count).Select(e => e.Key);

    public IReadOnlyList<object> All(string key) =>
        !TryGet(key, out var value) ? [] : value is Values list ? list : [value];

    private object? First(string key) => !TryGet(key, out var value) ? null : value is Values list ? list[0] : value;

    private T? One<T>(string key) => First(key) is { } value ? (T)value : default;

    public string? Str(string key) => First(key)?.ToString();

    public string Str(string key, string fallback) => Str(key) ?? fallback;

    public long Int(string key, long fallback = 0) => Has(key) ? One<long>(key) : fallback;

    public double Float(string key, double fallback = 0) => Has(key) ? One<double>(key) : fallback;

    public bool Bool(string key, bool fallback = false) => Has(key) ? One<bool>(key) : fallback;

    public IpPort? Endpoint(string key) => Has(key) ? One<IpPort>(key) : null;

    public DateTime? Date(string key) => Has(key) ? One<DateTime>(key) : null;

    /// <summary>Every value of a repeatable key, and every item of list values, as text.</summary>
    public IReadOnlyList<string> Strings(string key) =>
        All(key).SelectMany(v => v is List<string> items ? items : [v.ToString()!]).ToList();

    public IReadOnlyList<BoundOptions> NestedAll(string key) => All(key).Cast<BoundOptions>().ToList();

    /// <summary>Convenience for required options: the binder already rejected a missing one.</summary>
    public string Required(string key) =>
        Str(key) ?? throw new CommandSyntaxException($"missing required option '{key}'", 0, ErrorCode.MissingOption);
}
