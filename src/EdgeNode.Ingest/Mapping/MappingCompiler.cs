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
    /// block gives none. Its blob columns make blobs; those naming a file are read with <paramref name="readFile"/>.
    /// </summary>
    public static MessageMapping FromTopic(MessageTopic topic, JsonElement? policy = null, BlobFileReader? readFile = null)
    {
        if (policy is { } body)
        {
            var fromPolicy = FromPolicy(body, blobs: true, readFile);
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
    /// A column without <c>bring</c> takes its <c>default</c> (<c>now()</c> for the time of ingest). With
    /// <paramref name="blobs"/>, columns marked <c>"blob": true</c> turn their value into a blob (see <see cref="MappedBlob"/>);
    /// without (the operator, whose rows name blobs stored already), they are ordinary columns.
    /// </summary>
    public static MessageMapping FromPolicy(JsonElement policy, bool blobs = false, BlobFileReader? readFile = null)
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
            columns.Add(PolicyColumn(property.Name, property.Value, readings, blobs ? Blob(property.Name, property.Value, readFile) : null));
        return new MessageMapping(PolicyName(policy, "dbms"), PolicyName(policy, "table"), columns);
    }

    private static MappedValue PolicyName(JsonElement policy, string key)
    {
        if (!policy.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String)
            throw new MappingException($"the mapping policy has no '{key}'");
        var text = value.GetString()!;
        return text.TrimStart().StartsWith('[') ? MappedValue.FromBring(BringExpression.Parse(text)) : Name(text, key);
    }

    private static MappedColumn PolicyColumn(string rawName, JsonElement spec, string readings, MappedBlob? blob)
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
        var type = blob is null ? MappedTypes.Parse(typeText, name) : MappedType.Str;
        return new MappedColumn(name, type, value, optional, defaultValue: defaultValue, blob: blob);
    }

    /// <summary>
    /// A blob column (<c>"blob": true</c>) as EdgeLake's image mapping writes it: <c>"hash": "md5"</c> (the only hash),
    /// <c>"extension"</c> the file type, <c>"apply"</c> <c>base64decoding</c>, <c>file</c> (a path on this node) or none.
    /// </summary>
    private static MappedBlob? Blob(string name, JsonElement spec, BlobFileReader? readFile)
    {
        if (spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty("blob", out var flag) || flag.ValueKind != JsonValueKind.True) return null;
        if (spec.TryGetProperty("hash", out var hash) && !(hash.ValueKind == JsonValueKind.String && hash.GetString() == "md5"))
            throw new MappingException($"blob column '{name}': hash {hash.GetRawText()} is not supported (blobs are named by their md5: \"hash\": \"md5\")");
        var extension = spec.TryGetProperty("extension", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()!.TrimStart('.') : "";
        if (extension.Length > 0 && !Blobs.BlobId.IsExtension(extension))
            throw new MappingException($"blob column '{name}': extension '{extension}' must have 1 to 16 letters or digits");
        var apply = spec.TryGetProperty("apply", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
        var source = apply.ToLowerInvariant() switch
        {
            "" => MappedBlobSource.Text,
            "base64decoding" or "base64" => MappedBlobSource.Base64,
            "file" => MappedBlobSource.File,
            _ => throw new MappingException($"blob column '{name}': apply '{apply}' is not supported (base64decoding, file, or none)"),
        };
        return new MappedBlob(source, extension.ToLowerInvariant(), readFile);
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
