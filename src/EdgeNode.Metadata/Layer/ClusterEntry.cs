using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Layer;

/// <summary>A root cluster: its policy, the tables it serves (its own and its child clusters') and its operators.</summary>
internal sealed class ClusterEntry(Policy policy, string name, string company, string status)
{
    private readonly HashSet<TableKey> _tables = [];

    public Policy Policy { get; } = policy;

    public string Id => Policy.Id;

    public string Name { get; } = name;

    public string Company { get; } = company;

    public string Status { get; } = status;

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
