using System.Buffers;
using System.Text.Json;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Reads the values of the named top-level columns from one JSON row: strings and numbers (see <see cref="RowValue"/>),
/// booleans as <c>true</c>/<c>false</c>; null and nested values count as missing. Rows as the receivers write them (one
/// flat object, no escapes) take a direct scan; anything else (escapes, nesting, odd spacing) is read by
/// <see cref="Utf8JsonReader"/>. No document is built and no text is made for numbers.
/// </summary>
internal static class RowValues
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>Fills <paramref name="values"/> (one per column); false when the line is not a JSON object.</summary>
    public static bool Read(ReadOnlyMemory<byte> row, byte[][] columns, RowValue[] values)
    {
        Array.Clear(values);
        if (FlatRow.TryRead(row, columns, values)) return true;
        Array.Clear(values);
        var reader = new Utf8JsonReader(row.Span, Options);
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
                        values[column] = RowValue.FromText(reader.GetString()!);
                        break;
                    case JsonTokenType.Number when column >= 0:
                        values[column] = RowValue.FromUtf8(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
                        break;
                    case JsonTokenType.True when column >= 0:
                        values[column] = RowValue.FromText("true");
                        break;
                    case JsonTokenType.False when column >= 0:
                        values[column] = RowValue.FromText("false");
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
