using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.Metadata.Policies;

/// <summary>
/// Python's <c>str()</c> of a value loaded by <c>json.loads</c>: dicts <c>{'k': v}</c> in insertion order, lists
/// <c>[a, b]</c>, string repr quoting, <c>True/False/None</c>, ints as written, floats as <c>repr(float)</c>.
/// EdgeLake hashes this text to make policy ids.
/// </summary>
internal static class PythonRepr
{
    public static string Of(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node);
        return builder.ToString();
    }

    public static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("None");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    builder.Append(PythonFormat.StringRepr(key)).Append(": ");
                    Write(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Write(builder, array[i]);
                }
                builder.Append(']');
                break;
            case JsonValue value:
                builder.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => PythonFormat.StringRepr(value.GetValue<string>()),
                    JsonValueKind.True => "True",
                    JsonValueKind.False => "False",
                    JsonValueKind.Number => PyJson.NumberText(value),
                    _ => "None",
                });
                break;
        }
    }
}
