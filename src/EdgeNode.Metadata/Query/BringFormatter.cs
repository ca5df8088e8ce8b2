using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;
using EdgeNode.Metadata.Ledger;

namespace EdgeNode.Metadata.Query;

/// <summary>
/// Applies a <see cref="BringSpec"/> to selected policies (SPEC §2 bring). <see cref="Expand"/> runs under the ledger
/// lock (it follows parent links); <see cref="Format"/> runs outside it on the immutable policies.
/// <list type="bullet">
/// <item><c>bring</c>: per policy the keys' values and the literals concatenated; policies joined by <c>separator</c>
/// (none by default). A policy missing a key is left out unless <c>null</c> is given (empty value).</item>
/// <item><c>first</c> the first policy, <c>recent</c> the newest by date, <c>unique</c> distinct entries, <c>count</c>
/// their number, <c>min</c>/<c>max</c>, <c>list</c> a JSON list of entries, <c>json</c> the policies reduced to the
/// keys, <c>table</c> a text table (header = attribute name, <c>Policy</c> for a type key), <c>table.sort(i,..)</c>
/// ordered by 0-based columns, <c>ip_port</c> each node's <c>ip:port</c> (its local ip when it shares this node's
/// external ip), joined by <c>,</c>.</item>
/// <item><c>children</c> the policies whose <c>parent</c> is a selected one, <c>parents</c> the policies the selected
/// ones name as <c>parent</c>, <c>extend</c> the selected policies and all their descendants, <c>paths</c> the
/// <c>name</c> chain from the top parent to each policy (<c>a/b/c</c>).</item>
/// </list>
/// </summary>
internal static class BringFormatter
{
    /// <summary>The policy set the bring works on: parent/child expansion, first, recent. Call under the ledger lock.</summary>
    public static BringInput Expand(BringSpec? spec, IReadOnlyList<Policy> selected, LedgerState state)
    {
        IReadOnlyList<Policy> policies = selected;
        if (spec is null) return new BringInput(policies, null);
        if (spec.Has("children")) policies = Children(policies, state, recursive: false);
        if (spec.Has("parents"))
            policies = policies.Select(p => p.Text("parent") is { } parent ? state.Find(parent) : null).OfType<Policy>().Distinct().ToList();
        if (spec.Has("extend")) policies = policies.Concat(Children(policies, state, recursive: true)).Distinct().ToList();
        if (spec.Has("recent") && policies.Count > 0)
            policies = [policies.MaxBy(p => p.Date ?? "", StringComparer.Ordinal)!];
        if (spec.Has("first") && policies.Count > 1) policies = [policies[0]];
        var paths = spec.Has("paths") ? policies.Select(p => PathOf(p, state)).ToList() : null;
        return new BringInput(policies, paths);
    }

    public static CommandResult Format(BringSpec? spec, BringInput input, string myExternalIp)
    {
        var policies = input.Policies;
        if (spec is null || (!spec.HasKeys && spec.Items.Count == 0 && !spec.Modifiers.Overlaps(["ip_port", "paths", "count", "table"])))
            return spec?.Has("count") == true ? CommandResult.Ok(policies.Count.ToString(CultureInfo.InvariantCulture)) : Policies(policies);
        if (spec.Has("json")) return Json(spec, policies);
        if (spec.Has("table")) return Table(spec, policies);
        List<string> entries;
        if (spec.Has("ip_port")) entries = policies.Select(p => IpPort(p, myExternalIp)).OfType<string>().ToList();
        else if (input.Paths is { } paths) entries = [.. paths];
        else if (!spec.HasKeys && spec.Items.Count == 0) entries = policies.Select(p => p.Id).ToList();
        else entries = policies.Select(p => Entry(spec, p)).OfType<string>().ToList();
        if (spec.Has("unique") || spec.Has("ip_port")) entries = entries.Distinct(StringComparer.Ordinal).ToList();
        if (spec.Has("count")) return CommandResult.Ok(entries.Count.ToString(CultureInfo.InvariantCulture));
        if (spec.Has("min") || spec.Has("max"))
        {
            if (entries.Count == 0) return CommandResult.Empty;
            var ordered = entries.Order(NumericFirstComparer.Instance).ToList();
            return CommandResult.Ok(spec.Has("min") ? ordered[0] : ordered[^1]);
        }
        if (spec.Has("list")) return CommandResult.Json(PyJson.Serialize(new JsonArray(entries.Select(e => (JsonNode?)e).ToArray())));
        var separator = spec.Separator ?? (spec.Has("ip_port") ? "," : spec.Has("paths") ? "\n" : "");
        return CommandResult.Ok(string.Join(separator, entries));
    }

    /// <summary>The default output: the policies as a JSON list, as <c>json.dumps</c> prints it.</summary>
    public static CommandResult Policies(IReadOnlyList<Policy> policies)
    {
        var builder = new StringBuilder(policies.Count * 256 + 2);
        builder.Append('[');
        for (var i = 0; i < policies.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            PyJson.Write(builder, policies[i].Root);
        }
        return CommandResult.Json(builder.Append(']').ToString());
    }

