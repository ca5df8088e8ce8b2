using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.Core.Variables;

/// <summary>
/// <c>x[key] = value</c> and <c>x[a][b] = value</c>: sets a key inside the JSON object held by the variable <c>x</c>
/// (created when missing), as EdgeLake's monitoring scripts do (<c>node_insight[timestamp] = get datetime local now()</c>).
/// Numbers and booleans typed with <c>.int</c>, <c>.float</c>, <c>.bool</c> are stored as JSON values; JSON objects and
/// lists as JSON; anything else as a string.
/// </summary>
public static class KeyedAssignment
{
    /// <summary>Splits <c>name[a][b c]</c> into the variable name and its keys; false when the word is not of that form.</summary>
    public static bool TryParse(string word, out string variable, out List<string> keys)
    {
        variable = "";
        keys = [];
        var open = word.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || word[^1] != ']' || word.EndsWith("[]", StringComparison.Ordinal)) return false;
        variable = word[..open];
        var i = open;
        while (i < word.Length)
        {
            if (word[i] != '[') return false;
            var close = word.IndexOf(']', i + 1);
            if (close < 0) return false;
            var key = word[(i + 1)..close].Trim().Trim('"', '\'');
            if (key.Length == 0) return false;
            keys.Add(key);
            i = close + 1;
        }
        return keys.Count > 0;
    }

    /// <summary>The variable's new JSON text: <paramref name="existing"/> (or <c>{}</c>) with <paramref name="value"/> set at <paramref name="keys"/>.</summary>
    public static string Set(string? existing, IReadOnlyList<string> keys, string value, ValueType type)
    {
        var root = Parse(existing) as JsonObject ?? new JsonObject();
        var target = root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            if (target[keys[i]] is not JsonObject next)
            {
                next = new JsonObject();
                target[keys[i]] = next;
            }
            target = next;
        }
        target[keys[^1]] = Value(value, type);
        return PyJson.Serialize(root);
    }

    private static JsonNode? Value(string value, ValueType type)
    {
        switch (type)
        {
            case ValueType.Int when long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                return JsonValue.Create(integer);
            case ValueType.Int when double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var truncated):
                return JsonValue.Create((long)truncated);
            case ValueType.Float when double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real):
                return JsonValue.Create(real);
            case ValueType.Bool:
                return JsonValue.Create(value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        var trimmed = value.Trim();
        if (trimmed.Length >= 2 && trimmed[0] == '\'' && trimmed[^1] == '\'') return JsonValue.Create(trimmed[1..^1]);
        if (trimmed.StartsWith('{') || trimmed.StartsWith('[')) return Parse(trimmed) ?? JsonValue.Create(value);
        return JsonValue.Create(value);
    }

    private static JsonNode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
