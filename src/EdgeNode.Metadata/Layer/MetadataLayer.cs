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
    private readonly Dictionary<string, string> _dbmsCompany = new(StringComparer.OrdinalIgnoreCase);

    public static readonly MetadataLayer Empty = new();

    /// <summary>Tables in ledger order with the clusters that serve them.</summary>
    public IReadOnlyDictionary<TableKey, List<ClusterEntry>> Tables => _tableClusters;

    public IReadOnlyCollection<ClusterEntry> Clusters => _clusters.Values;

    private static readonly string[] ClusterAttributes = ["parent", "company", "name", "status"];
    private static readonly string[] TableAttributes = ["dbms", "name"];

    /// <summary>Builds the layer reading only the attributes it needs from the ledger lines, on all cores.</summary>
    public static MetadataLayer Build(LedgerState state)
    {
        var layer = new MetadataLayer();
        var clusters = state.OfType("cluster");
        var facts = new (string?[] Values, List<(string? Dbms, string? Name, string? Status)> Tables)[clusters.Count];
        Parallel.For(0, clusters.Count, i =>
        {
            var tables = new List<(string? Dbms, string? Name, string? Status)>();
            facts[i] = (PolicyScan.Attributes(clusters[i], ClusterAttributes, tables), tables);
        });
        var parents = new Dictionary<string, string?>(clusters.Count, StringComparer.Ordinal);
        for (var i = 0; i < clusters.Count; i++)
        {
            var (values, _) = facts[i];
            var id = clusters[i].Id;
            if (id.Length == 0) continue;
            parents.TryAdd(id, values[0]);
            if (values[0] is null)
                layer._clusters.TryAdd(id, new ClusterEntry(clusters[i], values[2] ?? "", TableKey.CompanyOf(values[1]), values[3] ?? "active"));
        }
        for (var i = 0; i < clusters.Count; i++)
        {
            if (layer.RootOf(clusters[i].Id, parents) is not { } root) continue;
            var (values, tables) = facts[i];
            foreach (var (dbms, name, status) in tables)
            {
                if (dbms is null || name is null) continue;
                if (status is not null && !status.Equals("active", StringComparison.OrdinalIgnoreCase)) continue;
                layer.AddTable(root, new TableKey(string.IsNullOrEmpty(values[1]) ? root.Company : values[1]!, dbms, name));
            }
        }
        var operators = state.OfType("operator");
        var entries = new (string? Cluster, OperatorEntry? Entry)[operators.Count];
        Parallel.For(0, operators.Count, i =>
        {
            var values = PolicyScan.Attributes(operators[i], [.. OperatorEntry.Attributes, "cluster"]);
            entries[i] = (values[^1], OperatorEntry.From(operators[i], values));
        });
        foreach (var (clusterId, entry) in entries)
            if (clusterId is not null && entry is not null && layer.RootOf(clusterId, parents) is { } cluster) cluster.Operators.Add(entry);
        foreach (var policy in state.OfType("table"))
            if (PolicyScan.Attributes(policy, TableAttributes) is [{ } dbms, { } name]) layer._tablePolicies.TryAdd((dbms, name), policy);
        return layer;
    }

    public Policy? TablePolicy(string dbms, string table) => _tablePolicies.GetValueOrDefault((dbms, table));

    public ClusterEntry? Cluster(string id) => _clusters.GetValueOrDefault(id);

    /// <summary>The company whose cluster serves a table of <paramref name="dbms"/> (the last one in ledger order, as EdgeLake's map keeps it), or null.</summary>
    public string? CompanyOf(string dbms) => _dbmsCompany.GetValueOrDefault(dbms);

    /// <summary>The root clusters serving dbms.table for one company, or for any company when <paramref name="company"/> is null.</summary>
    public List<ClusterEntry> ClustersFor(string dbms, string table, string? company)
    {
        if (company is not null)
            return _tableClusters.TryGetValue(new TableKey(company, dbms, table), out var list) ? list : [];
        return _anyCompany.TryGetValue((dbms, table), out var any) ? any : [];
    }

    private void AddTable(ClusterEntry root, TableKey key)
    {
        _dbmsCompany[key.Dbms] = key.Company;
        if (!root.AddTable(key)) return;
        if (!_tableClusters.TryGetValue(key, out var clusters)) _tableClusters[key] = clusters = [];
        if (!clusters.Contains(root)) clusters.Add(root);
        if (!_anyCompany.TryGetValue((key.Dbms, key.Table), out var any)) _anyCompany[(key.Dbms, key.Table)] = any = [];
        if (!any.Contains(root)) any.Add(root);
    }

    /// <summary>The root cluster of a cluster id (itself, or the top of its parent chain), when it exists.</summary>
    private ClusterEntry? RootOf(string clusterId, Dictionary<string, string?> parents)
    {
        var current = clusterId;
        for (var depth = 0; depth < 16; depth++)
        {
            if (_clusters.TryGetValue(current, out var root)) return root;
            if (!parents.TryGetValue(current, out var parent) || parent is null) return null;
            current = parent;
        }
        return null;
    }
}
