using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// The value part of <c>"bring [a][b]"</c>: one or more paths, optionally with literal text between them that is
/// concatenated as written (<c>"bring [metadata][machine] _ [metadata][serial]"</c> gives <c>press_17</c>, as EdgeLake's
/// bring joins its pieces). A single path keeps the JSON type of the value it selects.
/// </summary>
public sealed class BringExpression
{
    private readonly object[] _parts; // BringPath or string literal

    private BringExpression(object[] parts, string text)
    {
        _parts = parts;
        Text = text;
        Paths = parts.OfType<BringPath>().ToArray();
    }

    public string Text { get; }

    public IReadOnlyList<BringPath> Paths { get; }

    /// <summary>The path that decides the rows of a message: the first one that iterates a list, else null.</summary>
    public BringPath? IteratedPath => Paths.FirstOrDefault(p => p.Iterates);

    public bool IsSinglePath => _parts.Length == 1;

    /// <summary>True for text that starts with the word <c>bring</c>.</summary>
    public static bool IsBring(string text) =>
        text.AsSpan().TrimStart().StartsWith("bring", StringComparison.OrdinalIgnoreCase)
        && (text.TrimStart().Length == 5 || char.IsWhiteSpace(text.TrimStart()[5]) || text.TrimStart()[5] == '[');

    /// <summary>Parses <c>bring [a][b] literal [c]</c> (the word <c>bring</c> optional).</summary>
    public static BringExpression Parse(string text)
    {
        var body = text.Trim();
        if (IsBring(body)) body = body[5..].TrimStart();
        if (body.Length == 0) throw new MappingException($"'{text}': 'bring' needs a path such as [key]");
        var parts = new List<object>();
        var position = 0;
        while (position < body.Length)
        {
            if (char.IsWhiteSpace(body[position])) { position++; continue; }
            if (body[position] == '[')
            {
                parts.Add(BringPath.Parse(body, ref position));
                continue;
            }
            var end = body.IndexOf('[', position);
            var literal = (end < 0 ? body[position..] : body[position..end]).Trim();
            parts.Add(literal);
            position = end < 0 ? body.Length : end;
        }
        if (!parts.OfType<BringPath>().Any()) throw new MappingException($"'{text}': 'bring' needs a path such as [key]");
        return new BringExpression([.. parts], text.Trim());
    }

    /// <summary>
    /// The value for the row of list element <paramref name="item"/>: the selected JSON value (single path), or the
    /// concatenated text, or null when a path is missing.
    /// </summary>
    public BroughtValue? Evaluate(JsonElement root, JsonElement? item)
    {
        if (_parts.Length == 1) return ((BringPath)_parts[0]).Resolve(root, item) is { } single ? new BroughtValue(single) : null;
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part is string literal)
            {
                builder.Append(literal);
                continue;
            }
            if (((BringPath)part).Resolve(root, item) is not { } value) return null;
            builder.Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
        }
        return new BroughtValue(builder.ToString());
    }

    /// <summary>EdgeLake's display in <c>get msg clients</c>: the pieces as a Python list, <c>['[a][b]', '_', '[c]']</c>.</summary>
    public string Describe()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < _parts.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            if (_parts[i] is BringPath path) path.Describe(builder);
            else builder.Append('\'').Append(((string)_parts[i]).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
        }
        return builder.Append(']').ToString();
    }

    public override string ToString() => Text;
}

/// <summary>A value brought from a message: a JSON element, or text built from several pieces.</summary>
public readonly struct BroughtValue
{
    public BroughtValue(JsonElement element)
    {
        Element = element;
        Text = null;
    }

    public BroughtValue(string text)
    {
        Element = default;
        Text = text;
    }

    public JsonElement Element { get; }

    /// <summary>Set when the value is text (a literal or a concatenation) rather than a JSON element.</summary>
    public string? Text { get; }

    public bool IsText => Text is not null;

    /// <summary>The value as text: strings unquoted, other JSON values as written.</summary>
    public string AsText() => Text ?? (Element.ValueKind == JsonValueKind.String ? Element.GetString()! : Element.GetRawText());

    public override string ToString() => AsText().ToString(CultureInfo.InvariantCulture);
}
