using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Query;

namespace EdgeNode.Query.Execution;

/// <summary>
/// The operators of a query (SPEC §12 step 2). Named destinations answer for every table of the query. For <c>()</c> the
/// metadata gives, per table (the query's and each included one), the clusters that host it and one operator per
/// cluster (the active main one, else round robin; <c>nodes = all</c>: every operator of the cluster); an operator
/// picked for several tables answers for all of them in one reply.
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
        var byAddress = new Dictionary<IpPort, (List<string> Tables, string Name)>();
        var order = new List<IpPort>();
        foreach (var table in tables)
        {
            var picked = metadata.GetQueryTargets(request.Dbms, table);
            if (picked.Count == 0)
            {
                error = $"no operator hosts {request.Dbms}.{table}: 'get data nodes' lists the tables of the network and their operators";
                return null;
            }
            var operators = request.AllNodes ? picked.SelectMany(p => metadata.GetClusterMembers(p.ClusterId)).ToList() : picked.ToList();
            foreach (var target in operators)
            {
                if (!IpPort.TryParse(target.IpPort, out var address))
                {
                    error = $"operator '{target.Name}' has no valid ip:port in its policy ({target.IpPort})";
                    return null;
                }
                if (!byAddress.TryGetValue(address, out var entry))
                {
                    entry = ([], target.Name);
                    byAddress[address] = entry;
                    order.Add(address);
                }
                if (!entry.Tables.Contains(table, StringComparer.OrdinalIgnoreCase)) entry.Tables.Add(table);
            }
        }
        return order.Select(a => new QueryTarget(a, byAddress[a].Tables, byAddress[a].Name)).ToList();
    }
}
