using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Reads the values of the named top-level columns from one JSON row: strings as their text, numbers and booleans as
/// written, null and nested values as missing. One forward pass with <see cref="Utf8JsonReader"/>, no document built.
/// </summary>
internal static class RowValues
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>Fills <paramref name="values"/> (one per column); false when the line is not a JSON object.</summary>
    public static bool Read(ReadOnlySpan<byte> row, byte[][] columns, string?[] values)
    {
        Array.Clear(values);
        var reader = new Utf8JsonReader(row, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = -1;
                for (var i = 0; i < columns.Length; i++)
                {
                    if (reader.ValueTextEquals(columns[i]))
                    {
                        column = i;
                        break;
                    }
                }
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        reader.Skip();
                        break;
                    case JsonTokenType.String when column >= 0:
                        values[column] = reader.GetString();
                        break;
                    case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False when column >= 0:
                        values[column] = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                        break;
                }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