    private static string? Entry(BringSpec spec, Policy policy)
    {
        var builder = new StringBuilder();
        foreach (var item in spec.Items)
        {
            if (item.Literal is not null)
            {
                builder.Append(item.Literal);
                continue;
            }
            var text = ValueText(item.Key!, policy);
            if (text is null && !spec.Has("null")) return null;
            builder.Append(text);
        }
        return builder.ToString();
    }

    /// <summary>The text of a key in a policy: several values (through a list) joined by commas; null when absent.</summary>
    private static string? ValueText(PolicyPath key, Policy policy)
    {
        var values = key.Values(policy);
        if (values.Count == 0) return null;
        if (values.Count == 1) return Policy.TextOf(values[0]) ?? "";
        return string.Join(',', values.Select(v => Policy.TextOf(v) ?? ""));
    }

    private static CommandResult Json(BringSpec spec, IReadOnlyList<Policy> policies)
    {
        if (!spec.HasKeys) return Policies(policies);
        var list = new JsonArray();
        foreach (var policy in policies)
        {
            var body = new JsonObject();
            foreach (var item in spec.Items)
            {
                if (item.Key is not { } key) continue;
                var values = key.Values(policy);
                if (values.Count == 0)
                {
                    if (spec.Has("null")) body[key.Attribute] = null;
                    continue;
                }
                body[key.IsTypeOnly ? "policy" : key.Attribute] = values.Count == 1
                    ? values[0]?.DeepClone()
                    : new JsonArray(values.Select(v => v?.DeepClone()).ToArray());
            }
            if (body.Count > 0) list.Add((JsonNode)new JsonObject { [policy.Type] = body });
        }
        if (spec.Has("unique"))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            list = new JsonArray(list.Where(n => seen.Add(PyJson.Serialize(n))).Select(n => n!.DeepClone()).ToArray());
        }
        return CommandResult.Json(PyJson.Serialize(list));
    }

    private static CommandResult Table(BringSpec spec, IReadOnlyList<Policy> policies)
    {
        var keys = spec.Items.Where(i => i.Key is not null).Select(i => i.Key!).ToList();
        List<string> headers;
        List<IReadOnlyList<object?>> rows;
        if (keys.Count == 0)
        {
            headers = ["Policy", "Id", "Name"];
            rows = policies.Select(p => (IReadOnlyList<object?>)[p.Type, p.Id, p.Name ?? ""]).ToList();
        }
        else
        {
            headers = keys.Select(Header).ToList();
            rows = policies.Select(p => (IReadOnlyList<object?>)keys.Select(k => (object?)(ValueText(k, p) ?? "")).ToList()).ToList();
        }
        if (spec.Has("unique"))
            rows = rows.DistinctBy(r => string.Join('\u0001', r.Select(c => c?.ToString())), StringComparer.Ordinal).ToList();
        if (spec.SortColumns.Count > 0)
        {
            foreach (var column in spec.SortColumns)
                if (column >= headers.Count)
                    return CommandResult.Error(ErrorCode.CommandStructure,
                        $"bring.table.sort: column {column} does not exist (columns are numbered from 0 to {headers.Count - 1})");
            IOrderedEnumerable<IReadOnlyList<object?>>? ordered = null;
            foreach (var column in spec.SortColumns)
            {
                var c = column;
                ordered = ordered is null
                    ? rows.OrderBy(r => r[c]?.ToString() ?? "", NumericFirstComparer.Instance)
                    : ordered.ThenBy(r => r[c]?.ToString() ?? "", NumericFirstComparer.Instance);
            }
            rows = ordered!.ToList();
        }
        return CommandResult.Ok(TableFormatter.Format(headers, rows));
    }

    /// <summary>Column title: <c>Policy</c> for a type key, else the attribute capitalised as Python's <c>str.capitalize</c>.</summary>
    private static string Header(PolicyPath key)
    {
        if (key.IsTypeOnly) return "Policy";
        var name = key.Attribute;
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant();
    }

    /// <summary><c>ip:port</c> of a node policy as this node reaches it (<see cref="Policy.AddressFrom"/>).</summary>
    private static string? IpPort(Policy policy, string myExternalIp) => policy.AddressFrom(myExternalIp)?.ToString();

    private static List<Policy> Children(IReadOnlyList<Policy> parents, LedgerState state, bool recursive)
    {
        var ids = parents.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var result = new List<Policy>();
        var added = true;
        while (added)
        {
            added = false;
            foreach (var policy in state.All)
            {
                if (policy.Text("parent") is not { } parent || !ids.Contains(parent) || result.Contains(policy)) continue;
                result.Add(policy);
                if (recursive && ids.Add(policy.Id)) added = true;
            }
        }
        return result;
    }

    private static string PathOf(Policy policy, LedgerState state)
    {
        var names = new List<string> { policy.Name ?? policy.Id };
        var current = policy;
        for (var depth = 0; depth < 32 && current.Text("parent") is { } parent && state.Find(parent) is { } up; depth++)
        {
            names.Add(up.Name ?? up.Id);
            current = up;
        }
        names.Reverse();
        return string.Join('/', names);
    }
}
