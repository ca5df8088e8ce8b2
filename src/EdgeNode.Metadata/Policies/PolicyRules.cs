using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Ledger;

namespace EdgeNode.Metadata.Policies;

/// <summary>
/// Validation and completion of a policy before it enters the ledger (EdgeLake <c>members/policies.py</c>):
/// required attributes per type, unique operator ip:port and name, unique dbms.table, the operator's cluster must
/// exist (error 87); defaults after the id: node ip and ports, the operator's cluster member id, cluster status.
/// </summary>
internal static class PolicyRules
{
    /// <summary>Adds the defaults the spec lists, after <c>id</c>/<c>date</c>: they never change the id.</summary>
    public static void Complete(Policy policy, NodeAddresses addresses)
    {
        var body = policy.Body;
        if (NodeTypes.IsNode(policy.Type))
        {
            if (body["ip"] is null)
            {
                body["ip"] = addresses.ExternalIp;
                if (body["local_ip"] is null && addresses.LocalIp != addresses.ExternalIp) body["local_ip"] = addresses.LocalIp;
            }
            var (tcp, rest) = NodeTypes.DefaultPorts(policy.Type);
            if (body["port"] is null) body["port"] = tcp;
            if (body["rest_port"] is null) body["rest_port"] = rest;
        }
        if (policy.Type == "cluster")
        {
            if (body["table"] is JsonArray tables)
                foreach (var table in tables)
                    if (table is JsonObject entry && entry["status"] is null) entry["status"] = "active";
            if (body["status"] is null) body["status"] = "active";
        }
    }

    /// <summary>Assigns an operator its cluster member id (1-255, unused in the cluster) when it has none.</summary>
    public static void AssignMember(Policy policy, LedgerState state)
    {
        if (policy.Type != "operator" || policy.Body["member"] is not null) return;
        var cluster = policy.Text("cluster");
        var used = state.OfType("operator").Where(o => o.Text("cluster") == cluster).Select(o => o.Integer("member"))
            .OfType<long>().ToHashSet();
        var free = Enumerable.Range(1, 255).Where(m => !used.Contains(m)).ToList();
        // random among the free ids: two operators joining the same cluster before they sync rarely pick the same one
        policy.Body["member"] = free.Count > 0 ? free[Random.Shared.Next(free.Count)] : used.Max() + 1;
    }

    /// <summary>Checks the completed policy against its type's rules and the ledger; null when it is valid.</summary>
    public static PolicyProblem? Validate(Policy policy, LedgerState state)
    {
        var type = policy.Type;
        if (NodeTypes.IsNode(type))
        {
            if (Missing(policy, "name", "company", "ip", "port") is { } missing) return missing;
            if (policy.Integer("port") is null)
                return new PolicyProblem(ErrorCode.PolicyError, $"{type} policy: 'port' must be an integer, got '{policy.Text("port")}'");
            if (type == "operator") return ValidateOperator(policy, state);
            return null;
        }
        return type switch
        {
            "cluster" => ValidateCluster(policy, state),
            "table" => ValidateTable(policy, state),
            "mapping" => Missing(policy, "dbms", "table"),
            _ => null,
        };
    }

    private static PolicyProblem? ValidateOperator(Policy policy, LedgerState state)
    {
        if (policy.Text("cluster") is not { Length: > 0 } clusterId)
            return new PolicyProblem(ErrorCode.OperatorClusterMissing, "operator policy without a 'cluster' attribute: publish a cluster policy first");
        if (state.Find(clusterId) is not { Type: "cluster" })
            return new PolicyProblem(ErrorCode.OperatorClusterMissing, $"operator policy: cluster '{clusterId}' is not in the ledger");
        var ip = policy.Text("ip");
        var port = policy.Text("port");
        foreach (var other in state.OfType("operator"))
        {
            if (other.Id == policy.Id) continue;
            if (other.Text("ip") == ip && other.Text("port") == port)
                return new PolicyProblem(ErrorCode.DuplicatePolicy, $"operator policy: {ip}:{port} is already used by operator '{other.Name}' ({other.Id})");
            if (string.Equals(other.Name, policy.Name, StringComparison.OrdinalIgnoreCase))
                return new PolicyProblem(ErrorCode.DuplicatePolicy, $"operator policy: the name '{policy.Name}' is already used by operator {other.Id}");
        }
        return null;
    }

    private static PolicyProblem? ValidateCluster(Policy policy, LedgerState state)
    {
        if (policy.Text("parent") is not { } parent) return Missing(policy, "company", "name");
        if (state.Find(parent) is not { Type: "cluster" })
            return new PolicyProblem(ErrorCode.PolicyError, $"cluster policy: parent cluster '{parent}' is not in the ledger");
        if (policy.Body["table"] is { } tables && (tables is not JsonArray list || list.Any(t => t is not JsonObject o || o["dbms"] is null || o["name"] is null)))
            return new PolicyProblem(ErrorCode.PolicyError, "cluster policy: 'table' must be a list of {\"dbms\": .., \"name\": ..}");
        return null;
    }

    private static PolicyProblem? ValidateTable(Policy policy, LedgerState state)
    {
        if (Missing(policy, "name", "dbms") is { } missing) return missing;
        var dbms = policy.Text("dbms");
        var name = policy.Name;
        foreach (var other in state.OfType("table"))
            if (other.Id != policy.Id && string.Equals(other.Text("dbms"), dbms, StringComparison.OrdinalIgnoreCase)
                && string.Equals(other.Name, name, StringComparison.OrdinalIgnoreCase))
                return new PolicyProblem(ErrorCode.DuplicatePolicy, $"table policy: {dbms}.{name} already has a table policy ({other.Id})");
        return null;
    }

    private static PolicyProblem? Missing(Policy policy, params string[] attributes)
    {
        foreach (var attribute in attributes)
            if (policy.Text(attribute) is not { Length: > 0 })
                return new PolicyProblem(ErrorCode.PolicyError, $"{policy.Type} policy: missing required attribute '{attribute}'");
        return null;
    }
}
