using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// The ledger in memory: policies in file order with indexes by id and by type, and lazily built indexes by
/// (type, attribute) for <c>where attr = value</c> lookups. <c>anmp</c> policies are applied over their targets
/// (the target is replaced by a merged copy). Not thread-safe: <see cref="MetadataStore"/> guards it.
/// </summary>
internal sealed class LedgerState
{
    private readonly List<Policy> _policies;
    private readonly Dictionary<string, Policy> _byId;
    private readonly Dictionary<string, List<Policy>> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Attribute), Dictionary<string, List<Policy>>> _attributeIndexes = [];

    public LedgerState(IReadOnlyList<Policy> policies)
    {
        _policies = new List<Policy>(policies.Count + 64);
        _byId = new Dictionary<string, Policy>(policies.Count + 64, StringComparer.Ordinal);
        foreach (var policy in policies) AddCore(policy);
    }

    public IReadOnlyList<Policy> All => _policies;

    public int Count => _policies.Count;

    public Policy? Find(string id) => _byId.GetValueOrDefault(id);

    public bool Contains(string id) => _byId.ContainsKey(id);

    public IReadOnlyList<Policy> OfType(string type) => _byType.TryGetValue(type, out var list) ? list : [];

    public IEnumerable<string> Types => _byType.Keys;

    public void Add(Policy policy)
    {
        AddCore(policy);
        _attributeIndexes.Clear();
    }

    public bool Remove(string id)
    {
        if (!_byId.Remove(id, out var policy)) return false;
        _policies.Remove(policy);
        _byType[policy.Type].Remove(policy);
        _attributeIndexes.Clear();
        return true;
    }

    /// <summary>
    /// Policies of <paramref name="type"/> whose attribute equals <paramref name="value"/> (case-insensitive text),
    /// from an index built on first use for that (type, attribute).
    /// </summary>
    public IReadOnlyList<Policy> WithAttribute(string type, string attribute, string value)
    {
        if (!_attributeIndexes.TryGetValue((type, attribute), out var index))
        {
            index = new Dictionary<string, List<Policy>>(StringComparer.OrdinalIgnoreCase);
            foreach (var policy in OfType(type))
            {
                if (PolicyScan.Attribute(policy, attribute) is not { } text) continue; // scalars only, read without parsing
                if (!index.TryGetValue(text, out var list)) index[text] = list = [];
                list.Add(policy);
            }
            _attributeIndexes[(type, attribute)] = index;
        }
        return index.TryGetValue(value, out var found) ? found : [];
    }

    private void AddCore(Policy policy)
    {
        if (policy.Type == "anmp") ApplyAnmp(policy);
        var id = policy.Id;
        if (id.Length > 0) _byId[id] = policy;
        _policies.Add(policy);
        if (!_byType.TryGetValue(policy.Type, out var list)) _byType[policy.Type] = list = [];
        list.Add(policy);
    }

    /// <summary><c>{"anmp": {"&lt;policy id&gt;": {attr: value, ...}}}</c>: the attributes override those of the policy with that id.</summary>
    private void ApplyAnmp(Policy anmp)
    {
        foreach (var (targetId, changes) in anmp.Body)
        {
            if (changes is not JsonObject attributes || !_byId.TryGetValue(targetId, out var target)) continue;
            var merged = target.Clone();
            foreach (var (key, value) in attributes) merged.Body[key] = value?.DeepClone();
            Replace(target, merged);
        }
    }

    private void Replace(Policy old, Policy merged)
    {
        _policies[_policies.IndexOf(old)] = merged;
        var typed = _byType[old.Type];
        typed[typed.IndexOf(old)] = merged;
        _byId[old.Id] = merged;
    }
}
