using System.Text.Json;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// Builds a <see cref="MessageMapping"/> from what users write: a <c>run msg client</c> topic block, or a mapping policy
/// (<c>{"mapping": {"dbms", "table", "readings", "schema": {col: {type, bring, default, optional, root}}}}</c>, used by
/// the operator for files whose <c>instructions</c> name a policy). Errors are <see cref="MappingException"/>s that
/// say which part is wrong.
/// </summary>
public static class MappingCompiler
{
    /// <summary>
    /// Compiles a topic block. <paramref name="policy"/> is the body of the mapping policy the block names with
    /// <c>policy = id</c> (null when it names none); its columns replace the block's, its dbms/table apply where the
    /// block gives none.
    /// </summary>
    public static MessageMapping FromTopic(MessageTopic topic, JsonElement? policy = null)
    {
        if (policy is { } body)
        {
            var fromPolicy = FromPolicy(body);
            return new MessageMapping(
                topic.Dbms is null ? fromPolicy.Dbms : Name(topic.Dbms, "dbms"),
                topic.Table is null ? fromPolicy.Table : Name(topic.Table, "table"),
                fromPolicy.Columns);
        }
        var dbms = topic.Dbms ?? throw new MappingException($"topic '{topic.Name}': 'dbms' is missing (a name or \"bring [key]\")");
        var table = topic.Table ?? throw new MappingException($"topic '{topic.Name}': 'table' is missing (a name or \"bring [key]\")");
        var columns = topic.Columns.Select(Column).ToList();
        return new MessageMapping(Name(dbms, "dbms"), Name(table, "table"), columns);
    }

    private static MappedColumn Column(MessageColumn column)
    {
        var name = ColumnNames.Normalize(column.Name);
        var value = MappedValue.Parse(column.Value);
        if (BringExpression.IsBring(column.Type))
            return new MappedColumn(name, MappedType.Str, value, column.Optional, MappedValue.Parse(column.Type));
        return new MappedColumn(name, MappedTypes.Parse(column.Type, name), value, column.Optional);
    }

    private static MappedValue Name(string text, string what)
    {
        var value = MappedValue.Parse(text);
        if (value.IsNow) throw new MappingException($"{what} = {text}: expected a name or \"bring [key]\"");
        if (!value.IsLiteral) return value;
        var name = ColumnNames.Normalize(text.Trim());
        return name is "" or "_" ? throw new MappingException($"{what}: the name is empty") : MappedValue.Literal(name);
    }

    /// <summary>
    /// Compiles the body of a mapping policy. <c>readings</c> names the list whose elements are the rows: the columns'
    /// <c>bring</c> paths are read inside each element, except columns marked <c>"root": true</c>, read on the message.
    /// A column without <c>bring</c> takes its <c>default</c> (<c>now()</c> for the time of ingest).
    /// </summary>
    public static MessageMapping FromPolicy(JsonElement policy)
    {
        if (policy.ValueKind == JsonValueKind.Object && policy.TryGetProperty("mapping", out var inner)) policy = inner;
        if (policy.ValueKind != JsonValueKind.Object) throw new MappingException("the mapping policy is not a JSON object");
        var readings = policy.TryGetProperty("readings", out var r) && r.ValueKind == JsonValueKind.String && r.GetString()!.Length > 0
            ? "[" + r.GetString()!.Trim('[', ']') + "][]"
            : "";
        if (!policy.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
            throw new MappingException("the mapping policy has no 'schema' object");
        var columns = new List<MappedColumn>();
        foreach (var property in schema.EnumerateObject())
            columns.Add(PolicyColumn(property.Name, property.Value, readings));
        return new MessageMapping(PolicyName(policy, "dbms"), PolicyName(policy, "table"), columns);
    }

    private static MappedValue PolicyName(JsonElement policy, string key)
    {
        if (!policy.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String)
            throw new MappingException($"the mapping policy has no '{key}'");
        var text = value.GetString()!;
        return text.TrimStart().StartsWith('[') ? MappedValue.FromBring(BringExpression.Parse(text)) : Name(text, key);
    }

    private static MappedColumn PolicyColumn(string rawName, JsonElement spec, string readings)
    {
        var name = ColumnNames.Normalize(rawName);
        if (spec.ValueKind != JsonValueKind.Object) throw new MappingException($"column '{name}': expected an object with type and bring");
        var typeText = spec.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "str";
        var optional = spec.TryGetProperty("optional", out var o) && o.ValueKind == JsonValueKind.True;
        var root = spec.TryGetProperty("root", out var rt) && rt.ValueKind == JsonValueKind.True;
        string? defaultValue = spec.TryGetProperty("default", out var d) && d.ValueKind != JsonValueKind.Null
            ? d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()
            : null;
        MappedValue value;
        if (spec.TryGetProperty("bring", out var bring) && bring.ValueKind == JsonValueKind.String && bring.GetString()!.Trim().Length > 0)
        {
            var expression = bring.GetString()!.Trim();
            // inside readings, every path is relative to the element: [value] becomes [readings][][value]
            if (readings.Length > 0 && !root) expression = string.Join("", Prefix(expression, readings));
            value = MappedValue.FromBring(BringExpression.Parse(expression));
        }
        else if (defaultValue is not null)
        {
            value = MappedValue.Parse(defaultValue);
            defaultValue = null;
        }
        else
        {
            throw new MappingException($"column '{name}': needs 'bring' or 'default'");
        }
        var type = MappedTypes.Parse(typeText, name);
        return new MappedColumn(name, type, value, optional, defaultValue: defaultValue);
    }

    private static IEnumerable<string> Prefix(string expression, string readings)
    {
        var position = 0;
        while (position < expression.Length)
        {
            if (expression[position] != '[')
            {
                var next = expression.IndexOf('[', position);
                var end = next < 0 ? expression.Length : next;
                yield return expression[position..end];
                position = end;
                continue;
            }
            var start = position;
            BringPath.Parse(expression, ref position);
            yield return readings + expression[start..position];
        }
    }
}
