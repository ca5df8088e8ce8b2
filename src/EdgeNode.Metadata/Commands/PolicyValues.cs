using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Commands;

/// <summary>Turns the text of a command value into a policy attribute value: integers and booleans where policies hold them, JSON groups as JSON.</summary>
internal static class PolicyValues
{
    /// <summary>The JSON value for <paramref name="attribute"/>: port-like attributes as integers, <c>main</c> as a boolean, <c>{..}</c>/<c>[..]</c> as JSON, else text.</summary>
    public static JsonNode? For(string attribute, string text, bool quoted)
    {
        if (!quoted)
        {
            if (NodeTypes.IsIntegerAttribute(attribute) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                return JsonValue.Create(number);
            if (NodeTypes.IsBooleanAttribute(attribute) && text.ToLowerInvariant() is "true" or "false")
                return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
            if (Json(text) is { } json) return json;
        }
        return JsonValue.Create(text);
    }

    /// <summary>The value as JSON when it is a JSON object or list; null otherwise.</summary>
    public static JsonNode? Json(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || !((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'))) return null;
        return PolicyJson.TryParse(Encoding.UTF8.GetBytes(trimmed), out var node, out _) ? node : null;
    }
}
