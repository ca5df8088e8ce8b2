using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

/// <summary>
/// A key into policies as written in <c>where</c> and <c>bring</c>: <c>company</c>, <c>[company]</c>,
/// <c>[operator][ip]</c>, <c>[*][ip]</c>, <c>table[dbms]</c>, <c>[cluster][table][name]</c>. A first segment that
/// names the policy type (or <c>*</c>) selects the type; the rest walk the body, through lists element by element.
/// A key that is only a type (<c>[*]</c>, <c>[operator]</c>) stands for the policy type itself.
/// </summary>
internal sealed class PolicyPath
{
    private PolicyPath(string text, string[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public string[] Segments { get; }

    /// <summary>The attribute name a value is reported under (last segment).</summary>
    public string Attribute => Segments[^1];

    public bool IsTypeOnly => Segments.Length == 1 && Text.StartsWith('[');

    public static bool LooksLikePath(string text) => text.Length > 2 && (text[0] == '[' || (text.Contains('[') && text[^1] == ']'));

    public static PolicyPath Parse(string text, int position)
    {
        var segments = new List<string>();
        var i = 0;
        var open = text.IndexOf('[');
        if (open < 0) return new PolicyPath(text, [text]);
        if (open > 0) segments.Add(text[..open]);
        i = open;
        while (i < text.Length)
        {
            if (text[i] != '[') throw Bad(text, position, $"expected '[' at '{text[i..]}'");
            var close = text.IndexOf(']', i);
            if (close < 0) throw Bad(text, position, "missing ']'");
            var segment = text[(i + 1)..close].Trim().Trim('\'', '"');
            segments.Add(segment);
            i = close + 1;
        }
        if (segments.Count == 0 || segments.Exists(s => s.Length == 0 && segments.Count > 1))
            throw Bad(text, position, "empty key");
        return new PolicyPath(text, segments.ToArray());
    }

    private static CommandSyntaxException Bad(string text, int position, string why) =>
        new($"bad key '{text}' at position {position}: {why}", position);

    /// <summary>
    /// The JSON values the key reaches in a policy (several when it walks through a list); empty when absent. A first
    /// segment equal to the policy type or <c>*</c> is the type; another first segment is an attribute when the body
    /// has it, else the key is for another type and reaches nothing.
    /// </summary>
    public List<JsonNode?> Values(Policy policy)
    {
        var result = new List<JsonNode?>(1);
        var first = Segments[0];
        var isType = first == "*" || first == policy.Type;
        if (IsTypeOnly)
        {
            if (isType) result.Add(JsonValue.Create(policy.Type));
            else if (policy.Body.TryGetPropertyValue(first, out var direct)) result.Add(direct);
            return result;
        }
        if (Segments.Length > 1 && isType) Walk(policy.Body, 1, result);
        else if (Segments.Length == 1 || policy.Body.ContainsKey(first)) Walk(policy.Body, 0, result);
        return result;
    }

    private void Walk(JsonNode? node, int index, List<JsonNode?> result)
    {
        if (index == Segments.Length)
        {
            result.Add(node);
            return;
        }
        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue(Segments[index], out var child):
                Walk(child, index + 1, result);
                break;
            case JsonArray array:
                foreach (var item in array) Walk(item, index, result);
                break;
        }
    }

    public override string ToString() => Text;
}
