using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Binding;

/// <summary>
/// The typed values of a where clause after binding against an <see cref="OptionSchema"/>: strings, longs (int, time in
/// seconds, storage in bytes), doubles, bools, <see cref="IpPort"/>, <see cref="DateTime"/>, lists, nested options.
/// </summary>
public sealed class BoundOptions
{
    private readonly Dictionary<string, List<object>> _values = new(StringComparer.Ordinal);

    internal void Add(string key, object value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<object>(1);
        list.Add(value);
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public IEnumerable<string> Keys => _values.Keys;

    public IReadOnlyList<object> All(string key) => _values.TryGetValue(key, out var list) ? list : [];

    private T? One<T>(string key) => _values.TryGetValue(key, out var list) ? (T)list[0] : default;

    public string? Str(string key) => _values.TryGetValue(key, out var list) ? list[0].ToString() : null;

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
