using System.Text;
using System.Text.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// One path of a <c>bring</c> expression: <c>[a][b]</c> walks nested objects (a number walks into a list), and one empty
/// <c>[]</c> iterates the list found there: <c>[readings][][value]</c> is the value of every element of <c>readings</c>,
/// one row each (SPEC §8).
/// </summary>
public sealed class BringPath
{
    private readonly string[] _keys;

    private BringPath(string[] keys, int iterateAt)
    {
        _keys = keys;
        IterateAt = iterateAt;
        Text = string.Concat(keys.Select(k => $"[{k}]"));
    }

    /// <summary>The path as written, <c>[a][][b]</c>.</summary>
    public string Text { get; }

    /// <summary>Index of the <c>[]</c> segment, or -1 when the path selects one value.</summary>
    public int IterateAt { get; }

    public bool Iterates => IterateAt >= 0;

    /// <summary>Parses <c>[a][b]</c> starting at <paramref name="start"/>; returns the index after the last <c>]</c>.</summary>
    public static BringPath Parse(string text, ref int position)
    {
        var keys = new List<string>();
        var iterateAt = -1;
        while (position < text.Length && text[position] == '[')
        {
            var close = text.IndexOf(']', position + 1);
            if (close < 0) throw new MappingException($"'{text}': '[' at position {position} is not closed");
            var key = text[(position + 1)..close].Trim().Trim('"', '\'');
            if (key.Length == 0)
            {
                if (iterateAt >= 0) throw new MappingException($"'{text}': only one '[]' (list iteration) is supported in a path");
                if (keys.Count == 0) throw new MappingException($"'{text}': '[]' needs the key of the list before it, as in [readings][][value]");
                iterateAt = keys.Count;
            }
            keys.Add(key);
            position = close + 1;
        }
        if (keys.Count == 0) throw new MappingException($"'{text}': expected a path such as [key] or [a][b]");
        return new BringPath([.. keys], iterateAt);
    }

    /// <summary>The list this path iterates over (the value before <c>[]</c>), or null when it is missing.</summary>
    public JsonElement? List(JsonElement root) => Walk(root, 0, IterateAt);

    /// <summary>
    /// The value at the path for the row of list element <paramref name="item"/> (the element of the iterated list the
    /// row is made of, null when the list is missing), or null when missing. The caller enumerates the list once:
    /// indexing a list of objects in a <see cref="JsonDocument"/> walks it from the start, which made a large message quadratic.
    /// </summary>
    public JsonElement? Resolve(JsonElement root, JsonElement? item)
    {
        if (!Iterates) return Walk(root, 0, _keys.Length);
        return item is { } element ? Walk(element, IterateAt + 1, _keys.Length) : null;
    }

    private JsonElement? Walk(JsonElement element, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var key = _keys[i];
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (!element.TryGetProperty(key, out element)) return null;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(key, out var item) && item >= 0 && item < element.GetArrayLength())
            {
                element = element[item];
            }
            else
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.Null ? null : element;
    }

    /// <summary>EdgeLake's display of a path in <c>get msg clients</c>: <c>'[a][b]'</c>.</summary>
    public void Describe(StringBuilder builder) => builder.Append('\'').Append(Text).Append('\'');

    public override string ToString() => Text;
}
