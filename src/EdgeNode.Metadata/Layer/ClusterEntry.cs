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

    public List<TableKey> Tables { get; } = [];

    public List<OperatorEntry> Operators { get; } = [];

    public bool Serves(TableKey key) => Tables.Contains(key);
}
