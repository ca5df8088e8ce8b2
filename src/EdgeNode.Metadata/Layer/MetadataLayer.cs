using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Ledger;

namespace EdgeNode.Metadata.Layer;

/// <summary>
/// The routing view of the ledger (EdgeLake <c>metadata.py</c>): company → dbms → table → root clusters, each root
/// cluster with its tables (from itself and its child clusters) and operators, and the <c>table</c> policies by
/// dbms.table. Immutable once built; rebuilt from the ledger after each change.
/// </summary>
internal sealed class MetadataLayer
{
    private readonly Dictionary<string, ClusterEntry> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<TableKey, List<ClusterEntry>> _tableClusters = [];
    private readonly Dictionary<(string Dbms, string Table), List<ClusterEntry>> _anyCompany = new(DbmsTableComparer.Instance);
    private readonly Dictionary<(string Dbms, string Table), Policy> _tablePolicies = new(DbmsTableComparer.Instance);

    public static readonly MetadataLayer Empty = new();

    /// <summary>Tables in ledger order with the clusters that serve them.</summary>
    public IReadOnlyDictionary<TableKey, List<ClusterEntry>> Tables => _tableClusters;

    public IReadOnlyCollection<ClusterEntry> Clusters => _clusters.Values;

    public static MetadataLayer Build(LedgerState state)
    {
        // build the JSON of the policies the layer reads on all cores first (policies parse on first use)
        Parallel.ForEach(state.OfType("cluster").Concat(state.OfType("operator")).Concat(state.OfType("table")), policy => _ = policy.Body);
        var layer = new MetadataLayer();
        foreach (var policy in state.OfType("cluster"))
            if (policy.Text("parent") is null && policy.Id.Length > 0) layer._clusters[policy.Id] = new ClusterEntry(policy);
        foreach (var policy in state.OfType("cluster"))
        {
            var root = layer.RootOf(state, policy);
            if (root is null) continue;
            foreach (var key in TablesOf(policy, root)) layer.AddTable(root, key);
        }
        foreach (var policy in state.OfType("operator"))
        {
            if (policy.Text("cluster") is not { } clusterId || layer.Root(state, clusterId) is not { } cluster) continue;
            if (OperatorEntry.From(policy) is { } entry) cluster.Operators.Add(entry);
        }
        foreach (var policy in state.OfType("table"))
            if (policy.Text("dbms") is { } dbms && policy.Name is { } name) layer._tablePolicies.TryAdd((dbms, name), policy);
        return layer;
    }

    public Policy? TablePolicy(string dbms, string table) => _tablePolicies.GetValueOrDefault((dbms, table));

    public ClusterEntry? Cluster(string id) => _clusters.GetValueOrDefault(id);

    /// <summary>The root clusters serving dbms.table for one company, or for any company when <paramref name="company"/> is null.</summary>
    public List<ClusterEntry> ClustersFor(string dbms, string table, string? company)
    {
        if (company is not null)
            return _tableClusters.TryGetValue(new TableKey(company, dbms, table), out var list) ? list : [];
        return _anyCompany.TryGetValue((dbms, table), out var any) ? any : [];
    }

    private void AddTable(ClusterEntry root, TableKey key)
    {
        if (!root.AddTable(key)) return;
        if (!_tableClusters.TryGetValue(key, out var clusters)) _tableClusters[key] = clusters = [];
        if (!clusters.Contains(root)) clusters.Add(root);
        if (!_anyCompany.TryGetValue((key.Dbms, key.Table), out var any)) _anyCompany[(key.Dbms, key.Table)] = any = [];
        if (!any.Contains(root)) any.Add(root);
    }

    /// <summary>The root cluster of a cluster policy (itself, or its parent chain's top), when it exists.</summary>
    private ClusterEntry? RootOf(LedgerState state, Policy cluster)
    {
        var current = cluster;
        for (var depth = 0; depth < 16; depth++)
        {
            if (current.Text("parent") is not { } parent) return _clusters.GetValueOrDefault(current.Id);
            if (state.Find(parent) is not { Type: "cluster" } next) return null;
            current = next;
        }
        return null;
    }

    private ClusterEntry? Root(LedgerState state, string clusterId) =>
        _clusters.TryGetValue(clusterId, out var root) ? root
        : state.Find(clusterId) is { Type: "cluster" } policy ? RootOf(state, policy)
        : null;

    /// <summary>The active tables a cluster policy lists: <c>"table": [{"dbms": d, "name": t, "status": "active"}]</c>.</summary>
    private static IEnumerable<TableKey> TablesOf(Policy cluster, ClusterEntry root)
    {
        if (cluster.Body["table"] is not JsonArray tables) yield break;
        var company = cluster.Company ?? root.Company;
        foreach (var item in tables)
        {
            if (item is not JsonObject table) continue;
            if (Policy.TextOf(table["dbms"]) is not { } dbms || Policy.TextOf(table["name"]) is not { } name) continue;
            if (Policy.TextOf(table["status"]) is { } status && !status.Equals("active", StringComparison.OrdinalIgnoreCase)) continue;
            yield return new TableKey(company, dbms, name);
        }
    }
}
