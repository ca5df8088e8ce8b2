using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Query;

namespace EdgeNode.Query.Execution;

/// <summary>
/// The operators of a query (SPEC §12 step 2). Named destinations answer for every table of the query. For <c>()</c> the
/// metadata gives, per table (the query's and each included one), the clusters that host it and one operator per
/// cluster: the active main one, else the next active member in round robin (<c>nodes = all</c>: any active member in
/// round robin, the main one not preferred, as EdgeLake reads it); an operator picked for several tables answers for all
/// of them in one reply. When one does not answer, <see cref="Alternates"/> finds the members that answer instead.
/// </summary>
internal static class TargetResolver
{
    /// <summary>The targets, or null with <paramref name="error"/> saying which table no operator hosts.</summary>
    public static List<QueryTarget>? Resolve(NetworkQuery query, QueryRequest request, IReadOnlyList<string> tables, IMetadata? metadata,
        out string error)
    {
        error = "";
        if (query.Destinations.Count > 0)
            return query.Destinations.Select(d => new QueryTarget(d, tables, d.ToString())).ToList();
        if (metadata is null)
        {
            error = "this node has no metadata to find the operators: name them, e.g. run client (ip:port) sql ...";
            return null;
        }
        var targets = new Targets();
        foreach (var table in tables)
        {
            var picked = metadata.GetQueryTargets(request.Dbms, table, useMain: !request.AllNodes);
            if (picked.Count == 0)
            {
                error = $"no operator hosts {request.Dbms}.{table}: 'get data nodes' lists the tables of the network and their operators";
                return null;
            }
            foreach (var target in picked)
            {
                if (!IpPort.TryParse(target.IpPort, out var address))
                {
                    error = $"operator '{target.Name}' has no valid ip:port in its policy ({target.IpPort})";
                    return null;
                }
                targets.Add(address, target.Name, table, target.ClusterId);
            }
        }
        return targets.ToList();
    }

    /// <summary>
    /// The members that answer instead of <paramref name="failed"/>: for each of its tables another member of the cluster it
    /// was picked from, not one in <paramref name="excluded"/> (those that failed in this query), active ones first, the
    /// main one first among them. Empty when a table has no other member (or the operator was named by the user).
    /// </summary>
    public static List<QueryTarget> Alternates(QueryTarget failed, IReadOnlySet<IpPort> excluded, IMetadata metadata)
    {
        var targets = new Targets();
        foreach (var table in failed.Tables)
        {
            if (!failed.Clusters.TryGetValue(table, out var cluster)) return [];
            var candidate = metadata.GetClusterMembers(cluster)
                .Select(m => (Member: m, Ok: IpPort.TryParse(m.IpPort, out var address), Address: address))
                .Where(m => m.Ok && !excluded.Contains(m.Address))
                .OrderBy(m => m.Member.Status == OperatorStatus.Active ? 0 : 1).ThenBy(m => m.Member.IsMain ? 0 : 1)
                .FirstOrDefault();
            if (!candidate.Ok) return [];
            targets.Add(candidate.Address, candidate.Member.Name, table, cluster);
        }
        return targets.ToList();
    }

    /// <summary>Targets by address in the order first picked, each with its tables and the cluster of each.</summary>
    private sealed class Targets
    {
        private readonly Dictionary<IpPort, (List<string> Tables, Dictionary<string, string> Clusters, string Name)> _byAddress = [];
        private readonly List<IpPort> _order = [];

        public void Add(IpPort address, string name, string table, string cluster)
        {
            if (!_byAddress.TryGetValue(address, out var entry))
            {
                entry = ([], new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), name);
                _byAddress[address] = entry;
                _order.Add(address);
            }
            if (!entry.Tables.Contains(table, StringComparer.OrdinalIgnoreCase)) entry.Tables.Add(table);
            entry.Clusters.TryAdd(table, cluster);
        }

        public List<QueryTarget> ToList() =>
            _order.Select(a => new QueryTarget(a, _byAddress[a].Tables, _byAddress[a].Name) { Clusters = _byAddress[a].Clusters }).ToList();
    }
}
