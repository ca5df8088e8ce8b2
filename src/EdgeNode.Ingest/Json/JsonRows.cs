using System.Text.Json;

namespace EdgeNode.Ingest.Json;

/// <summary>
/// The rows of a data file: JSON objects one after the other (one per line, as files are written, or spread over
/// several lines), or one JSON list of objects. <see cref="ReaderOptions"/> is how every reader of data files reads them.
/// </summary>
internal static class JsonRows
{
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowMultipleValues = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Every row as a JSON element (a copy: the elements outlive the data); throws <see cref="JsonException"/> on bad JSON.</summary>
    public static List<JsonElement> Parse(ReadOnlySpan<byte> data)
    {
        var rows = new List<JsonElement>();
        var reader = new Utf8JsonReader(data, ReaderOptions);
        var inList = false;
        while (reader.Read())
        {
            if (!inList && reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartArray)
            {
                inList = true;
                continue;
            }
            if (inList && reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
            {
                inList = false;
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject) throw NotAnObject(rows.Count + 1, reader.TokenType);
            rows.Add(JsonElement.ParseValue(ref reader));
        }
        return rows;
    }

    public static JsonException NotAnObject(long row, JsonTokenType token) =>
        new($"row {row} is not a JSON object (found {Describe(token)})");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
