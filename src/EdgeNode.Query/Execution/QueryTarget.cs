using EdgeNode.Core.Binding;

namespace EdgeNode.Query.Execution;

/// <summary>
/// An operator a query goes to, the tables it answers for (the query's table and included ones it hosts) and its name.
/// <see cref="Clusters"/> names the cluster each table was picked from (empty for destinations the user named): another
/// member of that cluster can answer instead when this one does not.
/// </summary>
internal sealed record QueryTarget(IpPort Address, IReadOnlyList<string> Tables, string Name)
{
    public IReadOnlyDictionary<string, string> Clusters { get; init; } = new Dictionary<string, string>();
}
