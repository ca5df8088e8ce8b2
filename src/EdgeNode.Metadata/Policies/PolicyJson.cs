using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeNode.Metadata.Policies;

/// <summary>
/// Reads JSON into fully built <see cref="JsonNode"/> trees with Python's <c>json.loads</c> semantics: a repeated key
/// keeps its first position and takes the last value, integers stay integers (64-bit, larger ones keep their text),
/// numbers with a fraction or exponent are floats. Fully built trees (no lazy parts) are safe to read from many threads.
/// </summary>
internal static class PolicyJson
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>Parses one JSON value; false with a message naming the offset of the problem.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonNode? node, out string error)
    {
        node = null;
        error = "";
        try
        {
            var reader = new Utf8JsonReader(utf8, Options);
            if (!reader.Read())
            {
                error = "empty text";
                return false;
            }
            node = ReadValue(ref reader);
            if (reader.Read())
            {
                error = $"unexpected text after the JSON value at offset {reader.TokenStartIndex}";
                node = null;
                return false;
            }
            return true;
        }
        catch (JsonException e)
        {
            error = $"invalid JSON at offset {e.BytePositionInLine}: {FirstSentence(e.Message)}";
            return false;
        }
    }

    /// <summary>
    /// Parses a policy written by a user: strict JSON first, then, as EdgeLake does, the same text with single quotes
    /// turned into double quotes (policies typed with Python-style quotes).
    /// </summary>
    public static bool TryParseObject(string text, out JsonObject? obj, out string error)
    {
        obj = null;
        if (TryParse(Encoding.UTF8.GetBytes(text.Trim()), out var node, out error) && node is JsonObject parsed)
        {
            obj = parsed;
            return true;
        }
        var first = error;
        if (node is not null && node is not JsonObject)
        {
            error = "the policy is not a JSON object";
            return false;
        }
        if (text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal)
            && TryParse(Encoding.UTF8.GetBytes(text.Trim().Replace('\'', '"')), out node, out _) && node is JsonObject relaxed)
        {
            obj = relaxed;
            error = "";
            return true;
        }
        error = first;
        return false;
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    var value = ReadValue(ref reader);
                    if (obj.ContainsKey(key)) obj[key] = value; // Python: first position, last value
                    else obj.Add(key, value);
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) array.Add(ReadValue(ref reader));
                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString()!);
            case JsonTokenType.Number:
                return Number(ref reader);
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    private static JsonValue Number(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0) return JsonValue.Create(reader.GetDouble());
        if (reader.TryGetInt64(out var integer)) return JsonValue.Create(integer);
        // an integer beyond 64 bits: Python keeps it exact, so keep its text
        using var document = JsonDocument.Parse(raw.ToArray());
        return JsonValue.Create(document.RootElement.Clone())!;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
