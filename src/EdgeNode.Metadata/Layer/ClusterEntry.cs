using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Layer;

/// <summary>A root cluster: its policy, the tables it serves (its own and its child clusters') and its operators.</summary>
internal sealed class ClusterEntry(Policy policy)
{
    public Policy Policy { get; } = policy;

    public string Id => Policy.Id;

    public string Name => Policy.Name ?? "";

    public string Company => Policy.Company ?? "";

    public string Status => Policy.Text("status") ?? "active";

    private readonly HashSet<TableKey> _tables = [];

    /// <summary>The tables in ledger order.</summary>
    public List<TableKey> Tables { get; } = [];

    public List<OperatorEntry> Operators { get; } = [];

    public bool Serves(TableKey key) => _tables.Contains(key);

    /// <summary>Adds a table once; false when the cluster already serves it.</summary>
    public bool AddTable(TableKey key)
    {
        if (!_tables.Add(key)) return false;
        Tables.Add(key);
        return true;
    }
}
