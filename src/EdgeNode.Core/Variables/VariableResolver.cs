using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Variables;

/// <summary>
/// Replaces <c>!var</c> and <c>$ENV</c> references by their values. Undefined references stay as written (a condition such
/// as <c>if !x</c> needs to see them; the where-clause binder reports them). <c>!!var</c> is left for the remote node.
/// Double-quoted text is a literal and is never substituted.
/// </summary>
public sealed class VariableResolver(NodeDictionary dictionary)
{
    public NodeDictionary Dictionary { get; } = dictionary;

    public string? Lookup(in VariableReference reference) =>
        reference.IsEnvironment ? Environment.GetEnvironmentVariable(reference.Name) : Dictionary.Get(reference.Name);

    public bool IsDefined(in VariableReference reference) => Lookup(reference) is not null;

    /// <summary>True when the text contains a sigil we may have to substitute; a cheap check for the hot path.</summary>
    public static bool MayReference(string text) => text.AsSpan().IndexOfAny('!', '$') >= 0;

    /// <summary>
    /// Returns the token with references substituted (or the same token when nothing changes). <paramref name="here"/>: the
    /// command runs on this node, so <c>!!x</c> (meant for the node that runs it) is resolved here too, as EdgeLake does.
    /// </summary>
    public Token Substitute(Token token, bool here = false)
    {
        if (token.Kind is TokenKind.Quoted or TokenKind.SingleQuoted or TokenKind.Operator || !MayReference(token.Text))
            return token;
        string text;
        try
        {
            text = token.Kind == TokenKind.Braces ? SubstituteInJson(token.Text) : SubstituteText(token.Text, here);
        }
        catch (CommandSyntaxException e) when (e.Position == 0)
        {
            // a typed reference (!x.int) whose value does not convert: name the word of the line
            throw new CommandSyntaxException($"{e.Message} ('{token.Text}' at position {token.Position})", token.Position, e.Code);
        }
        return ReferenceEquals(text, token.Text) ? token : token with { Text = text };
    }

    /// <summary>
    /// Substitutes every defined <c>!name</c>/<c>$NAME</c> in free text. Returns the same instance if nothing changed.
    /// <c>!!name</c> is left for the remote node, unless <paramref name="here"/> says the text runs on this node.
    /// </summary>
    public string SubstituteText(string text, bool here = false)
    {
        if (!MayReference(text)) return text;
        StringBuilder? builder = null;
        var copied = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('!' or '$')) continue;
            var start = i;
            if (text[i] == '!' && i > 0 && text[i - 1] == '!') continue; // the second '!' of a !!name seen below
            if (text[i] == '!' && i + 1 < text.Length && text[i + 1] == '!')
            {
                if (!here) continue; // !!name is for the remote node
                i++;
            }
            if (!VariableReference.TryParse(text, i, out var reference))
            {
                i = start;
                continue;
            }
            var value = Lookup(reference);
            if (value is null)
            {
                i = start;
                continue;
            }
            builder ??= new StringBuilder(text.Length + 32);
            builder.Append(text, copied, start - copied).Append(Typed(value, reference.Type));
            i += reference.Length - 1;
            copied = i + 1;
        }
        if (builder is null) return text;
        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// In a JSON group, an unquoted <c>!name</c> becomes a JSON literal (a quoted string unless typed <c>.int/.float/.bool</c>
    /// or already JSON); <c>!name</c> inside a JSON string is kept, so config policies can carry references to resolve later.
    /// </summary>
    public string SubstituteInJson(string json)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '"')
            {
                for (i++; i < json.Length && json[i] != '"'; i++)
                    if (json[i] == '\\') i++;
                continue;
            }
            if (c is not ('!' or '$') || (i + 1 < json.Length && json[i + 1] == '!')) continue;
            if (!VariableReference.TryParse(json, i, out var reference)) continue;
            var value = Lookup(reference);
            if (value is null) continue;
            builder ??= new StringBuilder(json.Length + 32);
            builder.Append(json, copied, i - copied).Append(JsonLiteral(value, reference.Type));
            i += reference.Length - 1;
            copied = i + 1;
        }
        if (builder is null) return json;
        return builder.Append(json, copied, json.Length - copied).ToString();
    }

    /// <summary>Applies a <c>.int/.float/.bool/.str/.name/.len</c> suffix to a value; an impossible conversion is an error.</summary>
    public static string Typed(string value, ValueType type) => type switch
    {
        ValueType.Int => ToLong(value).ToString(CultureInfo.InvariantCulture),
        ValueType.Float => ToDouble(value).ToString("R", CultureInfo.InvariantCulture),
        ValueType.Bool => ToBool(value) ? "true" : "false",
        ValueType.Name => value.Replace(' ', '_').ToLowerInvariant(),
        ValueType.Len => Length(value).ToString(CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary><c>.len</c>: the entries of a JSON list or object, else the characters of the text.</summary>
    private static int Length(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length > 1 && trimmed[0] is '[' or '{')
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                return document.RootElement.ValueKind == JsonValueKind.Array
                    ? document.RootElement.GetArrayLength()
                    : document.RootElement.EnumerateObject().Count();
            }
            catch (JsonException)
            {
                // not JSON: its length as text
            }
        }
        return value.Length;
    }

    private static string JsonLiteral(string value, ValueType type)
    {
        if (type is ValueType.Int or ValueType.Float or ValueType.Bool or ValueType.Len) return Typed(value, type);
        if (type == ValueType.Name) return JsonSerializer.Serialize(Typed(value, type), Output.NodeJsonContext.Default.String);
        var trimmed = value.AsSpan().Trim();
        if (type == ValueType.None && trimmed.Length > 1 && trimmed[0] is '{' or '[' && IsJson(value)) return value;
        return JsonSerializer.Serialize(value, Output.NodeJsonContext.Default.String);
    }

    private static bool IsJson(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static long ToLong(string value)
    {
        if (long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) return number;
        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return (long)real;
        throw new CommandSyntaxException($"value '{value}' is not an int", 0, ErrorCode.WrongOptionType);
    }

    private static double ToDouble(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? real
            : throw new CommandSyntaxException($"value '{value}' is not a float", 0, ErrorCode.WrongOptionType);

    /// <summary><c>.bool</c>: false for empty text and the usual words for false; anything else is true, as in EdgeLake.</summary>
    private static bool ToBool(string value) => value.Trim().ToLowerInvariant() is not ("false" or "0" or "no" or "off" or "");
}
