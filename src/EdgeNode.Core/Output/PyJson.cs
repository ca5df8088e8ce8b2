using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeNode.Core.Output;

/// <summary>
/// JSON text exactly as Python's <c>json.dumps</c> writes it with default settings: <c>", "</c> and <c>": "</c>
/// separators, non-ASCII escaped as <c>\uXXXX</c>, integers kept as written, other numbers as Python float repr.
/// Used for the ledger file, policies and EdgeLake-compatible JSON replies.
/// </summary>
public static class PyJson
{
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node);
        return builder.ToString();
    }

    public static void Write(StringBuilder builder, JsonNode? node) => Write(builder, node, repr: false);

    /// <summary>
    /// Python's <c>str()</c> of the value <c>json.loads</c> makes of <paramref name="node"/>: <c>{'k': v}</c>, <c>[a, b]</c>,
    /// string repr quoting, <c>True/False/None</c>, ints as written, floats as <c>repr(float)</c> (EdgeLake hashes this text
    /// to make policy ids).
    /// </summary>
    public static string Repr(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node, repr: true);
        return builder.ToString();
    }

    /// <inheritdoc cref="Repr(JsonNode?)"/>
    public static void WriteRepr(StringBuilder builder, JsonNode? node) => Write(builder, node, repr: true);

    private static void Write(StringBuilder builder, JsonNode? node, bool repr)
    {
        switch (node)
        {
            case null:
                builder.Append(repr ? "None" : "null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    WriteText(builder, key, repr);
                    builder.Append(": ");
                    Write(builder, value, repr);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Write(builder, array[i], repr);
                }
                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value, repr);
                break;
        }
    }

    private static void WriteText(StringBuilder builder, string text, bool repr)
    {
        if (repr) builder.Append(PythonFormat.StringRepr(text));
        else WriteString(builder, text);
    }

    private static void WriteValue(StringBuilder builder, JsonValue value, bool repr)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteText(builder, value.GetValue<string>(), repr);
                break;
            case JsonValueKind.True:
                builder.Append(repr ? "True" : "true");
                break;
            case JsonValueKind.False:
                builder.Append(repr ? "False" : "false");
                break;
            case JsonValueKind.Number:
                builder.Append(NumberText(value));
                break;
            default:
                builder.Append(repr ? "None" : "null");
                break;
        }
    }

    /// <summary>An integer stays as written; anything with a fraction or exponent is a Python float.</summary>
    public static string NumberText(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            if (IsIntegerLiteral(raw)) return raw == "-0" ? "0" : raw; // Python's int has no negative zero
            return PythonFormat.FloatRepr(element.GetDouble());
        }
        if (value.TryGetValue<long>(out var l)) return l.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<int>(out var i)) return i.ToString(CultureInfo.InvariantCulture);
        if (value.TryGetValue<double>(out var d)) return PythonFormat.FloatRepr(d);
        if (value.TryGetValue<decimal>(out var m)) return PythonFormat.FloatRepr((double)m);
        if (value.TryGetValue<float>(out var f)) return PythonFormat.FloatRepr(f);
        return value.ToJsonString();
    }

    private static bool IsIntegerLiteral(string raw)
    {
        foreach (var c in raw)
            if (c is '.' or 'e' or 'E') return false;
        return true;
    }

    public static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        WriteString(builder, text);
        return builder.ToString();
    }
}
